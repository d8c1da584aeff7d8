"""Statements per funder (by year) and per payee."""

from __future__ import annotations

from innovoucher.ledger import selectors
from innovoucher.ledger.views._common import finance_page, page


def _funder_choice(request, options) -> tuple[str, int] | None:
    raw = request.GET.get("funder", "")
    if ":" in raw:
        region, _, year = raw.partition(":")
        if year.isdigit() and (region, int(year)) in options:
            return region, int(year)
    return options[0] if options else None


@finance_page
def statements(request):
    options = selectors.funder_options(actor=request.user)
    chosen = _funder_choice(request, options)
    funder = (
        selectors.statement_for_funder(
            actor=request.user, funder_region=chosen[0], fiscal_year=chosen[1]
        )
        if chosen
        else None
    )
    payee_query = request.GET.get("payee", "").strip()
    payees = (
        selectors.statement_for_payee(actor=request.user, payee_name=payee_query)
        if payee_query
        else []
    )
    context = {
        "options": options,
        "chosen": chosen,
        "funder": funder,
        "payee_query": payee_query,
        "payees": payees,
    }
    return page(request, "ledger/statements.html", context, tab="ledger:statements")
