"""The project's own promises about its setup (cross-addon, run by pytest-odoo only)."""

import os
import subprocess
from pathlib import Path

import odoo

ROOT = Path(__file__).resolve().parent.parent


def test_addons_path_holds_only_odoo_ours_and_oca_wheels():
    paths = [Path(p) for p in odoo.tools.config["addons_path"].split(",")]
    src = Path(os.environ["ODOO_SRC"]).resolve()
    assert paths == [src / "addons", src / "odoo" / "addons", ROOT]
    loaded = {Path(p).resolve() for p in odoo.addons.__path__}
    assert not any("custom_addons" in str(p) for p in loaded), loaded


def test_missing_odoo_source_is_explained(tmp_path):
    result = subprocess.run(
        [str(ROOT / "tools" / "check_odoo_src.sh"), str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no Odoo source tree at" in result.stderr
    assert "Odoo 18.0 Community" in result.stderr


def test_wrong_odoo_version_is_refused(tmp_path):
    (tmp_path / "odoo" / "addons" / "base").mkdir(parents=True)
    (tmp_path / "addons" / "account").mkdir(parents=True)
    (tmp_path / "odoo-bin").write_text("")
    (tmp_path / "odoo" / "release.py").write_text("version_info = (17, 0, 0, 'final', 0, '')\n")
    result = subprocess.run(
        [str(ROOT / "tools" / "check_odoo_src.sh"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "is not Odoo 18.0" in result.stderr


def test_the_real_source_tree_passes():
    result = subprocess.run(
        [str(ROOT / "tools" / "check_odoo_src.sh"), os.environ["ODOO_SRC"]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
