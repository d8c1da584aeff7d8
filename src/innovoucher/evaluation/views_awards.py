"""The provider's award page (服务机构补助测算): last year's award computed from its paid
redemptions.
Parse, call one selector, render. Mounted at /providers/workspace/award/ (`providers:award`,
composed
in the root urls): the page reads the provider's paid redemptions and its evaluation grades, so it
lives in evaluation, above providers and redemptions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from innovoucher.core import clock
from innovoucher.core.web import domain_errors
from innovoucher.evaluation import selectors as evaluation
from innovoucher.evaluation.award_figures import provider_award_panels
from innovoucher.policies.engine.awards.model import GRADES
from innovoucher.policies.engine.awards.request import PUBLIC_INSTITUTION_KINDS
from innovoucher.policies.engine.vocabulary import FUNDER_LEVELS
from innovoucher.providers import selectors

YEARS_BACK = 5
GRADE_LABELS = {
    "": _("按本机构的评价结果（未评价按 D 级）"),
    "A": _("A 级"),
    "B": _("B 级"),
    "C": _("C 级"),
    "D": _("D 级"),
}


@login_required
@domain_errors
def award(request):
    actor = request.user
    this_year = clock.today().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    year = _choice(request.GET.get("year"), {str(y): y for y in years}, this_year - 1)
    grade = _choice(request.GET.get("grade"), {g: g for g in GRADES}, "")
    own = selectors.provider_orgs_for_staff(actor=actor)
    awards = evaluation.provider_awards_for_staff(actor=actor)
    claims = evaluation.claim_status(w.claim_reference for w in awards)
    for w in awards:
        w.payment = claims.get(w.claim_reference)  # the ledger claim: reserved, queued, paid
    providers = [
        {
            "org": org,
            "panels": provider_award_panels(
                actor=actor,
                provider=org,
                year=year,
                grade=grade or "D",
                grades=None if grade else _grades(org, year),
            ),
            "public_institution": org.provider_kind in PUBLIC_INSTITUTION_KINDS,
        }
        for org in own
    ]
    return render(
        request,
        "providers/award.html",
        {
            "providers": providers,
            "year": year,
            "years": years,
            "grade": grade,
            "grades": GRADE_LABELS.items(),
            "funders": FUNDER_LEVELS,
            "awards": awards,
            "evaluations": evaluation.provider_evaluations_for_staff(actor=actor, year=year),
        },
    )


def _grades(org, year: int) -> dict[str, str]:
    """The provider's published evaluation grade per family for `year` (evaluation's selector)."""
    return {
        family: g
        for (pk, family), g in evaluation.provider_grades(providers_ids=[org.pk], year=year).items()
        if pk == org.pk
    }


def _choice(raw, options: dict, default):
    return options.get(raw or "", default)
