from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from ..formula import correction_factor, indexed_rent
from .common import SvkIndexationCase


@tagged("post_install", "-at_install")
class TestIndexation(SvkIndexationCase):
    """Worked examples on Statbel's health index (data/reference)."""

    def _catch_up_jobs(self, batch):
        uuids = set(batch.line_ids.mapped("catch_up_job_uuid")) - {False}
        return self.env["queue.job"].search([("uuid", "in", list(uuids))])

    def _run_catch_up_jobs(self, batch):
        """The approval's catch-up jobs done, as the job runner does them."""
        jobs = self._catch_up_jobs(batch)
        for job in jobs:
            Job.load(self.env, job.uuid).perform()
        # the job's environment is the approver's: what it wrote is read afresh
        self.env.invalidate_all()
        return jobs

    def test_formula_on_published_figures(self):
        """smovin.app's example: €500 signed in December 2021, in force 1 January 2022,
        indexed on 1 January 2023: 500 × 127.89 (Dec 2022) ÷ 115.20 (Nov 2021) = 555.08."""
        self.assertEqual(self.Index._values([date(2021, 11, 1)]), {date(2021, 11, 1): 115.20})
        self.assertEqual(indexed_rent(500, 115.20, 127.89), 555.08)
        lease = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = self._batch("2023-01-01")
        line = self._line(batch, lease)
        self.assertRecordValues(
            line,
            [
                {
                    "state": "proposed",
                    "anniversary": date(2023, 1, 1),
                    "start_month": date(2021, 11, 1),
                    "start_index": 115.20,
                    "new_month": date(2022, 12, 1),
                    "new_index": 127.89,
                    "factor": 1.0,
                    "new_rent": 555.08,
                }
            ],
        )

    def test_correction_factors_anniversary_before_14_october(self):
        """Signed and in force on 1 February 2020, €1,000, indexed on 1 February 2024:
        130.19 (Jan 2024) ÷ 109.72 (Jan 2020) = 1,186.57; EPC E × ½(118.21 + 128.00) ÷
        128.00 (Jan 2022, Jan 2023) = 1,141.19; F, G or none × 118.21 ÷ 128.00 = 1,095.81;
        D: no factor."""
        leases = {
            epc: self._old_lease(unit, epc, "2020-02-01", "2020-02-01", 1000.0)
            for unit, epc in zip(self.flats, ["D", "E", "F", "G", False], strict=False)
        }
        batch = self._batch("2024-02-01")
        got = {epc: self._line(batch, lease) for epc, lease in leases.items()}
        self.assertEqual(got["D"].new_rent, 1186.57)
        self.assertEqual(got["E"].new_rent, 1141.19)
        self.assertAlmostEqual(got["E"].factor, 0.5 * (118.21 + 128.00) / 128.00, places=6)
        self.assertEqual(got["E"].factor_kind, "E")
        for epc in ("F", "G", False):
            self.assertEqual(got[epc].new_rent, 1095.81, epc)
            self.assertEqual(got[epc].factor_kind, "FG")
        self.assertEqual(got["D"].factor, 1.0)

    def test_correction_factors_anniversary_after_14_october(self):
        """In force 15 November 2021 (signed 20 October), €700, indexed 15 November 2024:
        the factor compares 2021 to 2022 (Oct 2021 113.94, Oct 2022 127.92)."""
        e = self._old_lease(self.flats[0], "E", "2021-11-15", "2021-10-20", 700.0)
        g = self._old_lease(self.flats[1], "G", "2021-11-15", "2021-10-20", 700.0)
        batch = self._batch("2024-11-01")
        self.assertEqual(self._line(batch, e).new_rent, 783.56)
        self.assertEqual(self._line(batch, g).new_rent, 738.27)
        self.assertAlmostEqual(self._line(batch, g).factor, 113.94 / 127.92, places=6)

    def test_no_factor_for_recent_leases_or_before_the_ordinance(self):
        recent = self._old_lease(self.flats[0], "G", "2022-11-01", "2022-10-20", 800.0)
        batch = self._batch("2024-11-01")
        self.assertEqual(self._line(batch, recent).factor, 1.0, "in force after 14/10/2022")
        self.assertEqual(
            correction_factor("G", date(2021, 11, 15), date(2022, 10, 13), lambda y: 100.0),
            (1.0, ""),
            "art. 224/2 limits anniversaries from 14 October 2022 (see test_freeze_year)",
        )
        self.assertEqual(
            correction_factor("G", date(2021, 11, 15), date(2023, 10, 14), {2021: 1, 2022: 2}.get),
            (0.5, "FG"),
        )
        self.assertEqual(
            correction_factor("G", date(2021, 11, 15), date(2023, 11, 15), {2022: 1}.get),
            (None, ""),
            "a missing index is said, not guessed",
        )

    def test_caps(self):
        Cap = self.env["svk.rent.cap"]
        Cap.create(
            [
                {
                    "date_from": "2024-01-01",
                    "date_to": "2024-12-31",
                    "unit_type": "apartment",
                    "bedrooms": 2,
                    "tenant_rent_max": 1100.0,
                    "owner_rent_max": 1050.0,
                },
                {
                    "date_from": "2023-01-01",
                    "date_to": "2023-12-31",
                    "unit_type": "apartment",
                    "bedrooms": 2,
                    "tenant_rent_max": 900.0,
                },
            ]
        )
        capped = self._old_lease(self.flats[0], "D", "2020-02-01", "2020-02-01", 1000.0)
        under = self._old_lease(self.flats[1], "F", "2020-02-01", "2020-02-01", 1000.0)
        batch = self._batch("2024-02-01")
        line = self._line(batch, capped)
        self.assertRecordValues(
            line, [{"indexed_rent": 1186.57, "cap": 1100.0, "new_rent": 1100.0}]
        )
        self.assertIn("cap", line.reason)
        self.assertEqual(self._line(batch, under).new_rent, 1095.81)
        self.assertFalse(self._line(batch, under).cap)

    def test_not_indexed_with_the_reason(self):
        unregistered = self._old_lease(
            self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0, registration_date=False
        )
        no_epc = self._old_lease(
            self.flats[1], "B", "2022-01-01", "2021-12-10", 500.0, epc_handed_over=False
        )
        self.Index.search([("month", "=", "2021-11-01")]).unlink()
        missing = self._old_lease(self.flats[2], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = self._batch("2023-01-01")
        self.assertEqual(self._line(batch, unregistered).state, "blocked")
        self.assertIn("not registered", self._line(batch, unregistered).reason)
        self.assertIn("EPC was not handed over", self._line(batch, no_epc).reason)
        self.assertIn("2021-11 is missing", self._line(batch, missing).reason)
        self.assertEqual(self._line(batch, missing).new_rent, 500.0)
        self.assertEqual(batch.blocked_count, 3)

    def test_approval_is_a_managers(self):
        lease = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = self._batch("2023-01-01")
        with self.assertRaises(AccessError):
            batch.with_user(self.svk_user).action_approve()
        self.assertEqual(lease.rent, 500.0)
        with freeze_time("2023-01-05"):
            batch.with_user(self.svk_manager).action_approve()
        self.assertEqual(batch.state, "approved")
        self.assertEqual(lease.rent, 555.08)
        self.assertEqual(lease.base_rent, 500.0, "the base stays the signature rent")
        self.assertEqual(
            sorted(lease.rent_history_ids.mapped(lambda h: (h.date_from, h.rent, h.reason))),
            [(date(2022, 1, 1), 500.0, "start"), (date(2023, 1, 1), 555.08, "indexation")],
        )
        # the next year starts again from the base rent and the signature's index:
        # 500 × 129.53 (Dec 2023) ÷ 115.20 (Nov 2021) = 562.196 → 562.20
        batch_2024 = self._batch("2024-01-01")
        self.assertEqual(self._line(batch_2024, lease).new_rent, 562.20)

    def test_mid_month_anniversary_prorata(self):
        """Indexed on the 15th: the month's invoice is the old rent for 14 days and the new
        one for the other 17 (January). New rent: 600 × 133.73 (Dec 2024) ÷ 115.20
        (Nov 2021) = 696.51; January: 600 × 14/31 + 696.51 × 17/31 = 652.92."""
        lease = self._old_lease(self.flats[0], "B", "2022-01-15", "2021-12-20", 600.0)
        batch = self._batch("2025-01-01")
        line = self._line(batch, lease)
        with freeze_time("2025-01-02"):
            batch.with_user(self.svk_manager).action_approve()
        self.assertEqual(line.effective_date, date(2025, 1, 15))
        self.assertEqual(line.new_rent, 696.51)
        run = self._run("2025-01-01")
        invoice = self._documents(lease_id=lease.id, kind="tenant", run_id=run.id)
        rent = invoice.invoice_line_ids.filtered(
            lambda move_line: move_line.account_id == lease._rent_account()
        )
        self.assertAlmostEqual(rent.price_unit, 652.92, places=2)
        february = self._documents(
            lease_id=lease.id, kind="tenant", run_id=self._run("2025-02-01").id
        )
        self.assertAlmostEqual(february.amount_untaxed, 696.51, places=2)

    def test_retroactive_three_months_at_most_and_catch_up(self):
        """Approved on 10 June 2024 for a 1 February anniversary: the new rent runs from
        10 March (three months back), and March (22 days) to June, already invoiced at
        the old rent, get the difference on an invoice each."""
        lease = self._old_lease(self.flats[0], "D", "2020-02-01", "2020-02-01", 1000.0)
        for period in ("2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"):
            self._run(period)
        batch = self._batch("2024-02-01")
        with freeze_time("2024-06-10"):
            batch.with_user(self.svk_manager).action_approve()
        batch = batch.with_env(self.env)
        line = self._line(batch, lease)
        self.assertEqual(line.effective_date, date(2024, 3, 10))
        # the approval returns at once: the catch-up documents are a background job's
        self.assertFalse(line.catch_up_move_ids)
        self.assertEqual(line.catch_up_state, "queued")
        self.assertEqual(lease.balance_due, 5 * 1000.0)
        jobs = self._catch_up_jobs(batch)
        self.assertRecordValues(
            jobs, [{"channel": "root.svk_rent_run", "state": "pending", "model_name": line._name}]
        )
        self.assertEqual(batch.catch_up_queued_count, 1)
        # done days later by the job runner: dated the approval's day all the same
        with freeze_time("2024-06-12"):
            self._run_catch_up_jobs(batch)
        self.assertEqual(line.catch_up_state, "done")
        batch.invalidate_recordset()
        self.assertEqual(batch.catch_up_queued_count, 0)
        catch_up = line.catch_up_move_ids
        self.assertEqual(set(catch_up.mapped("invoice_date")), {date(2024, 6, 10)})
        # a job done twice makes its documents once
        self._run_catch_up_jobs(batch)
        self.assertEqual(line.catch_up_move_ids, catch_up)
        self.assertEqual(
            sorted(catch_up.mapped(lambda move: (move.svk_period, move.amount_total))),
            [
                (date(2024, 3, 1), round(186.57 * 22 / 31, 2)),
                (date(2024, 4, 1), 186.57),
                (date(2024, 5, 1), 186.57),
                (date(2024, 6, 1), 186.57),
            ],
        )
        self.assertEqual(set(catch_up.mapped("state")), {"posted"})
        self.assertEqual(set(catch_up.mapped("payment_reference")), {lease.payment_reference})
        owed = 5 * 1000.0 + round(186.57 * 22 / 31, 2) + 3 * 186.57
        # the tenant's receivable says the same: five months at €1,000 and the differences
        self.assertAlmostEqual(lease.balance_due, owed, places=2)
        # the catch-ups are rent: a payment plan schedules them with it
        plan = self.env["svk.payment.plan"].create(
            {"lease_id": lease.id, "instalment_amount": 500.0, "date_start": "2024-06-10"}
        )
        self.assertAlmostEqual(plan.debt_amount, owed, places=2)
        july = self._documents(lease_id=lease.id, kind="tenant", run_id=self._run("2024-07-01").id)
        self.assertAlmostEqual(july.amount_untaxed, 1186.57, places=2)
        # April invoiced again (cancelled, the month run anew): at the new rent, less what
        # its catch-up already charged
        april = self._documents(lease_id=lease.id, kind="tenant", period=date(2024, 4, 1))
        april.button_cancel()
        with freeze_time("2024-07-15"):
            lease.invalidate_recordset()
            again = self.env["svk.lease"].browse(lease.id)._prepare_rent_invoices(date(2024, 4, 1))
        self.assertAlmostEqual(again[0]["invoice_line_ids"][0][2]["price_unit"], 1000.0, places=2)

    def test_not_indexed_at_first_then_approved_later(self):
        """A lease not registered when the month is approved is proposed again once it
        is, and approved then."""
        done = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        late = self._old_lease(
            self.flats[1], "B", "2022-01-01", "2021-12-10", 500.0, registration_date=False
        )
        batch = self._batch("2023-01-01")
        with freeze_time("2023-01-05"):
            batch.with_user(self.svk_manager).action_approve()
        self.assertEqual(batch.state, "draft", "a lease is left to index")
        self.assertEqual(late.rent, 500.0)
        late.registration_date = "2023-01-20"
        with freeze_time("2023-02-02"):
            batch.with_user(self.svk_user).action_propose()
            self.assertEqual(self._line(batch, done).state, "approved")
            self.assertEqual(self._line(batch, late).state, "proposed")
            batch.with_user(self.svk_manager).action_approve()
        self.assertEqual(batch.state, "approved")
        self.assertEqual((done.rent, late.rent), (555.08, 555.08))
        self.assertEqual(self._line(batch, late).effective_date, date(2023, 1, 1))

    def test_a_rent_changed_by_hand_after_an_indexation(self):
        lease = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = self._batch("2023-01-01")
        with freeze_time("2023-01-05"):
            batch.with_user(self.svk_manager).action_approve()
        with freeze_time("2023-03-01"):
            lease.rent = 540.0
        self.assertEqual(
            lease.rent_history_ids.sorted("date_from")[-1:].mapped(
                lambda h: (h.date_from, h.rent, h.reason)
            ),
            [(date(2023, 3, 1), 540.0, "manual")],
        )
        with freeze_time("2023-03-20"):
            march = self._documents(
                lease_id=lease.id, kind="tenant", run_id=self._run("2023-03-01").id
            )
        self.assertAlmostEqual(march.amount_untaxed, 540.0, places=2)

    def test_staff_propose_but_do_not_touch_the_figures(self):
        lease = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = self._batch("2023-01-01")
        line = self._line(batch, lease).with_user(self.svk_user)
        with self.assertRaises(AccessError):
            line.new_rent = 900.0
        # the region's caps are every agency's: an agency's manager keeps to its own
        Cap = self.env["svk.rent.cap"].with_user(self.svk_manager)
        with self.assertRaises(AccessError):
            Cap.create({"date_from": "2024-01-01", "unit_type": "studio", "bedrooms": 0})
        shared = self.env["svk.rent.cap"].create(
            {"date_from": "2025-01-01", "unit_type": "room", "bedrooms": 0}
        )
        with self.assertRaises(AccessError):
            shared.with_user(self.svk_manager).tenant_rent_max = 1.0
        own = Cap.create(
            {
                "date_from": "2024-01-01",
                "unit_type": "studio",
                "bedrooms": 0,
                "company_id": self.company.id,
                "tenant_rent_max": 500.0,
            }
        )
        own.tenant_rent_max = 520.0
        self.assertEqual(own.tenant_rent_max, 520.0)

    def test_factor_not_applied_twice_to_a_lease_brought_in_running(self):
        """An EPC E lease of 2020 imported in May 2024 at its rent of February 2024, which
        had the correction factor in it: the 2025 indexation applies the index only."""
        self.flats[0].write({"epc_class": "E", "state": "available"})
        with freeze_time("2024-05-20"):
            Lease = self.env["svk.lease"]
            lease = Lease.create(
                Lease._svk_running_vals(
                    {
                        "unit_id": self.flats[0].id,
                        "tenant_id": self.tenant_3.id,
                        "date_signature": "2020-02-01",
                        "date_start": "2020-02-01",
                        "rent": 1141.19,
                        "registration_date": "2020-02-10",
                        "epc_handed_over": True,
                        "state": "active",
                    }
                )
            )
        batch = self._batch("2025-02-01")
        line = self._line(batch, lease)
        self.assertEqual(line.factor, 1.0)
        self.assertIn("already in the base rent", line.reason)
        # 1141.19 × 135.52 (Jan 2025) ÷ 130.19 (Jan 2024) = 1187.91, no factor again
        self.assertEqual(line.new_rent, 1187.91)

    def test_approval_says_the_new_rents_once_per_lease_and_contract(self):
        """The lease's chatter gets one message with its new rent; an owner contract whose
        units are indexed together gets one message listing them, and its bill of the
        month already billed gets the difference from the catch-up job."""
        self._figures(m2026_12=140.0)
        tenant_lease = self._old_lease(self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        self.mandate.indexed = True
        self.flats[1].state = "available"
        # a unit of the main lease's, indexed with the mandate's (another amount)
        self.main_lease.with_user(self.svk_manager).line_ids = [
            self._unit_line(self.flats[1], 900.0)
        ]
        with freeze_time("2027-01-02"):
            self._run("2027-01-01")
        batch = self._batch("2027-01-01")
        owner_lines = batch.with_env(self.env).line_ids.filtered(lambda line: line.kind == "owner")
        self.assertEqual(len(owner_lines), 4)
        self.assertEqual(len(owner_lines.filtered(lambda line: line.state == "proposed")), 4)
        contracts = [self.mandate, self.main_lease, tenant_lease]
        before = {record: record.message_ids for record in contracts}
        with freeze_time("2027-01-05"):
            batch.with_user(self.svk_manager).action_approve()
        for record in contracts:
            new = record.message_ids - before[record]
            self.assertEqual(len(new), 1, record.display_name)
        lease_message = tenant_lease.message_ids - before[tenant_lease]
        line = self._line(batch, tenant_lease)
        self.assertIn(f"{line.new_rent:.2f}", lease_message.body)
        self.assertIn("Rent indexed", lease_message.body)
        main_message = self.main_lease.message_ids - before[self.main_lease]
        for unit in self.units[2] | self.flats[1]:
            self.assertIn(unit.display_name, main_message.body)
        rents = {line.contract_line_id: line.new_rent for line in owner_lines}
        self.assertEqual(
            {line: line.owner_rent for line in rents}, rents, "the new guaranteed rents"
        )
        self.assertFalse(owner_lines.catch_up_move_ids)
        self.assertEqual(set(owner_lines.mapped("catch_up_state")), {"queued"})
        self._run_catch_up_jobs(batch)
        differences = {}
        for line in owner_lines:
            differences.setdefault(line.contract_id, 0.0)
            differences[line.contract_id] += round(line.new_rent - line.old_rent, 2)
        for contract, difference in differences.items():
            bill = owner_lines.filtered(lambda line, c=contract: line.contract_id == c)
            self.assertEqual(len(bill.catch_up_move_ids), 1)
            self.assertAlmostEqual(bill.catch_up_move_ids.amount_total, difference, places=2)
        # the main lease's owner is owed January at the new rents, on the payable account
        payable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.owner_b.id),
                ("account_id.account_type", "=", "liability_payable"),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertAlmostEqual(
            -sum(payable.mapped("balance")),
            sum(self.main_lease.line_ids.mapped("owner_rent")),
            places=2,
        )
