import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, format_date

from odoo.addons.svk_housing.models.action_scope import action_scope, in_action_scope
from odoo.addons.svk_housing.models.svk_lease import LEASE_TYPES
from odoo.addons.svk_housing.models.svk_owner_contract import CONTRACT_TYPES
from odoo.addons.svk_housing.models.svk_unit import EPC_CLASSES, UNIT_TYPES

from .svk_lease import INCOME_POSITIONS
from .svk_owner_contract import EXIT_REASONS

STATES = [("draft", "Draft"), ("sent", "Sent to the Region")]
MOVE_KINDS = [("entry", "Entered the stock"), ("exit", "Left the stock")]
ENTRY_REASONS = [
    ("new_mandate", "New management mandate"),
    ("new_main_lease", "New main lease"),
]
MOVE_REASONS = ENTRY_REASONS + EXIT_REASONS
# an owner contract that is not a draft held its units in the stock between its dates
STOCK_CONTRACT_STATES = ("active", "notice", "ended")
LEASE_STATES_LET = ("active", "notice", "ended")
# the Region counts the stock at 30 September; the inventory is due by 31 October
REFERENCE_MONTH, REFERENCE_DAY = 9, 30
DUE_MONTH, DUE_DAY = 10, 31
# what a sent inventory keeps as it was sent (the database refuses any change too)
FROZEN_FIELDS = {
    "name",
    "company_id",
    "date",
    "date_previous",
    "previous_id",
    "state",
    "date_sent",
    "sent_by_id",
    "computed_on",
    "line_ids",
    "move_ids",
    "unit_count",
    "entry_count",
    "exit_count",
    "transit_count",
    "at_cap_count",
    "ceiling_count",
}
MANAGER = "svk_housing.group_svk_manager"
SENDING = "svk_region_inventory_send"
BILLING = "account.group_account_invoice"


