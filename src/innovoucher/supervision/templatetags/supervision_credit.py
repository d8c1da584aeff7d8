"""`{% credit_commitments family org1 org2 %}`: the credit commitments (信用承诺, Shaoxing 四（三）)
the parties of an application signed under its policy, shown on every application page."""

from __future__ import annotations

from django import template

from innovoucher.supervision import selectors

register = template.Library()


@register.inclusion_tag("supervision/_commitments_line.html")
def credit_commitments(family: str, *organisations) -> dict:
    rows = []
    for org in organisations:
        if org is None or not family:
            continue
        rows.append((org, selectors.commitment_latest(org, family)))
    asked = bool(family) and selectors.commitment_rule(family, _today()) is not None
    return {"rows": rows, "asked": asked or any(c for _, c in rows)}


def _today():
    return selectors.clock_today()
