"""Valid Belgian codes for the demo agency: bank accounts (IBAN) and meters (EAN)."""

BANK_CODES = ["001", "068", "063", "310", "363", "651", "733", "979", "143", "000"]


def belgian_iban(rng):
    """A valid Belgian IBAN: bank code + account number, mod-97 checked twice."""
    base = f"{rng.choice(BANK_CODES)}{rng.randrange(10**7):07d}"
    national = base + f"{int(base) % 97 or 97:02d}"
    check = 98 - int(national + "111400") % 97  # B=11, E=14, then "00"
    return f"BE{check:02d}{national}"


def gs1_ean18(serial):
    """An 18-digit EAN code of the Belgian grid (541...) with its GS1 check digit."""
    body = f"5414{serial:013d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)
