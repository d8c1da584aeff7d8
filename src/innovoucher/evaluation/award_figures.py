"""A provider's award for a year from the platform's own data (服务机构补助测算).

The figures are aggregated in the database from the provider's **paid** redemptions (已拨付) of that
fiscal year (兑付年度), one row per policy family; they become an award request (contracts.md) that
goes through the same service as `innovoucher award_quote`, so the page and the API give one answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from innovoucher.core.errors import NotFound
from innovoucher.core.money import fen_to_yuan, fen_to_yuan_display, yuan_to_fen
from innovoucher.policies.awards import award_quote_compute
from innovoucher.policies.engine.vocabulary import FUNDER_LEVELS
from innovoucher.policies.services import engine_family
from innovoucher.providers import selectors
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.registry.models import Organisation

# 科技查新、成果评价等公益性服务 (Ningxia 「科技服务机构评价和补贴」)
PUBLIC_INTEREST_CATEGORIES = ("novelty_search", "achievement_evaluation")


@dataclass(frozen=True)
class AwardFigures:
    family_slug: str
    redemptions: int
    redeemed_fen: int
    via_platform_fen: int
    contract_fen: int
    public_interest_contracts: int


def provider_award_figures(*, actor, provider: Organisation, year: int) -> dict[str, AwardFigures]:
    """Family -> the provider's paid redemptions of `year`, summed in the database. Scoped to the
    actor's providers."""
    if provider.pk not in {o.pk for o in selectors.provider_orgs_for_staff(actor=actor)}:
        raise NotFound("服务机构不存在或您无权查看")
    rows = (
        Redemption.objects.filter(provider=provider, fiscal_year=year, status=RedemptionStatus.PAID)
        .values("family_slug")
        .annotate(
            n=Count("id"),
            redeemed=Sum("subsidy_fen"),
            via=Sum("subsidy_fen", filter=Q(order__via_platform=True)),
            contract=Sum("contract_amount_fen"),
            public=Count("id", filter=Q(category__in=PUBLIC_INTEREST_CATEGORIES)),
        )
        .order_by("family_slug")
    )
    return {
        r["family_slug"]: AwardFigures(
            r["family_slug"],
            r["n"],
            r["redeemed"] or 0,
            r["via"] or 0,
            r["contract"] or 0,
            r["public"],
        )
        for r in rows
    }


def award_request_for(
    provider: Organisation, family_slug: str, year: int, figures: AwardFigures | None, grade: str
) -> dict:
    """The award request (contracts.md) for one provider, family and year from its figures."""
    f = figures or AwardFigures(family_slug, 0, 0, 0, 0, 0)
    return {
        "policy": family_slug,
        "year": year,
        # The platform records the provider kind, not the legal form: public_institution is left to
        # the
        # request's default (universities and research institutes are 事业单位), and the page says
        # so.
        "provider": {"region": provider.region_code, "kind": provider.provider_kind or ""},
        "services": {
            "redeemed_total": fen_to_yuan(f.redeemed_fen),
            "via_platform_total": fen_to_yuan(f.via_platform_fen),
            "qualifying_contract_total": fen_to_yuan(f.contract_fen),
            "public_interest_contracts": f.public_interest_contracts,
        },
        "evaluation": {"grade": grade},
    }


def provider_award_panels(
    *, actor, provider: Organisation, year: int, grade: str, grades: dict[str, str] | None = None
) -> list[dict]:
    """One panel per family the provider is admitted to or was paid under: its figures and the
    computed award.
    `grades` (family -> the provider's published evaluation grade) overrides `grade` per family."""
    figures = provider_award_figures(actor=actor, provider=provider, year=year)
    families = sorted(set(figures) | {a.family_slug for a in selectors.admissions_of(provider)})
    panels = []
    for slug in families:
        panel_grade = (grades or {}).get(slug) or grade
        payload = award_request_for(provider, slug, year, figures.get(slug), panel_grade)
        result = award_quote_compute(payload)
        names = _award_names(slug, result["version"])
        panels.append(
            {
                "family": slug,
                "family_name": engine_family(slug).name,
                "grade": panel_grade,
                "evaluated": slug in (grades or {}),
                "figures": figures.get(slug),
                "request": payload,
                "result": result,
                "total": _display(result["total"]),
                "shares": [
                    (FUNDER_LEVELS[level], _display(amount))
                    for level, amount in result["shares"].items()
                ],
                "awards": [
                    {
                        "name": names.get(a["code"], a["code"]),
                        "amount": _display(a["amount"]),
                        "funder": FUNDER_LEVELS[a["funder"]],
                        "article": a["article"],
                    }
                    for a in result["awards"]
                ],
            }
        )
    return panels


def _display(yuan: str) -> str:
    return fen_to_yuan_display(yuan_to_fen(yuan))


def _award_names(slug: str, version_code: str | None) -> dict[str, str]:
    version = next((v for v in engine_family(slug).versions if v.code == version_code), None)
    awards = (
        version.provider_awards.awards if version is not None and version.provider_awards else ()
    )
    return {a.code: a.name for a in awards}
