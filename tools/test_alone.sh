#!/usr/bin/env bash
# `make test`, second part: each addon alone. For every addon, a fresh database with
# l10n_be and that addon only (Odoo installs its declared dependencies with it), that
# addon's own tests (pytest-odoo, HTTP server on), then the database is dropped. An addon
# that needs another one it does not declare fails here, not at an agency's installation.
# One addon after the other (the machines have few cores); the run fails if any fails.
#
#     tools/test_alone.sh                    # every addon of $ADDONS
#     ADDONS=svk_charges tools/test_alone.sh # one
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-$PWD/.venv}/bin/python"
ADDONS="${ADDONS:-svk_housing,svk_messaging,svk_partners,svk_import,svk_indexation,svk_charges,svk_gdpr,svk_portal,svk_repair,svk_partners_portal,svk_region,svk_dashboard,svk_demo}"

DB=""
cleanup() { [ -n "$DB" ] && "$PY" tools/svk_db.py drop "$DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

failed=()
for addon in ${ADDONS//,/ }; do
    started=$SECONDS
    DB="svk_alone_${addon}_$(date +%s)_$$"
    echo "make test (alone): $addon: creating database $DB (l10n_be,$addon)"
    if "$PY" tools/svk_db.py create "$DB" --modules "l10n_be,$addon"; then
        "$PY" -m pytest \
            --odoo-config=odoo.conf \
            --odoo-database="$DB" \
            --odoo-http \
            --odoo-log-level=warn \
            -p no:cacheprovider \
            ${PYTEST_ARGS:-} \
            "$addon" || failed+=("$addon")
    else
        failed+=("$addon")
    fi
    cleanup
    DB=""
    echo "make test (alone): $addon done in $((SECONDS - started))s"
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "make test (alone): FAILED alone: ${failed[*]}"
    exit 1
fi
echo "make test (alone): every addon passes alone"
