"""Statistics, aggregated in the database (GROUP BY with annotate, one query per table), scoped by
the actor's region. Money in fen; each function returns plain rows for a chart and its table.

Filters: the region (a province, city or county code the actor may read), the fiscal year and
optionally a policy family.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate

from innovoucher.accounts.permissions import actor_regions
from innovoucher.accounts.roles import PLATFORM_REGION, REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.ledger.models import Budget, BudgetLine
from innovoucher.ledger.selectors import budget_balances, budget_forecast
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.states import RedemptionStatus, StepLevel, StepStatus
from innovoucher.regions.domain import region_prefix, region_within
from innovoucher.regions.selectors import region_label
from innovoucher.registry.selectors import name_q
from innovoucher.stats import disclosure
from innovoucher.stats.codes import Code
from innovoucher.vouchers.models import Voucher

READER_ROLES = (*REVIEWER_ROLES, Role.FINANCE_OFFICER, Role.OPERATOR, Role.AUDITOR)
# Approved for payment: the money the scheme has decided to pay.
COMMITTED = (
    RedemptionStatus.APPROVED,
    RedemptionStatus.QUEUED,
    RedemptionStatus.PAYABLE,
    RedemptionStatus.PAID,
)
DECIDED = (StepStatus.APPROVED, StepStatus.RETURNED, StepStatus.REJECTED)
USED = ("used", "redeemed")
K_ANONYMITY = 3  # public cells describing fewer firms than this are suppressed


@dataclass(frozen=True)
class Filters:
    region: str
    year: int
    family: str = ""

    @property
    def prefix(self) -> str:
        return "" if self.region == PLATFORM_REGION else region_prefix(self.region)


def reader_regions(actor) -> list[str]:
    return sorted(
        set(actor_regions(actor, *READER_ROLES)), key=lambda r: (len(region_prefix(r)), r)
    )


def can_read(actor) -> bool:
    return bool(reader_regions(actor))


def filters_for(*, actor, region: str = "", year: int, family: str = "") -> Filters:
    """The filters a reader asked for, the region checked against the actor's scope (the widest
    region of the actor when none was asked)."""
    regions = reader_regions(actor)
    if not regions:
        raise PermissionDenied("您没有查看统计分析的权限")
    region = region or regions[0]
    if not any(region_within(region, r) or r == PLATFORM_REGION for r in regions):
        raise PermissionDenied("该地区不在您的管辖范围内", code=Code.REGION_OUT_OF_SCOPE)
    return Filters(region=region, year=year, family=family)


def _fam(qs, f: Filters, field: str = "family_slug"):
    return qs.filter(**{field: f.family}) if f.family else qs


def _redemptions(f: Filters):
    return _fam(Redemption.objects.filter(fiscal_year=f.year, region_code__startswith=f.prefix), f)


def voucher_funnel(f: Filters) -> list[dict]:
    """Per county: vouchers issued vs used (the claimed-vs-used gap) and redeemed."""
    vouchers = _fam(Voucher.objects.filter(fiscal_year=f.year, region_code__startswith=f.prefix), f)
    rows: dict[str, dict] = {}
    for r in vouchers.values("region_code").annotate(
        issued=Count("id"),
        used=Count("id", filter=Q(status__in=USED) | Q(used_fen__gt=0)),
        face_fen=Sum("face_fen"),
        used_fen=Sum("used_fen"),
    ):
        rows[r.pop("region_code")] = r
    for r in (
        _redemptions(f)
        .values("region_code")
        .annotate(
            redeemed=Count("id", filter=Q(status=RedemptionStatus.PAID)),
            redeemed_fen=Sum("subsidy_fen", filter=Q(status=RedemptionStatus.PAID)),
        )
    ):
        rows.setdefault(r.pop("region_code"), {}).update(r)
    result = []
    for code in sorted(rows):
        r = rows[code]
        issued, used = r.get("issued", 0), r.get("used", 0)
        result.append(
            {
                "region": code,
                "label": region_label(code),
                "issued": issued,
                "used": used,
                "gap": issued - used,
                "redeemed": r.get("redeemed", 0),
                "used_fen": r.get("used_fen") or 0,
                "redeemed_fen": r.get("redeemed_fen") or 0,
            }
        )
    return result


def amounts_by_category(f: Filters) -> list[dict]:
    rows = (
        _redemptions(f)
        .filter(status__in=COMMITTED)
        .values("category")
        .annotate(
            n=Count("id"), subsidy_fen=Sum("subsidy_fen"), contract_fen=Sum("contract_amount_fen")
        )
        .order_by("-subsidy_fen", "category")
    )
    return [{**r, "label": SERVICE_CATEGORIES.get(r["category"], r["category"])} for r in rows]


def amounts_by_provider(f: Filters, limit: int = 15) -> list[dict]:
    rows = (
        _redemptions(f)
        .filter(status__in=COMMITTED)
        .values("provider_id", "provider__name")
        .annotate(n=Count("id"), subsidy_fen=Sum("subsidy_fen"))
        .order_by("-subsidy_fen", "provider_id")[:limit]
    )
    return [
        {
            "provider": r["provider_id"],
            "label": r["provider__name"],
            "n": r["n"],
            "subsidy_fen": r["subsidy_fen"],
        }
        for r in rows
    ]


def _days(total: dt.timedelta | None, n: int) -> Decimal | None:
    if not n or total is None:
        return None
    days = Decimal(total.total_seconds()) / Decimal(86400) / Decimal(n)
    return days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _step_times(qs) -> list[dict]:
    taken = ExpressionWrapper(
        TruncDate("decided_at") - F("started_on"), output_field=DurationField()
    )
    allowed = ExpressionWrapper(F("due_on") - F("started_on"), output_field=DurationField())
    rows = (
        qs.filter(status__in=DECIDED, started_on__isnull=False, decided_at__isnull=False)
        .values("level")
        .annotate(
            n=Count("id"),
            taken=Sum(taken),
            with_deadline=Count("id", filter=Q(due_on__isnull=False)),
            allowed=Sum(allowed, filter=Q(due_on__isnull=False)),
            overdue=Count("id", filter=Q(due_on__isnull=False, decided_at__date__gt=F("due_on"))),
        )
        .order_by("level")
    )
    labels = dict(StepLevel.choices)
    return [
        {
            "level": r["level"],
            "label": labels.get(r["level"], r["level"]),
            "n": r["n"],
            "avg_days": _days(r["taken"], r["n"]),
            "deadline_days": _days(r["allowed"], r["with_deadline"]),
            "overdue": r["overdue"],
        }
        for r in rows
    ]


def processing_times(f: Filters) -> list[dict]:
    """Per review level: decided steps, average days taken against the average deadline, overdue."""
    qs = ReviewStep.objects.filter(
        redemption__fiscal_year=f.year, redemption__region_code__startswith=f.prefix
    )
    return _step_times(_fam(qs, f, "redemption__family_slug"))


def budget_burndown(f: Filters) -> list[dict]:
    """The region's voucher budgets for the year with balances and the ledger's forecast."""
    budgets = Budget.objects.filter(
        region_code__startswith=f.prefix, fiscal_year=f.year, line=BudgetLine.VOUCHERS
    ).prefetch_related("accounts")
    rows = []
    for budget in budgets:
        b = budget_balances(budget)
        points, forecast = budget_forecast(budget)
        rows.append(
            {
                "budget": budget.pk,
                "label": budget.name,
                "region": budget.region_code,
                "net_fen": b.net_fen,
                "used_fen": b.used_fen,
                "available_fen": b.available_fen,
                "run_out_on": forecast.run_out_on,
                "points": [[p.on.isoformat(), p.remaining_fen] for p in points],
            }
        )
    return rows


def drill_list(
    f: Filters,
    *,
    county: str = "",
    category: str = "",
    provider: str = "",
    q: str = "",
    status: str = "",
):
    """The redemptions behind a chart cell (a county, a category or a provider); `q` finds the
    number or the applicant's or provider's name (Chinese or pinyin), `status` narrows."""
    qs = _redemptions(f).select_related("applicant", "provider")
    if q := (q or "").strip():
        qs = qs.filter(Q(number__icontains=q) | name_q(q, "applicant") | name_q(q, "provider"))
    if status:
        qs = qs.filter(status=status)
    if county:
        qs = qs.filter(region_code=county)
    if category:
        qs = qs.filter(category=category, status__in=COMMITTED)
    if provider:
        qs = qs.filter(provider_id=provider, status__in=COMMITTED)
    return qs.order_by("-submitted_at", "-id")


# --- public statistics (anonymised) ------------------------------------------------------------


def suppress(rows: list[dict], *, k: int = K_ANONYMITY, hidden: dict | None = None) -> list[dict]:
    """k-anonymity: a cell describing fewer than `k` firms shows neither its count nor its money;
    with `hidden` (row key -> "primary"/"secondary" from `disclosure.protect`) those cells too."""
    out = []
    for r in rows:
        why = (
            hidden.get(r["key"]) if hidden is not None else ("primary" if r["firms"] < k else None)
        )
        out.append(
            {
                **r,
                "suppressed": why is not None,
                "suppression": why or "",
                "firms": None if why else r["firms"],
                "n": None if why else r["n"],
                "subsidy_fen": None if why else r["subsidy_fen"],
            }
        )
    return out


PUBLIC_AGG = {
    "firms": Count("applicant_id", distinct=True),
    "n": Count("id"),
    "subsidy_fen": Sum("subsidy_fen"),
}


def _cells(qs, *fields) -> dict[tuple, dict]:
    return {
        tuple(r.pop(f) for f in fields): {k: v or 0 for k, v in r.items()}
        for r in qs.values(*fields).annotate(**PUBLIC_AGG).order_by(*fields)
    }


def public_tables(*, year: int) -> tuple[dict, list[disclosure.Constraint]]:
    """Every cell the public statistics of `year` can show, in any filter (six GROUP BY queries),
    and the sums that link them: per family by county and by category, the family totals, all
    families by county and by category, and the grand total."""
    qs = Redemption.objects.filter(fiscal_year=year, status=RedemptionStatus.PAID)
    cells: dict = {}
    for (fam, county), c in _cells(qs, "family_slug", "region_code").items():
        cells["county", fam, county] = c
    for (fam, cat), c in _cells(qs, "family_slug", "category").items():
        cells["category", fam, cat] = c
    for (fam,), c in _cells(qs, "family_slug").items():
        cells["family", fam] = c
    for (county,), c in _cells(qs, "region_code").items():
        cells["county", "", county] = c
    for (cat,), c in _cells(qs, "category").items():
        cells["category", "", cat] = c
    total = qs.aggregate(**PUBLIC_AGG)
    cells["total"] = {k: v or 0 for k, v in total.items()}
    return cells, public_constraints(cells)


def public_constraints(cells: dict) -> list[disclosure.Constraint]:
    """The sums linking the public cells (keys as in `public_tables`)."""
    families = sorted({key[1] for key in cells if key[0] == "family"})
    con = disclosure.Constraint
    members = {}
    for key in cells:
        if key[0] in ("county", "category") and key[1]:
            members.setdefault((key[0], key[1]), []).append(key)
            members.setdefault((key[0], "", key[2]), []).append(key)
    constraints = [con("total", tuple(("family", f) for f in families))]
    for fam in families:
        constraints += [
            con(("family", fam), tuple(members.get(("county", fam), ()))),
            con(("family", fam), tuple(members.get(("category", fam), ()))),
        ]
    constraints += [
        con(key, tuple(members.get(key, ())))
        for key in cells
        if key[0] in ("county", "category") and not key[1]
    ]
    return constraints


def public_statistics(*, year: int, family: str = "", k: int = K_ANONYMITY) -> dict:
    """Paid voucher money by county and by service category, counted in firms. Every cell of fewer
    than `k` firms is suppressed, and so are the complementary cells that would let a visitor
    recover one from the totals and the other filters (`disclosure.protect` over all the tables
    of the year at once, so that no combination of pages gives a hidden value away)."""
    cells, constraints = public_tables(year=year)
    hidden = disclosure.protect(cells, constraints, k=k)
    return public_statistics_from(cells, hidden, family=family, k=k)


def public_statistics_from(cells: dict, hidden: dict, *, family: str = "", k: int) -> dict:
    """The rows of one family filter (or all families) from the year's cells and the suppression
    pattern computed over all of them (cheap: the cached path in `stats.cache` uses it)."""
    fam = family
    by_county = [
        {"key": key, **c, "region_code": key[2], "label": region_label(key[2])}
        for key, c in cells.items()
        if key[0] == "county" and key[1] == fam
    ]
    by_category = [
        {"key": key, **c, "category": key[2], "label": SERVICE_CATEGORIES.get(key[2], key[2])}
        for key, c in cells.items()
        if key[0] == "category" and key[1] == fam
    ]
    total_key = ("family", family) if family else "total"
    if family and total_key not in cells:
        total, total_key = {"firms": 0, "n": 0, "subsidy_fen": 0}, None
    else:
        total = cells[total_key]
    return {
        "by_county": suppress(
            sorted(by_county, key=lambda r: r["region_code"]), k=k, hidden=hidden
        ),
        "by_category": suppress(
            sorted(by_category, key=lambda r: r["category"]), k=k, hidden=hidden
        ),
        "total": None if total_key in hidden or total["firms"] < k else total,
        "k": k,
    }


def public_processing_times(*, year: int, family: str = "") -> list[dict]:
    """平均办理时长 per review level for the public portal (no firm is identifiable by it)."""
    qs = ReviewStep.objects.filter(redemption__fiscal_year=year)
    if family:
        qs = qs.filter(redemption__family_slug=family)
    return _step_times(qs)


# --- monthly summary (Liaocheng art. 18) ------------------------------------------------------


def monthly_summary(*, region: str, year: int, month: int) -> dict:
    """The review steps decided in the month by the region's offices, by level and outcome, and
    the applications concerned (聊城办法第十八条：市科技局每月将审核后的创新券相关资料汇总)."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    steps = ReviewStep.objects.filter(
        region_code__startswith=region_prefix(region),
        decided_at__date__gte=start,
        decided_at__date__lt=end,
        status__in=DECIDED,
    )
    by_level = list(
        steps.values("level", "status")
        .annotate(n=Count("id"), amount_fen=Sum("amount_fen"))
        .order_by("level", "status")
    )
    labels, statuses = dict(StepLevel.choices), dict(StepStatus.choices)
    for r in by_level:
        r["level_label"], r["status_label"] = (
            labels.get(r["level"], r["level"]),
            statuses.get(r["status"], r["status"]),
        )
    items = (
        Redemption.objects.filter(steps__in=steps)
        .distinct()
        .select_related("applicant", "provider")
        .order_by("number")
    )
    return {
        "start": start,
        "end": end - dt.timedelta(days=1),
        "by_level": by_level,
        "items": list(items[:500]),
    }


# The dashboard's charts, each with its table and Excel export (views, exporters).
CHARTS = {
    "funnel": voucher_funnel,
    "category": amounts_by_category,
    "provider": amounts_by_provider,
    "processing": processing_times,
    "budget": budget_burndown,
}
