#!/usr/bin/env bash
# Says exactly what is missing when there is no Odoo 18.0 Community source tree.
set -euo pipefail
src="${1:-/opt/odoo18}"
fail() {
    cat >&2 <<MSG
error: $1

The SVK suite runs on an Odoo 18.0 Community source tree, taken from \$ODOO_SRC
(default /opt/odoo18). Provide one, for example:

    git clone --depth 1 --branch 18.0 <odoo-18.0-community-repository> /opt/odoo18

or point ODOO_SRC at an existing checkout:  make test ODOO_SRC=/path/to/odoo

The tree must contain odoo-bin, odoo/release.py (version 18.0), addons/ and odoo/addons/.
MSG
    exit 1
}
[ -d "$src" ] || fail "no Odoo source tree at $src"
[ -f "$src/odoo-bin" ] || fail "$src has no odoo-bin"
[ -f "$src/odoo/release.py" ] || fail "$src has no odoo/release.py"
[ -d "$src/addons/account" ] && [ -d "$src/odoo/addons/base" ] \
    || fail "$src lacks addons/account or odoo/addons/base"
grep -qE "^version_info = \(18, 0," "$src/odoo/release.py" \
    || fail "$src is not Odoo 18.0 ($(grep -m1 '^version_info' "$src/odoo/release.py"))"
for ee in web_enterprise account_accountant; do
    [ ! -d "$src/addons/$ee" ] || fail "$src carries Enterprise module $ee: use Community"
done
