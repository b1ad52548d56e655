from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.svk_dashboard.pivots import dashboard_pivots, read_pivot
from odoo.addons.svk_housing.tests.common import SvkRentCase


class SvkDashboardCase(SvkRentCase):
    """The rent cycle's small agency (svk_housing), plus a building whose occupancy the
    dashboards report (dates around today: the reports read the database's today), its
    referrals and messages, another agency's records beside them, and the dashboards'
    users: a director (SVK Manager), an accountant (Billing and SVK User), plain staff
    (SVK User) and a social worker."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.window_start = cls.today.replace(day=1) - relativedelta(months=11)
        cls.director = new_test_user(
            cls.env,
            login="svk_director",
            groups="svk_housing.group_svk_manager",
            name="Dora Director",
        )
        cls.social = new_test_user(
            cls.env, login="svk_social", groups="svk_housing.group_svk_social", name="Sofia Social"
        )
        cls.billing_only = new_test_user(
            cls.env, login="svk_billing", groups="account.group_account_invoice", name="Bo Billing"
        )
        cls._occupancy_fixture()
        cls._referral_fixture()
        cls._message_fixture()
        cls.other_company = cls.env["res.company"].create({"name": "Other agency"})
        cls._other_company_fixture()

    # ---------------------------------------------------------------- fixtures
    @classmethod
    def _occupancy_fixture(cls):
        """Building "Dashboard" in the current agency: unit A managed since 100 days
        ago, let by two overlapping leases (one ended); unit B managed and never let;
        unit C under a draft contract only (not managed)."""
        today = cls.today
        cls.dash_building = cls.env["svk.building"].create({"name": "Dashboard building"})
        unit_a, unit_b, unit_c = cls.dash_units = cls.env["svk.unit"].create(
            [{"name": name, "building_id": cls.dash_building.id} for name in ("A", "B", "C")]
        )
        cls.dash_contract = cls._contract(
            units=unit_a | unit_b, date_start=today - timedelta(days=100), duration="3"
        )
        cls.dash_contract.state = "active"
        cls._contract(units=unit_c, date_start=today - timedelta(days=50), duration="3")
        lease_ended = cls.env["svk.lease"].create(
            {
                "unit_id": unit_a.id,
                "tenant_id": cls.tenant.id,
                "date_start": today - timedelta(days=80),
                "date_end": today - timedelta(days=40),
                "rent": 500.0,
            }
        )
        # entered twice by mistake, overlapping the first: a day counts once
        lease_running = cls.env["svk.lease"].create(
            {
                "unit_id": unit_a.id,
                "tenant_id": cls.tenant_2.id,
                "date_start": today - timedelta(days=45),
                "rent": 520.0,
            }
        )
        lease_ended.state = "ended"
        lease_running.state = "active"
        cls.dash_managed = [(today - timedelta(days=100), today)]
        cls.dash_leases = [
            (today - timedelta(days=80), today - timedelta(days=40)),
            (today - timedelta(days=45), today),
        ]

    @classmethod
    def _referral_fixture(cls):
        Partner = cls.env["res.partner"]
        cls.cpas_org = Partner.create(
            {"name": "CPAS Dashboard", "is_company": True, "svk_referral_org": True}
        )
        cls.justice_org = Partner.create(
            {
                "name": "Justice Dashboard",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "justice",
            }
        )
        households = Partner.create([{"name": f"Household {n}"} for n in range(5)])
        cls.env["svk.referral"].create(
            [
                {"organisation_id": cls.cpas_org.id, "partner_id": households[0].id},
                {"organisation_id": cls.cpas_org.id, "partner_id": households[1].id},
                {
                    "organisation_id": cls.cpas_org.id,
                    "partner_id": households[2].id,
                    "status": "ended",
                },
                {"organisation_id": cls.justice_org.id, "partner_id": households[3].id},
                {"organisation_id": cls.justice_org.id, "partner_id": households[4].id},
            ]
        )

    @classmethod
    def _message_fixture(cls):
        cls.env["svk.message"].create(
            [
                {"partner_id": cls.tenant.id, "channel": channel, "state": state, "body": "Hi"}
                for channel, state in (
                    ("sms", "sent"),
                    ("sms", "delivered"),
                    ("sms", "failed"),
                    ("whatsapp", "read"),
                    ("whatsapp", "failed"),
                    ("email", "sent"),
                )
            ]
            + [
                {
                    "partner_id": cls.tenant.id,
                    "channel": "sms",
                    "state": "received",
                    "direction": "in",
                    "body": "Ok",
                }
            ]
        )

    @classmethod
    def _other_company_fixture(cls):
        """Another agency with a managed vacant unit, a referral and a failed message."""
        other = cls.other_company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[other.id]))
        owner = env["res.partner"].create({"name": "Other owner", "company_id": other.id})
        unit = env["svk.unit"].create({"name": "Other 1", "company_id": other.id})
        contract = env["svk.owner.contract"].create(
            {
                "company_id": other.id,
                "owner_id": owner.id,
                "date_start": cls.today - timedelta(days=30),
                "duration": "3",
                "line_ids": [Command.create({"unit_id": unit.id, "owner_rent": 600.0})],
            }
        )
        contract.state = "active"
        org = env["res.partner"].create(
            {"name": "Other CPAS", "is_company": True, "svk_referral_org": True}
        )
        env["svk.referral"].create(
            {"company_id": other.id, "organisation_id": org.id, "partner_id": owner.id}
        )
        env["svk.message"].create(
            {"company_id": other.id, "partner_id": owner.id, "channel": "sms", "state": "failed"}
        )
        cls.other_unit = unit

    # ---------------------------------------------------------------- helpers
    @classmethod
    def _days(cls, ranges, first, last):
        """The days from `first` to `last` that one of `ranges` (first, last) covers."""
        return {
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if any(start <= first + timedelta(days=n) <= end for start, end in ranges)
        }

    def _expected_occupancy(self):
        """{month: (managed, let, vacant)} of the building, counted day by day."""
        expected = {}
        month = self.window_start
        while month <= self.today:
            last = min(month + relativedelta(months=1, days=-1), self.today)
            managed = self._days(self.dash_managed, month, last)
            let = managed & self._days(self.dash_leases, month, last)
            if managed:
                expected[month] = (len(managed), len(let), len(managed) - len(let))
            month += relativedelta(months=1)
        return expected

    def _pivots(self, xmlid, user):
        dashboard = self.env.ref(xmlid).with_user(user)
        return {pivot["name"]: pivot for pivot in dashboard_pivots(dashboard)}

    def _read(self, pivot, user, domain=()):
        return read_pivot(self.env(user=user), pivot, domain)