PARTS_FROZEN = """
CREATE OR REPLACE FUNCTION svk_region_inventory_part_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM changed_rows c
        JOIN svk_region_inventory i ON i.id = c.inventory_id
        WHERE i.state = 'sent'
    ) THEN
        RAISE EXCEPTION 'svk_region: the lines of a sent inventory are frozen'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
# one check per statement, on the rows it touched (a transition table per kind of change)
PART_TRIGGERS = [
    ("svk_region_inventory_part_insert", "INSERT", "NEW"),
    ("svk_region_inventory_part_update", "UPDATE", "OLD"),
    ("svk_region_inventory_part_delete", "DELETE", "OLD"),
]


def freeze_parts(cr, table):
    """The lines (or movements) of a sent inventory: the database refuses any insert,
    change or deletion."""
    cr.execute(SQL(PARTS_FROZEN))
    for name, event, rows in PART_TRIGGERS:
        cr.execute(
            SQL(
                """
                DROP TRIGGER IF EXISTS %(name)s ON %(table)s;
                CREATE TRIGGER %(name)s
                    AFTER %(event)s ON %(table)s
                    REFERENCING %(rows)s TABLE AS changed_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION svk_region_inventory_part_frozen();
                """,
                name=SQL.identifier(name),
                table=SQL.identifier(table),
                event=SQL(event),
                rows=SQL(rows),
            )
        )


def reference_date(year):
    return datetime.date(year, REFERENCE_MONTH, REFERENCE_DAY)


class SvkRegionInventory(models.Model):
    """The agency's stock at 30 September as the Region asks for it each year (the basis
    of the next year's subsidy): a line per unit, the units that entered and left since
    the previous inventory, totals by commune and bedrooms. Computed in bulk; once sent,
    frozen (the ORM and a database trigger both refuse any change)."""

    _name = "svk.region.inventory"
    _description = "Stock inventory for the Region"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        string="Reference date",
        required=True,
        default=lambda self: reference_date(fields.Date.context_today(self).year),
        tracking=True,
    )
    state = fields.Selection(STATES, required=True, default="draft", tracking=True, copy=False)
    previous_id = fields.Many2one(
        "svk.region.inventory",
        string="Previous inventory",
        readonly=True,
        copy=False,
        check_company=True,
        help="The last inventory sent before this one: entries and exits are counted since "
        "its date.",
    )
    date_previous = fields.Date(
        string="Movements since",
        readonly=True,
        copy=False,
        help="The previous inventory's date, or one year before the reference date.",
    )
    computed_on = fields.Datetime(readonly=True, copy=False)
    date_sent = fields.Datetime(string="Sent on", readonly=True, copy=False, tracking=True)
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True, copy=False)
    line_ids = fields.One2many("svk.region.inventory.line", "inventory_id", string="Units")
    move_ids = fields.One2many(
        "svk.region.inventory.move", "inventory_id", string="Entries and exits"
    )
    unit_count = fields.Integer(string="Units in stock", readonly=True, copy=False)
    entry_count = fields.Integer(string="Entries", readonly=True, copy=False)
    exit_count = fields.Integer(string="Exits", readonly=True, copy=False)
    transit_count = fields.Integer(string="Transit units", readonly=True, copy=False)
    at_cap_count = fields.Integer(string="Units at the rent cap", readonly=True, copy=False)
    ceiling_count = fields.Integer(
        string="Let at or under the ceiling",
        readonly=True,
        copy=False,
        help="Units let on the reference date to a household whose income at entry was at "
        "or under the admission ceiling.",
    )

    _sql_constraints = [
        (
            "company_date_unique",
            "UNIQUE(company_id, date)",
            "An agency has one inventory per reference date.",
        ),
    ]

    def init(self):
        """The database keeps a sent inventory as it was sent: its figures, lines and
        movements can be neither changed nor deleted, whatever writes to the tables."""
        columns = sorted(FROZEN_FIELDS - {"line_ids", "move_ids"})
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION svk_region_inventory_frozen() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.state = 'sent' THEN
                            RAISE EXCEPTION 'svk_region: a sent inventory cannot be deleted'
                                USING ERRCODE = 'check_violation';
                        END IF;
                        RETURN OLD;
                    END IF;
                    IF OLD.state = 'sent' AND (%(new)s) IS DISTINCT FROM (%(old)s) THEN
                        RAISE EXCEPTION 'svk_region: a sent inventory cannot be changed'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS svk_region_inventory_frozen ON svk_region_inventory;
                CREATE TRIGGER svk_region_inventory_frozen
                    BEFORE UPDATE OR DELETE ON svk_region_inventory
                    FOR EACH ROW EXECUTE FUNCTION svk_region_inventory_frozen();
                """,
                new=SQL(", ").join(SQL("NEW.%s", SQL.identifier(col)) for col in columns),
                old=SQL(", ").join(SQL("OLD.%s", SQL.identifier(col)) for col in columns),
            )
        )

    @api.depends("date", "company_id")
    def _compute_name(self):
        for inventory in self:
            inventory.name = self.env._(
                "Stock at %(date)s",
                date=format_date(self.env, inventory.date) if inventory.date else "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self.env._("An inventory is sent with its button only."))
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        if self.filtered(lambda inv: inv.state == "sent") and FROZEN_FIELDS & set(vals):
            raise UserError(self.env._("A sent inventory is kept as it was sent."))
        if "state" in vals and not in_action_scope(SENDING, self):
            raise UserError(self.env._("An inventory is sent with its button only."))
        if {"date", "company_id"} & set(vals):
            # another day or agency: the figures computed before are no longer its own
            vals = dict(vals, computed_on=False)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.filtered(lambda inv: inv.state == "sent"):
            raise UserError(self.env._("A sent inventory cannot be deleted."))

    def _check_parts_editable(self):
        """The lines and movements of a sent inventory are kept as they were sent."""
        if self.filtered(lambda inv: inv.state == "sent"):
            raise UserError(self.env._("A sent inventory is kept as it was sent."))

    # -- actions ---------------------------------------------------------------------

    def _check_may_prepare(self):
        if not (self.env.user.has_group(MANAGER) or self.env.user.has_group(BILLING)):
            raise AccessError(
                self.env._("Only an SVK manager or an accountant prepares the inventory.")
            )

    def action_compute(self):
        """(Re)compute the draft inventories from the stock as it was on their date."""
        self._check_may_prepare()
        self.check_access("write")
        if self.filtered(lambda inv: inv.state == "sent"):
            raise UserError(self.env._("A sent inventory is kept as it was sent."))
        for inventory in self:
            inventory._compute_inventory()
        return True

    def action_send(self):
        """Mark the inventory sent to the Region: from now on it is frozen."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only an SVK manager sends the inventory."))
        for inventory in self:
            if inventory.state != "draft":
                raise UserError(
                    self.env._("%(name)s was already sent.", name=inventory.display_name)
                )
            if not inventory.computed_on:
                raise UserError(
                    self.env._("Compute %(name)s before sending it.", name=inventory.display_name)
                )
        # the button's own change of state (write() refuses it from anywhere else)
        with action_scope(SENDING, self):
            self.write(
                {"state": "sent", "date_sent": fields.Datetime.now(), "sent_by_id": self.env.uid}
            )
        self.activity_feedback(["svk_region.mail_activity_type_svk_region_inventory"])
        for inventory in self:
            inventory.message_post(
                body=self.env._(
                    "Sent to the Region: %(units)s units, %(entries)s entries, %(exits)s exits.",
                    units=inventory.unit_count,
                    entries=inventory.entry_count,
                    exits=inventory.exit_count,
                )
            )
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_region.svk_region_inventory_line_action"
        )
        action["domain"] = [("inventory_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_region.svk_region_inventory_move_action"
        )
        action["domain"] = [("inventory_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # -- the computation -------------------------------------------------------------

    def _compute_inventory(self):
        self.ensure_one()
        previous = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "sent"),
                ("date", "<", self.date),
            ],
            order="date desc",
            limit=1,
        )
        since = previous.date or self.date - relativedelta(years=1)
        line_vals = self._prepare_lines()
        move_vals = self._prepare_moves(since)
        # the lines are this draft's own: replaced whole
        self._replace_rows("svk.region.inventory.line", line_vals)
        self._replace_rows("svk.region.inventory.move", move_vals)
        self.write(
            {
                "previous_id": previous.id,
                "date_previous": since,
                "computed_on": fields.Datetime.now(),
                "unit_count": len(line_vals),
                "entry_count": sum(1 for vals in move_vals if vals["kind"] == "entry"),
                "exit_count": sum(1 for vals in move_vals if vals["kind"] == "exit"),
                "transit_count": sum(1 for vals in line_vals if vals["transit"]),
                "at_cap_count": sum(1 for vals in line_vals if vals["at_cap"]),
                "ceiling_count": sum(
                    1 for vals in line_vals if vals["income_position"] == "ceiling"
                ),
            }
        )

    def _replace_rows(self, model, vals_list):
        """Replace the draft's rows of `model` (its lines or movements) with `vals_list`,
        in one DELETE and one INSERT: figures computed here, stored as they are, with no
        ORM logic to run per row (thousands of rows at each computation; the triggers of
        `init()` still refuse it on a sent inventory)."""
        self.ensure_one()
        Model = self.env[model]
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL("DELETE FROM %s WHERE inventory_id = %s", SQL.identifier(Model._table), self.id)
        )
        if vals_list:
            columns = list(vals_list[0])
            stamp = [self.env.uid, cr.now(), self.env.uid, cr.now()]
            row = "({})".format(", ".join(["%s"] * (len(columns) + len(stamp))))
            params = []
            for vals in vals_list:
                params.extend(None if vals[column] is False else vals[column] for column in columns)
                params.extend(stamp)
            cr.execute(
                SQL(
                    "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) VALUES %s",
                    SQL.identifier(Model._table),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ".join([row] * len(vals_list)), *params),
                )
            )
        Model.invalidate_model()
        self.invalidate_recordset(["line_ids", "move_ids"])

    def _stock_domain(self, day):
        """The owner contract lines that hold a unit in the agency's stock on `day`: the
        one definition of "in stock", for the inventory and for its movements."""
        return [
            ("company_id", "=", self.company_id.id),
            ("contract_id.state", "in", STOCK_CONTRACT_STATES),
            ("contract_id.date_start", "<=", day),
            "|",
            ("contract_id.date_end", "=", False),
            ("contract_id.date_end", ">=", day),
        ]

    def _stock_at(self, day):
        """{unit: owner contract} of the stock on `day`, in one query. Read as superuser:
        the inventory is the whole agency's stock, whatever the record rules of the
        manager who computes it (the company is the inventory's, checked by its rule)."""
        Line = self.env["svk.owner.contract.line"].sudo()
        stock = {}
        for unit, contract in Line._read_group(
            self._stock_domain(day), ["unit_id", "contract_id"], order="contract_id"
        ):
            stock[unit] = contract
        return stock

    def _prepare_lines(self):
        self.ensure_one()
        stock = self._stock_at(self.date)
        units = (
            self.env["svk.unit"]
            .sudo()
            .browse([unit.id for unit in stock])
            .with_context(active_test=False)
        )
        leases = self._leases_at(units)
        rents = self._rents_at(leases.values())
        caps = self._caps_at(units)
        rounding = self.company_id.currency_id.rounding
        vals_list = []
        for unit in units.sorted(lambda u: (u.city or "", u.zip or "", u.code or "", u.id)):
            contract = stock[unit]
            lease = leases.get(unit.id)
            rent = rents.get(lease.id, 0.0) if lease else 0.0
            cap = caps.get(unit.id, 0.0)
            vals_list.append(
                {
                    "inventory_id": self.id,
                    "company_id": self.company_id.id,
                    "unit_id": unit.id,
                    "unit_code": unit.code,
                    "street": " ".join(filter(None, (unit.street, unit.street2))),
                    "zip": unit.zip,
                    "city": unit.city,
                    "unit_type": unit.unit_type,
                    "bedrooms": unit.bedrooms,
                    "surface": unit.surface,
                    "epc_class": unit.epc_class,
                    "owner_contract_id": contract.id,
                    "contract_type": contract.contract_type,
                    "lease_id": lease.id if lease else False,
                    "lease_type": lease.lease_type if lease else False,
                    "transit": bool(unit.svk_transit or (lease and lease.lease_type == "transit")),
                    "rent": rent,
                    "rent_cap": cap,
                    "at_cap": bool(
                        lease and cap and float_compare(rent, cap, precision_rounding=rounding) >= 0
                    ),
                    "zone_uplift": unit.rent_cap_uplift,
                    "income_position": lease.svk_income_position if lease else False,
                }
            )
        return vals_list

    def _leases_at(self, units):
        """{unit id: the lease that ran on the reference date}, in one query."""
        leases = (
            self.env["svk.lease"]
            .sudo()
            .search(
                [
                    ("unit_id", "in", units.ids),
                    ("state", "in", LEASE_STATES_LET),
                    ("date_start", "<=", self.date),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", self.date),
                ],
                order="date_start, id",
            )
        )
        # two leases on the reference date (one ends, the next starts): the newer one
        return {lease.unit_id.id: lease for lease in leases}

    def _rents_at(self, leases):
        """{lease id: its rent on the reference date}: the last change of its rent history
        on or before the date; before its first change, that change's previous rent (or
        its rent when none is recorded); without a history, the lease's rent. One query."""
        leases = self.env["svk.lease"].sudo().union(*leases)
        changes = defaultdict(list)
        for row in (
            self.env["svk.rent.history"]
            .sudo()
            .search_fetch(
                [("lease_id", "in", leases.ids)],
                ["lease_id", "date_from", "rent", "previous_rent"],
                order="date_from, id",
            )
        ):
            changes[row.lease_id.id].append(row)
        rents = {}
        for lease in leases:
            history = changes.get(lease.id)
            if not history:
                rents[lease.id] = lease.rent
                continue
            rent = history[0].previous_rent or history[0].rent
            for row in history:
                if row.date_from <= self.date:
                    rent = row.rent
            rents[lease.id] = rent
        return rents

    def _caps_at(self, units):
        """{unit id: the tenant rent cap on the reference date}, the zone uplift applied:
        svk_indexation's caps, read once for all the units."""
        caps = units.sudo()._svk_rent_caps(self.date)
        return {unit_id: tenant for unit_id, (tenant, _owner) in caps.items()}

    def _prepare_moves(self, since):
        """The units that entered the stock after `since` up to the reference date, and
        those that left it: an owner contract that starts (ends) while no other holds the
        unit the day before (after). Three queries, whatever the stock's size."""
        self.ensure_one()
        Line = self.env["svk.owner.contract.line"].sudo()
        base = [
            ("company_id", "=", self.company_id.id),
            ("contract_id.state", "in", STOCK_CONTRACT_STATES),
        ]
        starting = Line.search(
            [
                *base,
                ("contract_id.date_start", ">", since),
                ("contract_id.date_start", "<=", self.date),
            ]
        )
        ending = Line.search(
            [
                *base,
                ("contract_id.date_end", ">=", since),
                ("contract_id.date_end", "<", self.date),
            ]
        )
        units = (starting | ending).unit_id
        periods = defaultdict(list)
        for line in Line.search([*base, ("unit_id", "in", units.ids)]):
            periods[line.unit_id.id].append(
                (line.id, line.contract_id.date_start, line.contract_id.date_end)
            )

        def covered(line, day):
            return any(
                other != line.id and start <= day and (not end or end >= day)
                for other, start, end in periods[line.unit_id.id]
            )

        one_day = datetime.timedelta(days=1)
        vals_list = []
        for line in starting:
            contract = line.contract_id
            if covered(line, contract.date_start - one_day):
                continue
            vals_list.append(
                self._prepare_move(
                    line,
                    "entry",
                    contract.date_start,
                    "new_mandate" if contract.contract_type == "mandate" else "new_main_lease",
                )
            )
        for line in ending:
            contract = line.contract_id
            if covered(line, contract.date_end + one_day):
                continue
            vals_list.append(
                self._prepare_move(line, "exit", contract.date_end, contract._svk_exit_reason())
            )
        return sorted(vals_list, key=lambda vals: (vals["date"], vals["kind"], vals["unit_code"]))

    def _prepare_move(self, line, kind, day, reason):
        unit = line.unit_id
        return {
            "inventory_id": self.id,
            "company_id": self.company_id.id,
            "kind": kind,
            "date": day,
            "unit_id": unit.id,
            "unit_code": unit.code,
            "street": " ".join(filter(None, (unit.street, unit.street2))),
            "zip": unit.zip,
            "city": unit.city,
            "owner_contract_id": line.contract_id.id,
            "contract_type": line.contract_id.contract_type,
            "reason": reason,
        }

    def _totals_by(self, groupby):
        """[(value, units, bedrooms, surface, rent)] of the inventory's lines grouped by
        `groupby` ("city" or "bedrooms"), from one query."""
        self.ensure_one()
        return self.env["svk.region.inventory.line"]._read_group(
            [("inventory_id", "=", self.id)],
            [groupby],
            ["__count", "bedrooms:sum", "surface:sum", "rent:sum"],
            order=f"{groupby}",
        )

    # -- the September reminder ------------------------------------------------------

    @api.model
    def _cron_september_reminder(self):
        """In September, each agency's inventory of 30 September is prepared as a draft
        and its SVK managers get an activity due on 31 October; once is enough."""
        today = fields.Date.context_today(self)
        if today.month != REFERENCE_MONTH:
            return
        day = reference_date(today.year)
        manager_group = self.env.ref(MANAGER)
        activity_type = self.env.ref("svk_region.mail_activity_type_svk_region_inventory")
        companies = self.env["svk.unit"].sudo()._read_group([], ["company_id"], ["__count"])
        for company, _count in companies:
            inventory = self.sudo().search(
                [("company_id", "=", company.id), ("date", "=", day)], limit=1
            ) or self.sudo().create({"company_id": company.id, "date": day})
            if inventory.state != "draft" or inventory.activity_ids.filtered(
                lambda act, t=activity_type: act.activity_type_id == t
            ):
                continue
            managers = manager_group.users.filtered(
                lambda user, c=company: not user.share and c in user.company_ids
            )
            for manager in managers:
                inventory.with_company(company).activity_schedule(
                    "svk_region.mail_activity_type_svk_region_inventory",
                    date_deadline=datetime.date(today.year, DUE_MONTH, DUE_DAY),
                    user_id=manager.id,
                    summary=self.env._("Send the stock inventory to the Region"),
                )


class SvkRegionInventoryPart(models.AbstractModel):
    """What an inventory's lines and movements share: frozen with their inventory once
    it is sent, by the ORM and by PostgreSQL's triggers."""

    _name = "svk.region.inventory.part"
    _description = "Part of a stock inventory"

    def init(self):
        if not self._abstract:
            freeze_parts(self.env.cr, self._table)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["svk.region.inventory"].browse(
            {vals["inventory_id"] for vals in vals_list}
        )._check_parts_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        self.inventory_id._check_parts_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        self.inventory_id._check_parts_editable()


class SvkRegionInventoryLine(models.Model):
    """One unit of the stock on the inventory's date, its figures stored as they were."""

    _name = "svk.region.inventory.line"
    _inherit = ["svk.region.inventory.part"]
    _description = "Unit of a stock inventory"
    _order = "inventory_id, city, zip, unit_code, id"
    _check_company_auto = True

    inventory_id = fields.Many2one(
        "svk.region.inventory", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_id = fields.Many2one(
        "svk.unit", required=True, ondelete="restrict", index=True, check_company=True
    )
    unit_code = fields.Char(string="Unit reference")
    street = fields.Char(string="Address")
    zip = fields.Char(string="Postcode")
    city = fields.Char(string="Commune")
    unit_type = fields.Selection(UNIT_TYPES, string="Type")
    bedrooms = fields.Integer()
    surface = fields.Float(string="Surface (m²)", digits=(8, 1), aggregator="sum")
    epc_class = fields.Selection(EPC_CLASSES, string="EPC class")
    owner_contract_id = fields.Many2one(
        "svk.owner.contract", string="Owner contract", ondelete="restrict", check_company=True
    )
    contract_type = fields.Selection(CONTRACT_TYPES, string="Contract type")
    lease_id = fields.Many2one("svk.lease", ondelete="restrict", check_company=True)
    lease_type = fields.Selection(LEASE_TYPES, string="Lease type")
    transit = fields.Boolean()
    rent = fields.Monetary(string="Tenant rent", aggregator="sum")
    rent_cap = fields.Monetary(string="Rent cap", aggregator=None)
    at_cap = fields.Boolean(string="At the cap")
    zone_uplift = fields.Boolean(string="+10 % zone uplift")
    income_position = fields.Selection(INCOME_POSITIONS, string="Income at entry")


class SvkRegionInventoryMove(models.Model):
    """A unit that entered or left the stock between two inventories, with why."""

    _name = "svk.region.inventory.move"
    _inherit = ["svk.region.inventory.part"]
    _description = "Entry into or exit from the stock"
    _order = "inventory_id, date, kind, unit_code, id"
    _check_company_auto = True

    inventory_id = fields.Many2one(
        "svk.region.inventory", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    kind = fields.Selection(MOVE_KINDS, required=True)
    date = fields.Date(required=True)
    unit_id = fields.Many2one(
        "svk.unit", required=True, ondelete="restrict", index=True, check_company=True
    )
    unit_code = fields.Char(string="Unit reference")
    street = fields.Char(string="Address")
    zip = fields.Char(string="Postcode")
    city = fields.Char(string="Commune")
    owner_contract_id = fields.Many2one(
        "svk.owner.contract", string="Owner contract", ondelete="restrict", check_company=True
    )
    contract_type = fields.Selection(CONTRACT_TYPES, string="Contract type")
    reason = fields.Selection(MOVE_REASONS, required=True)
