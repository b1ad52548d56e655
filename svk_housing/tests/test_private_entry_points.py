from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPrivateEntryPoints(TransactionCase):
    """No bulk entry point of the suite is reachable through JSON-RPC."""

    def test_no_bulk_entry_point_of_the_suite_is_public(self):
        """Generators, crons, jobs, runs and loaders of the suite's addons are private:
        JSON-RPC reaches only the buttons, whose rights the access rules decide (an
        override of Odoo's or the OCA's own button stays theirs)."""
        prefixes = ("generate", "cron", "job", "run", "load", "demo", "import", "process")
        public = set()
        for model in self.env.registry:
            cls = type(self.env[model])
            for name in dir(cls):
                if name.startswith("_") or not name.startswith(prefixes):
                    continue
                method = getattr(cls, name, None)
                if (
                    callable(method)
                    and getattr(method, "__module__", "").startswith("odoo.addons.svk_")
                    and not getattr(method, "_api_private", False)
                    and not any(
                        name in vars(base)
                        for base in cls.mro()
                        if not base.__module__.startswith("odoo.addons.svk_")
                    )
                ):
                    public.add(f"{model}.{name}")
        self.assertFalse(public)
