#!/usr/bin/env bash
# `make test`: a fresh database with the addons (no Odoo demo data), every test (addon
# tests and the cross-addon tests/) through pytest-odoo with the HTTP server on, then the
# database is dropped. An unexpected skip fails the run (conftest.py). Then each addon
# alone (tools/test_alone.sh): its own tests on a database with only its dependencies.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-$PWD/.venv}/bin/python"
DB="svk_test_$(date +%s)_$$"
ADDONS="${ADDONS:-svk_housing,svk_messaging,svk_partners,svk_import,svk_indexation,svk_charges,svk_gdpr,svk_portal,svk_repair,svk_partners_portal,svk_region,svk_dashboard,svk_demo}"

cleanup() { "$PY" tools/svk_db.py drop "$DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

echo "make test: creating database $DB (l10n_be,$ADDONS)"
"$PY" tools/svk_db.py create "$DB" --modules "l10n_be,$ADDONS" || exit 1

echo "make test: running tests"
"$PY" -m pytest \
    --odoo-config=odoo.conf \
    --odoo-database="$DB" \
    --odoo-http \
    --odoo-log-level=warn \
    -p no:cacheprovider \
    ${PYTEST_ARGS:-} \
    ${ADDONS//,/ } tests
rc=$?
cleanup

# then each addon alone, on a database with only its declared dependencies (ALONE=0 skips)
if [ "${ALONE:-1}" != 0 ]; then
    ADDONS="$ADDONS" tools/test_alone.sh || rc=1
fi
exit $rc
