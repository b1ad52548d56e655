import re
import unicodedata
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.base.models.res_bank import sanitize_account_number

from .svk_lease import structured_communication

# a structured communication, with or without its +++ and slashes, also inside free text
STRUCTURED_RE = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")
MAX_CANDIDATES = 8


def structured_references(text):
    """The valid Belgian structured communications a bank communication contains,
    formatted as the leases keep them (+++123/4567/89002+++)."""
    found = []
    for match in STRUCTURED_RE.finditer(text or ""):
        digits = "".join(match.groups())
        if int(digits[:10]) % 97 == int(digits[10:]) % 97:  # 97 stands for 0
            found.append(structured_communication(int(digits[:10])))
    return found


def name_key(name):
    """A person's name as banks write it: no accents, case, punctuation or word order."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(sorted(re.findall(r"[a-z0-9]+", text.lower())))


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    svk_lease_id = fields.Many2one(
        "svk.lease",
        string="Paid on lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The lease this payment was applied to by the rent rules.",
    )
    svk_candidate_lease_ids = fields.Many2many(
        "svk.lease",
        "account_bank_statement_line_svk_candidate_rel",
        "statement_line_id",
        "lease_id",
        string="Candidate leases",
        readonly=True,
        copy=False,
        help="Leases this payment may be for (by the payer's bank account, name or the "
        "amount), when no rule could apply it on its own.",
    )

    # ------------------------------------------------------------------ automatic
    def _auto_reconcile(self):
        """Rent first, for a whole statement at once: payments naming a lease's
        structured communication, then payments without one from a bank account that
        belongs to exactly one tenant (or third payer). What is left goes through the
        standard reconciliation models, which never see rent documents (see
        account.reconcile.model)."""
        handled = self.browse()
        for company, lines in (
            self.filtered(lambda line: not line.is_reconciled).grouped("company_id").items()
        ):
            if self.env["account.reconcile.model"]._svk_lease_model(company):
                handled |= lines._svk_match_rent(company)
        return super(AccountBankStatementLine, self - handled)._auto_reconcile()

    def _svk_match_rent(self, company):
        """Apply the rent payments among `self` (lines of one company); return the lines
        applied. Lines it cannot apply get their candidate leases."""
        Lease = self.env["svk.lease"]
        lines = self.filtered(lambda line: line.currency_id.compare_amounts(line.amount, 0) > 0)
        if not lines:
            return self.browse()
        references = {line: structured_references(line.payment_ref) for line in lines}
        wanted = {ref for refs in references.values() for ref in refs}
        by_reference = {}
        if wanted:
            for lease in Lease.search(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("payment_reference", "in", list(wanted)),
                    ("third_payer_payment_reference", "in", list(wanted)),
                ]
            ):
                by_reference[lease.payment_reference] = (lease, lease.tenant_id, "tenant")
                if lease.third_payer_payment_reference:
                    by_reference[lease.third_payer_payment_reference] = (
                        lease,
                        lease.third_payer_id,
                        "third_payer",
                    )
        # {line: (leases, partner, kind)}
        targets = {}
        for line in lines:
            for ref in references[line]:
                if ref in by_reference:
                    lease, partner, kind = by_reference[ref]
                    targets[line] = (lease, partner, kind)
                    break
        # no communication naming a lease: the payer's bank account, if it is one person's
        unmatched = lines.filtered(lambda line: line not in targets)
        payers = unmatched._svk_payers_by_account(company)
        for line in unmatched:
            found = payers.get(sanitize_account_number(line.account_number or ""), {})
            if len(found) == 1:
                ((partner, kind),) = found.keys()
                targets[line] = (found[partner, kind], partner, kind)
        applied = self.browse()
        if targets:
            applied = self._svk_apply(targets)
        (lines - applied)._svk_propose_candidates(company, payers)
        return applied

    def _svk_payers_by_account(self, company):
        """{sanitized account number: {(partner, kind): leases}} for the payers' bank
        accounts of these lines that belong to tenants or third payers of `company`."""
        numbers = {
            sanitize_account_number(line.account_number)
            for line in self
            if line.account_number and sanitize_account_number(line.account_number)
        }
        if not numbers:
            return {}
        banks = (
            self.env["res.partner.bank"]
            .sudo()
            .search(
                [
                    ("sanitized_acc_number", "in", list(numbers)),
                    ("company_id", "in", (company.id, False)),
                ]
            )
        )
        if not banks:
            return {}
        partners = banks.partner_id.commercial_partner_id | banks.partner_id
        leases = self.env["svk.lease"].search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "draft"),
                "|",
                ("tenant_id", "in", partners.ids),
                ("third_payer_id", "in", partners.ids),
            ]
        )
        result = defaultdict(lambda: defaultdict(lambda: self.env["svk.lease"]))
        for bank in banks:
            holder = bank.partner_id
            for lease in leases:
                if lease.tenant_id in (holder, holder.commercial_partner_id):
                    result[bank.sanitized_acc_number][lease.tenant_id, "tenant"] |= lease
                if lease.third_payer_id in (holder, holder.commercial_partner_id):
                    result[bank.sanitized_acc_number][lease.third_payer_id, "third_payer"] |= lease
        return result

    def _svk_apply(self, targets):
        """Apply each line of `targets` {line: (leases, partner, kind)}: it pays the
        open rent documents of the leases due by that partner, the oldest first, the
        last one partly; what is left stays on the partner's receivable as a payment in
        advance on the lease (the most recent one), to settle the next invoices."""
        AML = self.env["account.move.line"]
        all_leases = self.env["svk.lease"].union(*(leases for leases, _p, _k in targets.values()))
        open_lines = AML.search(
            [
                *AML._svk_open_receivable_domain(),
                ("svk_lease_id", "in", all_leases.ids),
                ("amount_residual", ">", 0),
            ],
            order="date_maturity, id",
        )
        owed = defaultdict(list)
        for aml in open_lines:
            owed[
                aml.partner_id.commercial_partner_id, aml.move_id.svk_kind, aml.svk_lease_id
            ].append(aml)
        used = defaultdict(float)  # what earlier lines of the statement already took
        plan = []
        applied = self.browse()
        for line, (leases, partner, kind) in targets.items():
            currency = line.company_id.currency_id
            partner = partner.commercial_partner_id
            remaining = line.amount
            counterparts = []
            items = sorted(
                (aml for lease in leases for aml in owed[partner, kind, lease]),
                key=lambda aml: (aml.date_maturity or aml.date, aml.id),
            )
            for aml in items:
                if currency.compare_amounts(remaining, 0) <= 0:
                    break
                residual = currency.round(aml.amount_residual - used[aml.id])
                if currency.compare_amounts(residual, 0) <= 0:
                    continue
                paid = min(residual, remaining)
                used[aml.id] += paid
                remaining = currency.round(remaining - paid)
                counterparts.append((aml, paid))
            advance_lease = leases.sorted(lambda lease: (lease.date_start, lease.id))[-1:]
            new_lines = line._svk_write_counterparts(
                partner, counterparts, remaining, advance_lease
            )
            for (aml, _paid), new_line in zip(counterparts, new_lines, strict=False):
                plan.append(aml | new_line)
            line.svk_lease_id = advance_lease
            applied |= line
        if plan:
            AML._reconcile_plan(plan)
        return applied

    def _svk_write_counterparts(self, partner, counterparts, advance, lease):
        """Replace the line's suspense entry by what it pays: a receivable line per open
        item, and the rest as a payment in advance on `lease`."""
        self.ensure_one()
        receivable = partner.with_company(self.company_id).property_account_receivable_id
        currency = self.company_id.currency_id
        _liquidity, suspense, other = self._seek_for_lines()
        label = self.payment_ref or self.name
        commands = [Command.delete(aml.id) for aml in suspense | other]
        vals_list = [
            {
                "account_id": aml.account_id.id,
                "partner_id": partner.id,
                "balance": -paid,
                "amount_currency": -paid,
                "currency_id": currency.id,
                "name": label,
                "svk_lease_id": aml.svk_lease_id.id,
            }
            for aml, paid in counterparts
        ]
        if currency.compare_amounts(advance, 0) > 0:
            vals_list.append(
                {
                    "account_id": receivable.id,
                    "partner_id": partner.id,
                    "balance": -advance,
                    "amount_currency": -advance,
                    "currency_id": currency.id,
                    "name": self.env._("Paid in advance: %(label)s", label=label),
                    "svk_lease_id": lease.id,
                }
            )
        commands += [Command.create(vals) for vals in vals_list]
        commands += [
            Command.update(liquidity.id, {"partner_id": partner.id}) for liquidity in _liquidity
        ]
        move = self.move_id
        before = move.line_ids
        with move._check_balanced({"records": move, "self": move}):
            move.with_context(
                skip_account_move_synchronization=True,
                force_delete=True,
                skip_invoice_sync=True,
                skip_readonly_check=True,
                check_move_validity=False,
            ).write({"line_ids": commands, "partner_id": partner.id})
        created = (move.line_ids - before).sorted("id")
        return created

    def _svk_propose_candidates(self, company, payers=None):
        """The leases each waiting line may be for: the leases of the payer's bank
        account, of a tenant of that name, or with an open invoice of that amount."""
        if not self:
            return
        payers = payers if payers is not None else self._svk_payers_by_account(company)
        leases = self.env["svk.lease"].search(
            [("company_id", "=", company.id), ("state", "in", ("active", "notice", "ended"))]
        )
        by_name = defaultdict(lambda: self.env["svk.lease"])
        for lease in leases:
            by_name[name_key(lease.tenant_id.name)] |= lease
            if lease.third_payer_id:
                by_name[name_key(lease.third_payer_id.name)] |= lease
        AML = self.env["account.move.line"]
        by_amount = defaultdict(lambda: self.env["svk.lease"])
        amounts = {line.currency_id.round(line.amount) for line in self}
        for lease, residual in AML._read_group(
            [
                *AML._svk_open_receivable_domain(),
                ("company_id", "=", company.id),
                ("amount_residual", "in", list(amounts)),
            ],
            ["svk_lease_id", "amount_residual"],
        ):
            by_amount[round(residual, 2)] |= lease
        for line in self:
            found = self.env["svk.lease"]
            for _holder, holder_leases in payers.get(
                sanitize_account_number(line.account_number or ""), {}
            ).items():
                found |= holder_leases
            found |= by_name.get(name_key(line.partner_name), self.env["svk.lease"])
            found |= by_amount.get(round(line.amount, 2), self.env["svk.lease"])
            line.svk_candidate_lease_ids = [Command.set(found[:MAX_CANDIDATES].ids)]

    # -------------------------------------------------------------------- manual
    def action_svk_apply_lease(self, lease_id, third_payer=False):
        """A person chose the lease this payment is for (from the candidates, or any
        lease): apply it as the rules would, and remember the payer's bank account as
        the tenant's (or third payer's), so that their next payment applies itself."""
        self.ensure_one()
        lease = self.env["svk.lease"].browse(lease_id).exists()
        if not lease or lease.company_id != self.company_id:
            raise UserError(
                self.env._("Choose a lease of %(company)s.", company=self.company_id.name)
            )
        if self.is_reconciled:
            raise UserError(self.env._("This bank line is already reconciled."))
        if self.currency_id.compare_amounts(self.amount, 0) <= 0:
            raise UserError(self.env._("Only a payment received can be applied to a lease."))
        partner, kind = (
            (lease.third_payer_id, "third_payer") if third_payer else (lease.tenant_id, "tenant")
        )
        self._svk_apply({self: (lease, partner, kind)})
        self._svk_remember_account(partner)
        self.svk_candidate_lease_ids = [Command.clear()]
        return True

    def reconcile_bank_line(self):
        """Reconciled by hand in the reconciliation screen: remember who pays from this
        bank account, when it is a tenant or third payer."""
        res = super().reconcile_bank_line()
        for line in self:
            partners = line.line_ids.filtered(
                lambda aml: aml.account_type == "asset_receivable"
            ).partner_id.commercial_partner_id
            if len(partners) == 1 and self.env["svk.lease"].search_count(
                [
                    ("company_id", "=", line.company_id.id),
                    "|",
                    ("tenant_id", "=", partners.id),
                    ("third_payer_id", "=", partners.id),
                ],
                limit=1,
            ):
                line._svk_remember_account(partners)
        return res

    def _svk_remember_account(self, partner):
        self.ensure_one()
        number = sanitize_account_number(self.account_number or "")
        if not number:
            return
        Bank = self.env["res.partner.bank"].sudo().with_context(active_test=False)
        if Bank.search_count(
            [("sanitized_acc_number", "=", number), ("partner_id", "=", partner.id)]
        ):
            return
        Bank.create({"acc_number": self.account_number, "partner_id": partner.id})
        # told on the tenant's record, by whoever applied the payment (staff who reconcile
        # may not edit contacts)
        partner.sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self.env._(
                "Bank account %(account)s remembered: it paid the rent of %(lease)s.",
                account=self.account_number,
                lease=self.svk_lease_id.display_name or partner.display_name,
            ),
        )
