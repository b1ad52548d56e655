"""Build CODA (Febelfin v2) bank statement files for the tests: the format Belgian banks
deliver, read by the OCA importer (account_statement_import_coda, pycoda)."""


def _line(text):
    assert len(text) <= 128, (len(text), text)
    return text.ljust(128)


def _amount(value):
    return f"{round(abs(value) * 1000):015d}"


def coda_file(iban, holder, day, movements, old_balance=0.0, sequence=1):
    """A CODA file for account `iban` on `day` with `movements`:
    [(amount, structured 12 digits or None, free text, counterparty iban, name)]."""
    ddmmyy = f"{day:%d%m%y}"
    lines = [
        _line(
            f"00000{ddmmyy}00005 {' ' * 7}{'SVKTEST':<10}{holder[:26]:<26}{'GEBABEBB':<11}{'00000000000'} 00000{' ' * 16}{' ' * 16}{' ' * 7}2"
        ),
        _line(
            f"12{sequence:03d}{iban:<16}{' ' * 18}EUR{'0' if old_balance >= 0 else '1'}{_amount(old_balance)}"
            f"{ddmmyy}{holder[:26]:<26}{'Current account':<35}{sequence:03d}"
        ),
    ]
    balance = old_balance
    for index, (amount, structured, free, counterparty, name) in enumerate(movements, start=1):
        balance += amount
        sign = "0" if amount >= 0 else "1"
        if structured:
            communication = f"1101{structured:<12}".ljust(54)
        else:
            communication = f"0{free:<53}"[:54]
        lines.append(
            _line(
                f"21{index:04d}0000{f'REF{index:018d}'}{sign}{_amount(amount)}{ddmmyy}"
                f"00150000{communication}{ddmmyy}{sequence:03d}01 0"
            )
        )
        lines.append(_line(f"23{index:04d}0000{counterparty:<34}EUR{name[:35]:<35}{' ' * 43}0 0"))
    lines.append(
        _line(
            f"8{sequence:03d}{iban:<16}{' ' * 21}{'0' if balance >= 0 else '1'}{_amount(balance)}{ddmmyy}"
        )
    )
    lines.append(
        _line(
            f"9{' ' * 15}{len(lines) - 1:06d}{_amount(0)}{_amount(sum(m[0] for m in movements))}{' ' * 75}2"
        )
    )
    return "\n".join(lines).encode("latin-1") + b"\n"


def ogm_digits(reference):
    """+++123/4567/89002+++ -> 123456789002"""
    return "".join(ch for ch in reference if ch.isdigit())
