# SVK suite: `make run` serves the demo agency, `make test` runs every test on a fresh
# database. See README.md.

ODOO_SRC ?= /opt/odoo18
PYTHON ?= python3.11
VENV ?= $(CURDIR)/.venv
PY := $(VENV)/bin/python
ODOO_BIN := $(PY) $(ODOO_SRC)/odoo-bin
DB ?= svk_demo
SIZE ?=
SUITE ?= all
PORT ?= 8069
ADDONS := svk_housing svk_messaging svk_partners svk_import svk_indexation svk_charges svk_gdpr svk_portal svk_repair svk_partners_portal svk_region svk_dashboard svk_demo

export ODOO_SRC
export SVK_ROOT := $(CURDIR)

.PHONY: setup check-odoo check-pg system-deps run demo-db test lint bench i18n clean

check-odoo:
	@tools/check_odoo_src.sh "$(ODOO_SRC)"

system-deps:
	@tools/system_deps.sh

$(VENV)/.installed: requirements.txt | check-odoo
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# Odoo first, as a path entry: the OCA wheels require the "odoo" distribution
	$(PY) -m pip install --quiet --no-deps --config-settings editable_mode=compat -e $(ODOO_SRC)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# axe-core (pinned in tools/axe/package-lock.json) for the portal's accessibility checks
tools/axe/node_modules/axe-core/axe.min.js: tools/axe/package-lock.json | system-deps
	npm ci --prefix tools/axe --no-audit --no-fund --silent
	@touch $@

setup: check-odoo system-deps $(VENV)/.installed tools/axe/node_modules/axe-core/axe.min.js

check-pg: setup
	@$(PY) tools/check_pg.py

# the database with the suite, then svk_demo installed and its agency built (svk_db.py demo):
# a copy of the demo agency cached as a PostgreSQL template, built once per version of the
# addons' code, size and month (svk_db.py create --cached)
demo-db: check-pg
	@$(PY) tools/svk_db.py exists $(DB) \
	  || $(PY) tools/svk_db.py create $(DB) --demo-size $(or $(SIZE),800) --lang fr_BE,nl_BE --cached

run: demo-db
	@echo ""
	@echo "  SVK suite: http://localhost:$(PORT)  (database $(DB))"
	@echo "  Log in as admin / admin (Odoo's default administrator of a new database)."
	@echo "  Stop with Ctrl-C. A second 'make run' reuses the database."
	@echo ""
	$(ODOO_BIN) -c odoo.conf -d $(DB) --db-filter='^$(DB)$$' --http-port=$(PORT)

test: check-pg
	@tools/run_tests.sh

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pylint --rcfile=.pylintrc $(ADDONS) tools bench tests

# make bench [SUITE=housing|rent_run|bank|...] [SIZE=800,3200]: see bench/run.py;
# make bench SUITE=agencies [COUNT=24] [SIZE=350]: a region's agencies on one server (DEPLOY.md)
bench: check-pg
	$(PY) bench/run.py --suite $(SUITE) --size "$(SIZE)" $(if $(COUNT),--count $(COUNT))

i18n: check-pg
	$(PY) tools/i18n.py $(ADDONS)

clean:
	rm -rf $(VENV) .odoo-data
