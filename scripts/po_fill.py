"""Fill the msgstr of src/innovoucher/locale/en/LC_MESSAGES/django.po from scripts/en.tsv
(`中文<TAB>English`, plural forms as `中文<TAB>singular<TAB>plural`), keeping existing
translations; prints the msgids still untranslated. Then `msgfmt` (or the test's compiler)."""

import re
import sys
from pathlib import Path

PO = Path("src/innovoucher/locale/en/LC_MESSAGES/django.po")
TSV = Path("scripts/en.tsv")


def unquote(lines):
    return "".join(re.fullmatch(r'"(.*)"', ln.strip()).group(1) for ln in lines)


def quote(text):
    return '"' + text.replace('"', '\\"') + '"'


table = {}
for row in TSV.read_text(encoding="utf-8").splitlines():
    if row.strip() and not row.startswith("#"):
        parts = row.split("\t")
        table[parts[0].replace('"', '\\"')] = parts[1:]

out, missing = [], []
for block in PO.read_text(encoding="utf-8").strip().split("\n\n"):
    raw = block.strip("\n").split("\n")
    # A fuzzy entry's msgstr is msgmerge's guess from a similar msgid, not a translation.
    fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in raw)
    lines = [ln.replace("#, fuzzy, ", "#, ") for ln in raw]
    keys = {}
    current = None
    for i, ln in enumerate(lines):
        m = re.match(r"^(msgid|msgid_plural|msgstr|msgstr\[\d\])\s+(\".*\")$", ln)
        if m:
            current = m.group(1)
            keys[current] = [i]
        elif ln.startswith('"') and current:
            keys[current].append(i)
    if "msgid" not in keys:
        out.append(block)
        continue
    msgid = unquote(
        [lines[i].split(" ", 1)[1] if j == 0 else lines[i] for j, i in enumerate(keys["msgid"])]
    )
    if not msgid:
        out.append(block)
        continue
    head = [
        ln
        for k, ln in enumerate(lines)
        if not any(k in v for name, v in keys.items() if name.startswith("msgstr"))
    ]
    have = {
        name: unquote([lines[i].split(" ", 1)[1] if j == 0 else lines[i] for j, i in enumerate(v)])
        for name, v in keys.items()
        if name.startswith("msgstr")
    }
    if fuzzy:
        have = {}
    head = [ln for ln in head if ln != "#, fuzzy" and not ln.startswith("#|")]
    en = table.get(msgid)
    if "msgid_plural" in keys:
        s0 = (en[0] if en else "") or have.get("msgstr[0]", "")
        s1 = (en[1] if en and len(en) > 1 else "") or have.get("msgstr[1]", "") or s0
        if not s0:
            missing.append(msgid)
        out.append("\n".join(head + [f"msgstr[0] {quote(s0)}", f"msgstr[1] {quote(s1)}"]))
    else:
        s = (en[0] if en else "") or have.get("msgstr", "")
        if not s:
            missing.append(msgid)
        out.append("\n".join(head + [f"msgstr {quote(s)}"]))
PO.write_text("\n\n".join(out) + "\n", encoding="utf-8")
print("\n".join(missing))
sys.exit(0)
