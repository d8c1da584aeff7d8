"""Evaluation reads, scoped by the actor's region and role; the grade other apps read.

`provider_grade(provider=…, family=…, year=…)` is the one place the award quote (the provider's
`evaluation.grade`) and supervision (通报/整改) read a provider's published grade.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import scope_q
from innovoucher.core.errors import NotFound
from innovoucher.evaluation.codes import Code
from innovoucher.evaluation.models import Assessment, Award, EvaluationRound
from innovoucher.evaluation.permissions import READER_ROLES
from innovoucher.evaluation.states import RoundKind, RoundStatus
from innovoucher.ledger.models import Claim
from innovoucher.providers import selectors as providers


def round_list_for_reader(
    *, actor, kind: str = "", year: int | None = None, status: str = "", q: str = ""
):
    """Rounds in the reader's regions, newest year first; `q` finds a number or a title."""
    qs = EvaluationRound.objects.filter(scope_q(actor, READER_ROLES))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if q := (q or "").strip():
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return qs.order_by("-year", "-id")


def round_get(*, actor, pk) -> EvaluationRound:
    rnd = EvaluationRound.objects.filter(scope_q(actor, READER_ROLES), pk=pk).first()
    if rnd is None:
        raise NotFound("评价不存在或不在您的管辖范围内", code=Code.ROUND_NOT_FOUND)
    return rnd


def round_assessments(rnd: EvaluationRound) -> list[Assessment]:
    return list(rnd.assessments.select_related("provider").order_by("-score", "subject_key"))


def assessment_get(*, actor, pk) -> Assessment:
    a = (
        Assessment.objects.filter(scope_q(actor, READER_ROLES, "round__region_code"), pk=pk)
        .select_related("round")
        .first()
    )
    if a is None:
        raise NotFound("评价对象不存在或不在您的管辖范围内", code=Code.ASSESSMENT_NOT_FOUND)
    return a


def award_list_for_reader(*, actor, rnd: EvaluationRound | None = None):
    qs = Award.objects.filter(scope_q(actor, READER_ROLES, "assessment__round__region_code"))
    if rnd is not None:
        qs = qs.filter(assessment__round=rnd)
    return qs.select_related("provider").order_by("-total_fen", "id")


def award_get(*, actor, pk) -> Award:
    award = award_list_for_reader(actor=actor).filter(pk=pk).first()
    if award is None:
        raise NotFound("奖补记录不存在或不在您的管辖范围内", code=Code.AWARD_NOT_FOUND)
    return award


def claim_status(references) -> dict[str, Claim]:
    """The ledger claims of approved awards, by reference (payment status: reserved, queued,
    paid)."""
    return {
        c.reference: c for c in Claim.objects.filter(reference__in=[r for r in references if r])
    }


def provider_grade(*, provider, family: str, year: int) -> str | None:
    """The provider's grade in the published provider round of `family` for `year` (the most
    specific region first: a city round before the province's), or None when not evaluated."""
    a = (
        Assessment.objects.filter(
            provider=provider,
            round__kind=RoundKind.PROVIDER,
            round__family_slug=family,
            round__year=year,
            round__status=RoundStatus.PUBLISHED,
        )
        .order_by("-round__region_code", "-round_id")
        .first()
    )
    return a.grade if a else None


def provider_grades(*, providers_ids, year: int) -> dict[tuple[int, str], str]:
    """(provider id, family) -> published grade for `year`, one query (for lists and
    supervision)."""
    rows = (
        Assessment.objects.filter(
            provider_id__in=list(providers_ids),
            round__kind=RoundKind.PROVIDER,
            round__year=year,
            round__status=RoundStatus.PUBLISHED,
        )
        .order_by("round__region_code", "round_id")
        .values_list("provider_id", "round__family_slug", "grade")
    )
    return {(pk, family): grade for pk, family, grade in rows}


def provider_evaluations_for_staff(*, actor, year: int) -> list[Assessment]:
    """The provider's own published assessments of `year` (its figures in the workspace)."""
    ids = [o.pk for o in providers.provider_orgs_for_staff(actor=actor)]
    return list(
        Assessment.objects.filter(
            provider_id__in=ids, round__year=year, round__status=RoundStatus.PUBLISHED
        )
        .select_related("round", "provider")
        .order_by("provider_id", "round__family_slug")
    )


def provider_awards_for_staff(*, actor) -> list[Award]:
    ids = [o.pk for o in providers.provider_orgs_for_staff(actor=actor)]
    return list(Award.objects.filter(provider_id__in=ids).order_by("-year", "id"))


def rounds_with_flags(*, actor, year: int):
    """Assessments carrying 通报/整改 hints (grade D, low usage) in the actor's scope."""
    return (
        Assessment.objects.filter(
            scope_q(actor, READER_ROLES, "round__region_code"),
            round__year=year,
            round__status=RoundStatus.PUBLISHED,
        )
        .exclude(Q(flags=[]))
        .select_related("round")
    )


# --- the API: officials of the region, or the provider for itself -------------------------------


def provider_orgs_of(*, actor) -> list:
    """The provider organisations `actor` works for (empty for anyone else)."""
    return list(providers.provider_orgs_for_staff(actor=actor))


def _own_ids(actor) -> list[int]:
    return [o.pk for o in provider_orgs_of(actor=actor)]


def award_list_visible(*, actor, year: int | None = None, round_pk: int | None = None):
    """Awards an official of the region reads, and the provider's own."""
    qs = Award.objects.filter(
        scope_q(actor, READER_ROLES, "assessment__round__region_code")
        | Q(provider_id__in=_own_ids(actor))
    )
    if year:
        qs = qs.filter(year=year)
    if round_pk:
        qs = qs.filter(assessment__round_id=round_pk)
    return qs.select_related("provider", "assessment__round").order_by("-year", "-total_fen", "id")


def award_get_visible(*, actor, pk) -> Award:
    award = award_list_visible(actor=actor).filter(pk=pk).first()
    if award is None:
        raise NotFound("奖补记录不存在或不在您的管辖范围内", code=Code.AWARD_NOT_FOUND)
    return award


def assessment_list_visible(*, actor, year: int | None = None):
    """Assessments an official of the region reads, and the provider's own once published."""
    qs = Assessment.objects.filter(
        scope_q(actor, READER_ROLES, "round__region_code")
        | Q(provider_id__in=_own_ids(actor), round__status=RoundStatus.PUBLISHED)
    )
    if year:
        qs = qs.filter(round__year=year)
    return qs.select_related("round", "provider").order_by("-round__year", "round_id", "-score")


def assessment_get_visible(*, actor, pk) -> Assessment:
    a = assessment_list_visible(actor=actor).filter(pk=pk).first()
    if a is None:
        raise NotFound("评价对象不存在或不在您的管辖范围内", code=Code.ASSESSMENT_NOT_FOUND)
    return a
