#!/usr/bin/env bash
# Refresh the English catalogue: extract, fill from scripts/en.tsv, compile (needs gettext).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd src/innovoucher && ../../.venv/bin/django-admin makemessages -l en --no-wrap --no-location --no-obsolete \
  --settings=innovoucher.settings --pythonpath=.. -i "tests/*" >/dev/null)
sed -i '0,/^#, fuzzy$/{/^#, fuzzy$/d}' src/innovoucher/locale/en/LC_MESSAGES/django.po
sed -i 's/^"Language: \\n"/"Language: en\\n"/' src/innovoucher/locale/en/LC_MESSAGES/django.po
.venv/bin/python scripts/po_fill.py
msgfmt -o src/innovoucher/locale/en/LC_MESSAGES/django.mo src/innovoucher/locale/en/LC_MESSAGES/django.po
