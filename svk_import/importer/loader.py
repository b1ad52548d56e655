"""Write what an `Analysis` found, in one transaction (the caller's savepoint).

Each sheet is written in batches (one `create` per model and sheet); when a batch fails
on a rule the analysis does not know, its rows are written one at a time in savepoints
to name the failing row, and the whole import stops: the caller rolls everything back
and shows the rows' errors.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from odoo.addons.svk_housing.models.svk_owner_contract import DURATIONS
from odoo.addons.svk_housing.rules import STANDARD_LEASE_MONTHS, term_end

from .analysis import MODULE, Analysis
from .columns import METER_COLUMNS, ORDER, normalize


def ogm_digits(reference):
    return "".join(char for char in reference if char.isdigit())


QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# columns of a sheet written as they are on the record
PLAIN = {
    "building": ("name", "street", "zip", "city", "floor_count", "construction_year"),
    "unit": (
        "name",
        "unit_type",
        "bedrooms",
        "floor",
        "surface",
        "epc_class",
        "epc_number",
        "epc_date",
        "wheelchair_accessible",
        "has_elevator",
    ),
    "owner": ("name", "is_company", "street", "zip", "city", "phone", "email", "lang"),
    "tenant": ("name", "lang", "phone", "mobile", "email"),
    "lease": (
        "lease_type",
        "date_signature",
        "date_start",
        "rent",
        "charges_amount",
        "charges_mode",
        "guarantee_amount",
        "guarantee_form",
        "registration_date",
        "third_payer_amount",
        "date_notice",
    ),
}


# contacts, bank accounts and opening entries are the import's to write: an SVK manager
# imports an agency without being an accountant or having Odoo's contact-creation right
# (only svk_partners grants staff that one)
SUDO_MODELS = ("account.move", "res.partner", "res.partner.bank")


class ImportFailed(Exception):
    """Rows failed while writing: everything is rolled back."""


class Loader:
    def __init__(self, analysis, journal, counterpart, progress=None):
        self.analysis = analysis
        self.env = analysis.env(context=dict(analysis.env.context, **QUIET))
        self.company = analysis.company
        self.journal = journal
        self.counterpart = counterpart
        self.progress = progress or (lambda done, total, text: None)
        self.ids = defaultdict(dict)  # sheet key: {normalized ref: record id}
        self.done = {"create": 0, "update": 0, "unchanged": 0}
        self.be = self.env.ref("base.be")

    def _rows(self, key):
        return self.analysis.rows(key)

    def _ref(self, kind, ref):
        return self.ids[kind].get(normalize(ref)) or self.analysis.ref_id(kind, ref)

    # ---------------------------------------------------------------- driver
    def run(self):
        steps = [
            ("building", self._load_buildings),
            ("unit", self._load_units),
            ("owner", self._load_owners),
            ("contract", self._load_contracts),
            ("tenant", self._load_tenants),
            ("lease", self._load_leases),
            ("balance", self._load_balances),
        ]
        for index, (key, method) in enumerate(steps):
            sheet = self.analysis.sheets.get(key)
            if sheet:
                self.progress(
                    20 + 75 * index // len(steps),
                    100,
                    self.env._("Writing %(sheet)s", sheet=sheet.label),
                )
                method()
        self._set_unit_states()
        self.env.flush_all()
        self.progress(98, 100, self.env._("Done"))
        return self.done

    def _write_batch(self, key, model, creates, updates):
        """`creates`: [(row, vals)], `updates`: [(row, record, vals)]. Returns {row:
        record id} of the created and updated rows, with their external references."""
        Model = self.env[model].sudo() if model in SUDO_MODELS else self.env[model]
        result = {}
        if creates:
            try:
                with self.env.cr.savepoint():
                    records = Model.create([vals for _row, vals in creates])
                    self.env.flush_all()
            except (ValidationError, UserError, IntegrityError):
                records = self._one_by_one(key, Model, creates)
            for (row, _vals), record in zip(creates, records, strict=True):
                result[row] = record.id
            self.env["ir.model.data"].sudo().create(
                [
                    {
                        "module": MODULE,
                        "name": row.xmlid,
                        "model": model,
                        "res_id": record.id,
                        "noupdate": True,
                    }
                    for (row, _vals), record in zip(creates, records, strict=True)
                ]
            )
            self.done["create"] += len(creates)
        for row, record, vals in updates:
            try:
                with self.env.cr.savepoint():
                    if vals:
                        record.write(vals)
                        self.env.flush_all()
            except (ValidationError, UserError, IntegrityError) as exc:
                self._fail(key, row, exc)
            result[row] = record.id
            row.action = "update" if vals else "unchanged"
            self.done[row.action] += 1
        if any(row.errors for row in result) or self._failed:
            raise ImportFailed()
        return result

    _failed = False

    def _one_by_one(self, key, Model, creates):
        records = Model.browse()
        for row, vals in creates:
            try:
                with self.env.cr.savepoint():
                    records |= Model.create(vals)
                    self.env.flush_all()
            except (ValidationError, UserError, IntegrityError) as exc:
                self._fail(key, row, exc)
        raise ImportFailed()

    def _fail(self, key, row, exc):
        self._failed = True
        message = exc.args[0] if exc.args else str(exc)
        if isinstance(exc, IntegrityError):
            message = self.env._("The database refused the row: %(reason)s", reason=exc.pgerror)
        row.errors.append(("", str(message)))

    def _changed(self, record, vals):
        """The part of `vals` that differs from `record`."""
        changed = {}
        for name, value in vals.items():
            field = record._fields[name]
            current = record[name]
            if field.type == "many2one":
                current = current.id
            elif field.type in ("float", "monetary"):
                if round(current or 0.0, 2) == round(value or 0.0, 2):
                    continue
            if field.type in ("one2many", "many2many") or current != value:
                changed[name] = value
        return changed

    def _split(self, key, model, build):
        creates, updates = [], []
        Model = self.env[model].sudo() if model in SUDO_MODELS else self.env[model]
        built = [(row, build(row)) for row in self._rows(key)]
        existing = Model.browse([row.res_id for row, _vals in built if row.res_id])
        names = {name for row, vals in built if row.res_id for name in vals}
        if existing and names:
            existing.fetch(list(names))  # one query for the records the rows update
        for row, vals in built:
            if row.res_id:
                record = existing.browse(row.res_id)
                updates.append((row, record, self._changed(record, vals)))
            else:
                vals["company_id"] = self.company.id
                creates.append((row, vals))
        return creates, updates

    def _plain(self, key, row):
        return {name: row.values[name] for name in PLAIN[key] if name in row.values}

    # ---------------------------------------------------------------- sheets
    def _load_buildings(self):
        def build(row):
            vals = self._plain("building", row)
            vals["code"] = row.values["ref"]
            if not row.res_id:
                vals["country_id"] = self.be.id
            return vals

        for row, rid in self._write_batch(
            "building", "svk.building", *self._split("building", "svk.building", build)
        ).items():
            self.ids["building"][normalize(row.values["ref"])] = rid

    def _load_units(self):
        def build(row):
            values = row.values
            vals = self._plain("unit", row)
            vals["code"] = values["ref"]
            if "box" in values:
                vals["street2"] = values["box"]
            if values.get("building"):
                vals["building_id"] = self._ref("building", values["building"])
                vals["use_building_address"] = True
            else:
                vals.update(
                    use_building_address=False,
                    building_id=False,
                    **{f: values[f] for f in ("street", "zip", "city") if f in values},
                )
                if not row.res_id:
                    vals["country_id"] = self.be.id
            return vals

        units = self._write_batch("unit", "svk.unit", *self._split("unit", "svk.unit", build))
        for row, rid in units.items():
            self.ids["unit"][normalize(row.values["ref"])] = rid
        # meters: one per EAN column, found again by the unit and the type
        Meter = self.env["svk.meter"].with_context(active_test=False)
        existing = defaultdict(dict)
        for meter in Meter.search([("unit_id", "in", list(units.values()))]):
            existing[meter.unit_id.id].setdefault(meter.meter_type, meter)
        creates = []
        for row, unit_id in units.items():
            for column, meter_type in METER_COLUMNS.items():
                ean = row.values.get(column)
                if not ean:
                    continue
                meter = existing[unit_id].get(meter_type)
                if meter and meter.ean != ean:
                    row.action = "update"  # the unit's own fields may not have changed
                    try:
                        with self.env.cr.savepoint():
                            meter.ean = ean
                            self.env.flush_all()
                    except (ValidationError, IntegrityError) as exc:
                        self._fail("unit", row, exc)
                elif not meter:
                    if row.action == "unchanged":
                        row.action = "update"  # a new meter on a unit imported before
                    creates.append(
                        {
                            "meter_type": meter_type,
                            "ean": ean,
                            "unit_id": unit_id,
                            "company_id": self.company.id,
                        }
                    )
        if self._failed:
            raise ImportFailed()
        Meter.create(creates)

    def _load_owners(self):
        def build(row):
            vals = self._plain("owner", row)
            if not row.res_id:
                vals["country_id"] = self.be.id
            return vals

        owners = self._write_batch(
            "owner", "res.partner", *self._split("owner", "res.partner", build)
        )
        Bank = self.env["res.partner.bank"].sudo()
        banks = Bank.search([("partner_id", "in", list(owners.values()))])
        have = {(bank.partner_id.id, bank.sanitized_acc_number) for bank in banks}
        Bank.create(
            [
                {"partner_id": pid, "acc_number": row.values["iban"], "company_id": self.company.id}
                for row, pid in owners.items()
                if (pid, row.values["iban"]) not in have
            ]
        )
        self.iban_of = {}
        for row, pid in owners.items():
            self.ids["owner"][normalize(row.values["ref"])] = pid
            self.iban_of[pid] = row.values["iban"]

    def _bank_of(self, owner_id):
        """The owner's account named in the file, else the one on record."""
        iban = getattr(self, "iban_of", {}).get(owner_id)
        domain = [("partner_id", "=", owner_id)]
        if iban:
            domain.append(("sanitized_acc_number", "=", iban))
        return self.env["res.partner.bank"].sudo().search(domain, limit=1).id

    def _load_contracts(self):
        groups = defaultdict(list)
        for row in self._rows("contract"):
            groups[normalize(row.values["ref"])].append(row)
        creates, updates = [], []
        Contract = self.env["svk.owner.contract"]
        for rows in groups.values():
            first = rows[0]
            values = first.values
            owner_id = self._ref("owner", values["owner"])
            vals = {
                "owner_id": owner_id,
                "contract_type": values["contract_type"],
                "date_start": values["date_start"],
                "bank_account_id": self._bank_of(owner_id),
                "state": self.analysis.contract_state(values),
            }
            for name in ("date_signature", "payment_day", "date_notice"):
                if name in values:
                    vals[name] = values[name]
            months = values.get("duration")  # the parser's duration is in months
            end = values.get("date_end")
            years = months // 12 if months and not months % 12 else None
            # the contract's own durations (1, 3, 9, 15 years), else a custom one
            standard = str(years) if str(years) in dict(DURATIONS) else None
            if end and not (standard and term_end(values["date_start"], months) == end):
                vals.update(duration="custom", date_end=end)
            elif standard:
                vals["duration"] = standard
            else:
                vals.update(
                    duration="custom",
                    date_end=term_end(values["date_start"], months),
                )
            lines = {
                self._ref("unit", row.values["unit"]): row.values["owner_rent"] for row in rows
            }
            if first.res_id:
                contract = Contract.browse(first.res_id)
                changed = self._changed(contract, vals)
                current = {line.unit_id.id: line for line in contract.line_ids}
                commands = [
                    Command.update(current[unit].id, {"owner_rent": rent})
                    for unit, rent in lines.items()
                    if unit in current and round(current[unit].owner_rent, 2) != rent
                ] + [
                    Command.create({"unit_id": unit, "owner_rent": rent})
                    for unit, rent in lines.items()
                    if unit not in current
                ]
                if commands:
                    changed["line_ids"] = commands
                updates.append((first, contract, changed))
            else:
                vals.update(
                    name=values["ref"],
                    company_id=self.company.id,
                    user_id=self.env.user.id,
                    line_ids=[
                        Command.create({"unit_id": unit, "owner_rent": rent})
                        for unit, rent in lines.items()
                    ],
                )
                # a contract of the files was running before it came into the suite
                creates.append((first, Contract._svk_running_vals(vals)))
        for row, rid in self._write_batch(
            "contract", "svk.owner.contract", creates, updates
        ).items():
            self.ids["contract"][normalize(row.values["ref"])] = rid

    def _load_tenants(self):
        homes = self._tenant_homes()

        def build(row):
            vals = self._plain("tenant", row)
            if not row.res_id:
                # a new tenant lives in the unit of their running lease
                vals.update(homes.get(normalize(row.values["ref"]), {}))
                vals.setdefault("country_id", self.be.id)
            return vals

        tenants = self._write_batch(
            "tenant", "res.partner", *self._split("tenant", "res.partner", build)
        )
        for row, rid in tenants.items():
            self.ids["tenant"][normalize(row.values["ref"])] = rid

    def _tenant_homes(self):
        """{tenant reference: address values} of the units the tenants' running leases
        let, read once (the units are written by now)."""
        unit_of = {}
        for row in self._rows("lease"):
            if self.analysis.lease_state(row.values) in ("active", "notice"):
                unit_of[normalize(row.values["tenant"])] = self._ref("unit", row.values["unit"])
        units = self.env["svk.unit"].browse({uid for uid in unit_of.values() if uid})
        units.fetch(["street", "street2", "zip", "city", "country_id"])
        homes = {}
        for ref, uid in unit_of.items():
            unit = units.browse(uid)
            if uid and unit.street:
                homes[ref] = {
                    "street": unit.street,
                    "street2": unit.street2,
                    "zip": unit.zip,
                    "city": unit.city,
                    "country_id": unit.country_id.id or self.be.id,
                }
        return homes

    def _third_payer(self, name):
        """An organisation paying part of the rent, found by its name, else created."""
        cache = self.__dict__.setdefault("third_payers", {})
        key = normalize(name)
        if key not in cache:
            partner = (
                self.env["res.partner"]
                .sudo()
                .search(
                    [
                        ("name", "=ilike", name),
                        ("is_company", "=", True),
                        ("company_id", "in", [self.company.id, False]),
                    ],
                    limit=1,
                )
            )
            cache[key] = (
                partner.id
                or self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "is_company": True,
                        "country_id": self.be.id,
                        "company_id": self.company.id,
                    }
                )
                .id
            )
        return cache[key]

    def _load_leases(self):
        def build(row):
            values = row.values
            vals = self._plain("lease", row)
            vals.update(
                unit_id=self._ref("unit", values["unit"]),
                tenant_id=self._ref("tenant", values["tenant"]),
                state=self.analysis.lease_state(values),
            )
            end = values.get("date_end")
            if end:
                span = relativedelta(end + relativedelta(days=1), values["date_start"])
                vals.update(
                    date_end=end,
                    duration_months=span.years * 12 + span.months if not span.days else 0,
                )
            elif not row.res_id:
                vals["duration_months"] = STANDARD_LEASE_MONTHS
            if values.get("third_payer"):
                vals["third_payer_id"] = self._third_payer(values["third_payer"])
            for name in ("payment_reference", "third_payer_payment_reference"):
                if values.get(name):
                    vals[name] = values[name]
            if not row.res_id:
                vals.update(name=values["ref"], user_id=self.env.user.id)
                # a lease of the files was running before it came into the suite
                vals = self.env["svk.lease"]._svk_running_vals(vals)
            return vals

        self._skip_imported_communications()
        leases = self._write_batch("lease", "svk.lease", *self._split("lease", "svk.lease", build))
        for row, rid in leases.items():
            self.ids["lease"][normalize(row.values["ref"])] = rid

    def _skip_imported_communications(self):
        """The leases' communications come from a sequence (the company's id leading, see
        svk.lease._new_structured_communication); communications the files bring may be
        of that form too (an earlier export, the agency's own numbering): the sequence
        moves past the highest, so that no new lease ever gets one already in use."""
        prefix = self.company.id
        numbers = [
            int(ogm_digits(row.values[column])[:10]) - prefix * 10**7
            for row in self._rows("lease")
            for column in ("payment_reference", "third_payer_payment_reference")
            if row.values.get(column)
            and int(ogm_digits(row.values[column])[:10]) // 10**7 == prefix
        ]
        if not numbers:
            return
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "svk.lease.communication"),
                    ("company_id", "in", [self.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if sequence and sequence.number_next_actual <= max(numbers):
            sequence.number_next_actual = max(numbers) + 1

    def _load_balances(self):
        env = self.env
        Move = env["account.move"].sudo()
        creates, updates, replaced = [], [], Move
        label = env._("Opening balance")
        for row in self._rows("balance"):
            lease = env["svk.lease"].browse(self._ref("lease", row.values["lease"]))
            amount = row.values["amount"]
            if row.res_id:
                move = Move.browse(row.res_id)
                receivable = move.line_ids.filtered(
                    lambda line: line.account_type == "asset_receivable"
                )
                if (
                    round(sum(receivable.mapped("balance")), 2) == amount
                    and receivable[:1].date_maturity == row.values["date_due"]
                ):
                    updates.append((row, move, {}))
                    continue
                if any(receivable.mapped("matched_credit_ids")) or any(
                    receivable.mapped("matched_debit_ids")
                ):
                    row.errors.append(
                        (
                            "",
                            env._(
                                "The opening balance of %(lease)s is already partly paid: "
                                "correct it in accounting, not by a new import.",
                                lease=lease.name,
                            ),
                        )
                    )
                    self._failed = True
                    continue
                if move.state == "draft":
                    lines = [Command.clear(), *self._balance_lines(lease, row)]
                    updates.append((row, move, {"line_ids": lines}))
                    continue
                # a posted entry is never rewritten: it is reversed, the new balance is
                # posted anew and the row's reference moves to it
                replaced |= move
                if amount:
                    creates.append((row, self._balance_vals(lease, row, label)))
            elif amount:
                creates.append((row, self._balance_vals(lease, row, label)))
        if self._failed:
            raise ImportFailed()
        if replaced:
            self._reverse_balances(replaced)
        moves = self._write_batch("balance", "account.move", creates, updates)
        to_post = Move.browse(list(moves.values())).filtered(lambda m: m.state == "draft")
        try:
            with env.cr.savepoint():
                to_post._post(soft=False)
        except (UserError, ValidationError) as exc:
            raise UserError(
                env._("The opening entries could not be posted: %(reason)s", reason=exc.args[0])
            ) from exc

    def _reverse_balances(self, moves):
        """Cancel the posted opening entries a re-import corrects by their reversal (Odoo's
        own, reconciled with them), dated as they are (a cancelled one is only replaced);
        their references are freed for the entries that replace them."""
        env = self.env
        posted = moves.filtered(lambda move: move.state == "posted")
        try:
            with env.cr.savepoint():
                posted._reverse_moves(
                    [
                        {
                            "date": move.date,
                            "ref": env._(
                                "Reversal of: %(entry)s, corrected by a new import",
                                entry=move.ref or move.name,
                            ),
                            "payment_reference": False,
                        }
                        for move in posted
                    ],
                    cancel=True,
                )
        except (UserError, ValidationError) as exc:
            raise UserError(
                env._(
                    "The opening entries to correct could not be reversed: %(reason)s",
                    reason=exc.args[0],
                )
            ) from exc
        env["ir.model.data"].sudo().search(
            [("module", "=", MODULE), ("model", "=", "account.move"), ("res_id", "in", moves.ids)]
        ).unlink()

    def _balance_lines(self, lease, row):
        tenant = lease.tenant_id.commercial_partner_id
        receivable = tenant.sudo().with_company(self.company).property_account_receivable_id
        amount = row.values["amount"]
        name = self.env._(
            "Opening balance %(lease)s %(reference)s",
            lease=lease.name,
            reference=lease.payment_reference,
        )
        return [
            Command.create(
                {
                    "name": name,
                    "account_id": receivable.id,
                    "partner_id": tenant.id,
                    "debit": max(amount, 0.0),
                    "credit": max(-amount, 0.0),
                    "date_maturity": row.values["date_due"],
                    "svk_lease_id": lease.id,
                    "svk_unit_id": lease.unit_id.id,
                }
            ),
            Command.create(
                {
                    "name": name,
                    "account_id": self.counterpart.id,
                    "debit": max(-amount, 0.0),
                    "credit": max(amount, 0.0),
                }
            ),
        ]

    def _balance_vals(self, lease, row, label):
        return {
            "move_type": "entry",
            "journal_id": self.journal.id,
            "date": self.analysis.cutover,
            "ref": f"{label} {lease.name}",
            "payment_reference": lease.payment_reference,
            "svk_lease_id": lease.id,
            # the tenant's debt, as the rent invoices are: the bank rules and the payment
            # plans pay and schedule it with them, oldest first
            "svk_kind": "tenant",
            "partner_id": lease.tenant_id.commercial_partner_id.id,
            "line_ids": self._balance_lines(lease, row),
        }

    # ---------------------------------------------------------------- states
    def _set_unit_states(self):
        """A unit's state follows its imported contract and lease: let (or leaving)
        under a running lease, available under a running contract, prospect before the
        contract starts, withdrawn after it ended."""
        unit_ids = set(self.ids["unit"].values())
        for key in ("contract", "lease"):
            for row in self._rows(key):
                unit_ids.add(self._ref("unit", row.values["unit"]))
        units = self.env["svk.unit"].browse(unit_ids)
        by_state = defaultdict(list)
        for unit in units:
            lease = unit.lease_id
            contract = unit.owner_contract_id
            if lease:
                state = "leaving" if lease.state == "notice" else "let"
            elif contract.state in ("active", "notice"):
                state = unit.state if unit.state in ("renovation", "available") else "available"
            elif contract.state == "draft":
                state = "prospect"
            elif contract.state == "ended":
                state = "withdrawn"
            else:
                state = unit.state
            if state != unit.state:
                by_state[state].append(unit.id)
        for state, ids in by_state.items():
            self.env["svk.unit"].browse(ids).write({"state": state})


__all__ = ["ORDER", "Analysis", "ImportFailed", "Loader"]
