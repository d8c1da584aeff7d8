"""「补贴测算」: the public calculator page. Parsing and calculation live in the policies
services."""

import datetime as dt

from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.core.i18n import date_label
from innovoucher.core.money import fen_to_yuan_display, yuan_to_fen
from innovoucher.policies.engine.vocabulary import FUNDER_LEVELS, PAYEES
from innovoucher.policies.labels import label
from innovoucher.policies.selectors import policy_family_list
from innovoucher.policies.services import quote_compute
from innovoucher.portal.forms import QuoteForm

VERDICT_LABELS = {
    "fail": gettext_lazy("不符合"),
    "refer": gettext_lazy("需核实"),
    "record": gettext_lazy("须知"),
    "eligible": gettext_lazy("结论"),
}


def quote_page(request):
    families = policy_family_list()
    choices = [(f.slug, f.name) for f in families]
    context = {"families": families}
    if request.method == "POST":
        form = QuoteForm(request.POST, policies=choices)
        if form.is_valid():
            try:
                context["result"] = _present(quote_compute(form.to_request()))
            except DomainError as exc:
                form.add_error(None, exc.message)
    else:
        today = clock.today()
        form = QuoteForm(
            policies=choices,
            initial={"policy": request.GET.get("policy", ""), "on": today, "completed_on": today},
        )
    context["form"] = form
    template = (
        "portal/quote_result.html" if request.headers.get("HX-Request") else "portal/quote.html"
    )
    return render(request, template, context)


def _yuan(text: str) -> str:
    return fen_to_yuan_display(yuan_to_fen(text))


def _present(result: dict) -> dict:
    """Labels for the template; amounts stay the strings the engine produced."""
    result["share_rows"] = [
        (label(FUNDER_LEVELS[k]), _yuan(v)) for k, v in result["shares"].items()
    ]
    result["subsidy_label"] = _yuan(result["subsidy"])
    result["on_label"] = date_label(dt.date.fromisoformat(result["on"]))
    payee = PAYEES.get(result["payee"] or "")
    result["payee_label"] = label(payee) if payee else "—"
    for reason in result["reasons"]:
        verdict = VERDICT_LABELS.get(reason["verdict"])
        reason["verdict_label"] = gettext(verdict) if verdict else reason["verdict"]
    return result
