import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare
from odoo.tools.misc import remove_accents

from odoo.addons.account.tools import is_valid_structured_reference_be
from odoo.addons.base.models.res_bank import sanitize_account_number

from ..rules import structured_communication

# a structured communication, with or without its +++ and slashes, also inside free text
STRUCTURED_RE = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")
MAX_CANDIDATES = 8


def structured_references(text):
    """The valid Belgian structured communications a bank communication contains,
    formatted as the leases keep them (+++123/4567/89002+++)."""
    found = []
    for match in STRUCTURED_RE.finditer(text or ""):
        digits = "".join(match.groups())
        if is_valid_structured_reference_be(digits):
            found.append(structured_communication(int(digits[:10])))
    return found


def name_key(name):
    """A person's name as banks write it: no accents, case, punctuation or word order."""
    # letters without an ASCII form (ß, ø) are dropped, not split on
    text = remove_accents(name or "").encode("ascii", "ignore").decode()
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
    @api.model_create_multi
    def create(self, vals_list):
        """Rent first, for a whole statement at once, as its lines are created: a
        payment naming a lease's structured communication (also typed in free text), or
        without one from a bank account that belongs to exactly one tenant (or third
        payer), is booked straight on that person's receivable and reconciled with the
        lease's open rent documents, the oldest first; what is left over stays there as
        a payment in advance. The other lines go through the standard reconciliation
        models (account_reconcile_oca), which never see rent documents (see
        account.reconcile.model); those that still wait get their candidate leases."""
        targets = self._svk_rent_targets(vals_list)
        owed = self._svk_owed(targets.values())
        for index, (leases, partner, kind) in targets.items():
            vals = vals_list[index]
            company = self.env["account.journal"].browse(vals["journal_id"]).company_id
            # on the account of what it pays (a tenant's receivable account may have
            # changed since), else the partner's
            debts = owed.get((partner.commercial_partner_id, kind, leases))
            account = (
                debts[:1].account_id
                if debts
                else partner.with_company(company).property_account_receivable_id
            )
            vals.update(
                partner_id=partner.id,
                counterpart_account_id=account.id,
                svk_lease_id=leases.sorted(lambda lease: (lease.date_start, lease.id))[-1:].id,
            )
        lines = super().create(vals_list)
        if targets:
            self._svk_reconcile_rent({lines[index]: target for index, target in targets.items()})
        waiting = lines.filtered(
            lambda line: (
                not line.is_reconciled
                and line.currency_id.compare_amounts(line.amount, 0) > 0
                and self.env["account.reconcile.model"]._svk_lease_model(line.company_id)
            )
        )
        for company, company_lines in waiting.grouped("company_id").items():
            company_lines._svk_propose_candidates(company)
        return lines

    @api.model
    def _svk_rent_targets(self, vals_list):
        """{index in vals_list: (leases, partner, kind)} of the new bank lines the rent
        rules apply: one query for all the communications, one for the bank accounts."""
        Journal = self.env["account.journal"]
        by_company = defaultdict(list)
        for index, vals in enumerate(vals_list):
            if not vals.get("journal_id") and vals.get("statement_id"):
                statement = self.env["account.bank.statement"].browse(vals["statement_id"])
                vals["journal_id"] = statement.journal_id.id
            journal = Journal.browse(vals.get("journal_id"))
            amount = vals.get("amount") or 0.0
            if (
                not journal
                or vals.get("counterpart_account_id")
                or vals.get("line_ids")
                or vals.get("foreign_currency_id")
                or amount <= 0
            ):
                continue
            by_company[journal.company_id].append(index)
        targets = {}
        for company, indexes in by_company.items():
            if not self.env["account.reconcile.model"]._svk_lease_model(company):
                continue
            targets.update(
                self._svk_match(
                    company,
                    {
                        index: (
                            vals_list[index].get("payment_ref"),
                            vals_list[index].get("account_number"),
                            vals_list[index].get("amount"),
                        )
                        for index in indexes
                    },
                )
            )
        return targets

    @api.model
    def _svk_match(self, company, payments):
        """{key: (leases, partner, kind)} for `payments` {key: (communication, payer's
        account number, amount)} of `company` that the rent rules apply."""
        targets = self._svk_match_by_reference(
            company, {key: text for key, (text, _acc, _amount) in payments.items()}
        )
        targets = self._svk_with_tenants_leases(company, targets)
        # no communication naming a lease: the payer's bank account, if it is one person's
        rest = {
            key: (acc, amount)
            for key, (_text, acc, amount) in payments.items()
            if key not in targets
        }
        targets.update(self._svk_match_by_account(company, rest))
        return targets

    @api.model
    def _svk_match_by_reference(self, company, texts):
        """{key: (lease, partner, kind)} for the communications `texts` {key: text} that
        hold a lease's structured reference, the tenant's or the third payer's."""
        Lease = self.env["svk.lease"]
        references = {key: structured_references(text) for key, text in texts.items()}
        wanted = list({ref for refs in references.values() for ref in refs})
        by_reference = {}
        if wanted:
            for lease in Lease.search(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("payment_reference", "in", wanted),
                    ("third_payer_payment_reference", "in", wanted),
                ]
            ):
                by_reference[lease.payment_reference] = (lease, lease.tenant_id, "tenant")
                if lease.third_payer_id and lease.third_payer_payment_reference:
                    by_reference[lease.third_payer_payment_reference] = (
                        lease,
                        lease.third_payer_id,
                        "third_payer",
                    )
        targets = {}
        for key, refs in references.items():
            for ref in refs:
                if ref in by_reference:
                    targets[key] = by_reference[ref]
                    break
        return targets

    @api.model
    def _svk_with_tenants_leases(self, company, targets):
        """`targets` where a tenant's payment pays what they owe on any of their leases,
        oldest first (a standing order may still carry the communication of the lease
        they left)."""
        tenants = {partner for lease, partner, kind in targets.values() if kind == "tenant"}
        if not tenants:
            return targets
        Lease = self.env["svk.lease"]
        theirs = defaultdict(lambda: Lease)
        for lease in Lease.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "draft"),
                ("tenant_id", "in", [partner.id for partner in tenants]),
            ]
        ):
            theirs[lease.tenant_id] |= lease
        return {
            key: (theirs[partner] | lease, partner, kind) if kind == "tenant" else target
            for key, target in targets.items()
            for lease, partner, kind in [target]
        }

    @api.model
    def _svk_match_by_account(self, company, payments):
        """{key: (leases, partner, kind)} for `payments` {key: (payer's account number,
        amount)} without a communication naming a lease: by the payer's bank account,
        when it is one person's. A payer with several leases (a CPAS for many tenants)
        only when the amount is what one of them, or all of them, owe."""
        payers = self._svk_payers_by_account(company, [acc for acc, _amount in payments.values()])
        by_account = {}
        for key, (account, _amount) in payments.items():
            found = payers.get(sanitize_account_number(account or ""), {})
            if len(found) == 1:
                ((partner, kind),) = found.keys()
                by_account[key] = (found[partner, kind], partner, kind)
        several = [target for target in by_account.values() if len(target[0]) > 1]
        owed = self._svk_owed(
            [(lease, partner, kind) for leases, partner, kind in several for lease in leases]
            + several
        )
        targets = {}
        for key, (leases, partner, kind) in by_account.items():
            if len(leases) > 1:
                amount = payments[key][1]
                partner = partner.commercial_partner_id
                matching = [
                    lease
                    for lease in leases
                    if float_compare(
                        sum(owed[partner, kind, lease].mapped("amount_residual")), amount, 2
                    )
                    == 0
                ]
                if len(matching) == 1:
                    leases = matching[0]
                elif float_compare(
                    sum(owed[partner, kind, leases].mapped("amount_residual")), amount, 2
                ):
                    continue
            targets[key] = (leases, partner, kind)
        return targets

    @api.model
    def _svk_payers_by_account(self, company, account_numbers):
        """{sanitized account number: {(partner, kind): leases}} for the account numbers
        that belong to tenants or third payers of `company`."""
        numbers = {sanitize_account_number(number or "") for number in account_numbers}
        numbers.discard("")
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
            holders = bank.partner_id | bank.partner_id.commercial_partner_id
            for lease in leases:
                if lease.tenant_id in holders:
                    result[bank.sanitized_acc_number][lease.tenant_id, "tenant"] |= lease
                if lease.third_payer_id in holders:
                    result[bank.sanitized_acc_number][lease.third_payer_id, "third_payer"] |= lease
        return result

    @api.model
    def _svk_owed(self, targets):
        """{(partner, kind, leases): open rent lines, oldest due first} for `targets`
        [(leases, partner, kind)]: what each payment may pay, in one query."""
        AML = self.env["account.move.line"]
        targets = list(targets)
        if not targets:
            return {}
        leases = self.env["svk.lease"].union(*(leases for leases, _p, _k in targets))
        tenant_kinds = set(self.env["account.move"]._svk_tenant_kinds())
        by_lease = defaultdict(lambda: AML)
        for aml in AML.search(
            [
                *AML._svk_open_receivable_domain(),
                ("svk_lease_id", "in", leases.ids),
                ("amount_residual", ">", 0),
            ],
            order="date_maturity, id",
        ):
            kind = "tenant" if aml.move_id.svk_kind in tenant_kinds else aml.move_id.svk_kind
            by_lease[aml.partner_id.commercial_partner_id, kind, aml.svk_lease_id] |= aml
        return {
            (partner.commercial_partner_id, kind, leases): AML.union(
                *(by_lease[partner.commercial_partner_id, kind, lease] for lease in leases)
            ).sorted(lambda aml: (aml.date_maturity or aml.date, aml.id))
            for leases, partner, kind in targets
        }

    def _svk_reconcile_rent(self, targets):
        """Reconcile each line of `targets` {line: (leases, partner, kind)}, booked on
        the partner's receivable, with the open rent documents of the leases due by
        that partner: the database's own reconciliation pays them in order of due date,
        the last one partly; what is left over stays open on the line, a payment in
        advance on the lease."""
        AML = self.env["account.move.line"]
        owed = self._svk_owed(targets.values())
        groups = defaultdict(lambda: AML)
        for line, (leases, partner, kind) in targets.items():
            key = (partner.commercial_partner_id, kind, leases)
            credit = line.move_id.line_ids.filtered(
                lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled
            )
            groups[key] |= credit
            # never across accounts: what is on another one waits for a person
            groups[key] |= owed[key].filtered(
                lambda aml, accounts=credit.account_id: aml.account_id in accounts
            )
        plan = [amls for amls in groups.values() if amls.filtered(lambda aml: aml.balance > 0)]
        if plan:
            AML._reconcile_plan(plan)

    def _svk_apply(self, targets):
        """Apply bank lines already in the books (waiting in suspense) as the rules
        would have: their suspense entry becomes the partner's receivable, then it is
        reconciled like a new line."""
        owed = self._svk_owed(targets.values())
        for line, (leases, partner, kind) in targets.items():
            _liquidity, suspense, _other = line._seek_for_lines()
            debts = owed.get((partner.commercial_partner_id, kind, leases))
            receivable = (
                debts[:1].account_id
                if debts
                else partner.with_company(line.company_id).property_account_receivable_id
            )
            lease = leases.sorted(lambda lease: (lease.date_start, lease.id))[-1:]
            line.svk_lease_id = lease
            move = line.move_id
            with move._check_balanced({"records": move, "self": move}):
                move.with_context(
                    skip_account_move_synchronization=True,
                    skip_invoice_sync=True,
                    skip_readonly_check=True,
                    check_move_validity=False,
                ).write(
                    {
                        "partner_id": partner.id,
                        "line_ids": [
                            Command.update(
                                aml.id,
                                {"account_id": receivable.id, "partner_id": partner.id},
                            )
                            for aml in suspense
                        ]
                        + [
                            Command.update(aml.id, {"partner_id": partner.id}) for aml in _liquidity
                        ],
                    }
                )
        self._svk_reconcile_rent(targets)

    def _svk_propose_candidates(self, company):
        """The leases each waiting line may be for: the leases of the payer's bank
        account, of a tenant of that name, or with an open invoice of that amount."""
        if not self:
            return
        payers = self._svk_payers_by_account(company, self.mapped("account_number"))
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
            # sudo: whoever reconciles (an accountant without the agency's groups) may
            # not read leases; only whether the payer is a tenant or third payer is read
            if len(partners) == 1 and self.env["svk.lease"].sudo().search_count(
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

    def action_undo_reconciliation(self):
        """Undone by a person: the payment is nobody's rent until applied again."""
        self.svk_lease_id = False
        return super().action_undo_reconciliation()

    def _svk_remember_account(self, partner):
        self.ensure_one()
        number = sanitize_account_number(self.account_number or "")
        if not number:
            return
        Bank = self.env["res.partner.bank"].sudo().with_context(active_test=False)
        if Bank.search_count([("sanitized_acc_number", "=", number)]):
            # theirs already, or someone else's (a relative, a CPAS paying for several
            # people): a shared account never pays anyone's rent by itself
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
