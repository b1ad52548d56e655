from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

MODELS = ("svk.building", "svk.unit", "svk.owner.contract", "svk.lease", "res.partner.bank")


def _counts(env):
    return {model: env[model].sudo().search_count([]) for model in MODELS}


@tagged("post_install", "-at_install")
class TestDemoGeneratorRpc(HttpCase):
    """No one reaches the demo generator through JSON-RPC: not a plain internal user, not
    agency staff, not even an SVK manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in (
            ("svk_demo_plain", "base.group_user"),
            ("svk_demo_user", "svk_housing.group_svk_user"),
            ("svk_demo_manager", "svk_housing.group_svk_manager"),
        ):
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups=groups)

    def _call_kw(self, model, method, kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": [], "kwargs": kwargs},
        )

    def test_call_kw_of_the_generator_is_refused(self):
        before = _counts(self.env)
        calls = [
            ("generate", {"size": 4, "seed": 1}),
            ("_generate", {"size": 4, "seed": 1}),
            ("generate_months", {"months": 1, "seed": 1}),
            ("_generate_months", {"months": 1, "seed": 1}),
            ("_check_demo_allowed", {}),
        ]
        for login in ("svk_demo_plain", "svk_demo_user", "svk_demo_manager"):
            self.authenticate(login, f"{login}_pw")
            for method, kwargs in calls:
                with (
                    self.subTest(login=login, method=method),
                    self.assertRaises(JsonRpcException) as caught,
                ):
                    self._call_kw("svk.demo.generator", method, kwargs)
                if method.startswith("_"):
                    self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
                else:
                    # the public names are gone: nothing of that name is callable
                    self.assertEqual(caught.exception.args[0], "builtins.AttributeError")
        self.assertEqual(_counts(self.env), before, "nothing was written")


@tagged("post_install", "-at_install")
class TestDemoGeneratorGuard(TransactionCase):
    """Through the ORM, the generator is a system administrator's only, and it refuses a
    company that holds real data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="svk_demo_orm_manager", groups="svk_housing.group_svk_manager"
        )
        cls.admin = new_test_user(
            cls.env, login="svk_demo_orm_admin", groups="base.group_user,base.group_system"
        )
        cls.generator = cls.env["svk.demo.generator"]

    def test_staff_cannot_generate(self):
        before = _counts(self.env)
        generator = self.generator.with_user(self.manager)
        with self.assertRaises(AccessError):
            generator._generate(size=4, seed=1)
        with self.assertRaises(AccessError):
            generator._generate_months(months=1, seed=1)
        self.assertEqual(_counts(self.env), before)

    def test_a_company_with_real_data_is_refused(self):
        self.env["svk.building"].create({"name": "Résidence réelle"})
        before = _counts(self.env)
        for generator in (self.generator, self.generator.with_user(self.admin)):
            with self.subTest(user=generator.env.user.login):
                with self.assertRaisesRegex(UserError, "already holds real data"):
                    generator._generate(size=4, seed=1)
                with self.assertRaisesRegex(UserError, "already holds real data"):
                    generator._generate_months(months=1, seed=1)
        self.assertEqual(_counts(self.env), before, "nothing was written")

    def test_a_company_with_posted_entries_is_refused(self):
        company = self.env.company
        company._svk_check_accounting()
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )
        accounts = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(company),
                ("account_type", "=", "expense"),
            ],
            limit=2,
        )
        move = self.env["account.move"].create(
            {
                "journal_id": journal.id,
                "line_ids": [
                    Command.create({"account_id": accounts[0].id, "debit": 12.34}),
                    Command.create({"account_id": accounts[1].id, "credit": 12.34}),
                ],
            }
        )
        move.action_post()
        before = _counts(self.env)
        with self.assertRaisesRegex(UserError, "already holds real data"):
            self.generator.with_user(self.admin)._generate(size=4, seed=1)
        self.assertEqual(_counts(self.env), before, "nothing was written")

    def test_the_generator_fills_its_own_company_again(self):
        """What the generator made is not real data: it may run again on it."""
        stats = self.generator._generate(size=8, seed=2)
        self.assertEqual(stats["units"], 8)
        self.generator.with_user(self.admin)._check_demo_allowed()
        # another company, with real data of its own, is still refused
        other = self.env["res.company"].create({"name": "Agence réelle"})
        self.env["svk.building"].with_company(other).create(
            {"name": "Résidence réelle", "company_id": other.id}
        )
        with self.assertRaisesRegex(UserError, "already holds real data"):
            self.generator.with_company(other)._check_demo_allowed()
