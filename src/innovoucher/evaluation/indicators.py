"""The platform's own figures for an evaluation round, aggregated in the database (GROUP BY per
source, one query each), never row by row in Python.

Sources: redemptions (paid money, confirmations, processing steps), orders and ratings (volume,
deliveries, ratings including late ones), supervision (upheld complaints, spot-check findings),
vouchers (issued vs used) and the ledger (budget received and used). Read-only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, Sum

from innovoucher.evaluation.domain import CONFIRM_DAYS
from innovoucher.ledger.models import Budget, BudgetLine
from innovoucher.ledger.selectors import budget_balances
from innovoucher.orders.models import Order, Rating
from innovoucher.providers.models import ProviderAdmission
from innovoucher.providers.states import AdmissionStatus
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.states import RedemptionStatus, StepStatus
from innovoucher.regions.domain import region_prefix
from innovoucher.registry.models import Organisation
from innovoucher.supervision.models import Complaint, Finding
from innovoucher.supervision.states import ComplaintOutcome
from innovoucher.vouchers.models import Voucher

PAID = (RedemptionStatus.PAID,)
# Money decided for payment (reserved, payable or paid): what a scheme has committed.
COMMITTED = (RedemptionStatus.PAYABLE, RedemptionStatus.PAID)
PUBLIC_INTEREST = ("novelty_search", "achievement_evaluation")
USED = ("used", "redeemed")
DECIDED_STEPS = (StepStatus.APPROVED, StepStatus.RETURNED, StepStatus.REJECTED)


def _rows(qs, key: str) -> dict:
    return {row.pop(key): row for row in qs}


def provider_indicators(family: str, region: str, year: int) -> dict[int, dict]:
    """Provider id -> its figures for the year, for every provider admitted to (or paid under) the
    family whose seat lies in `region`."""
    prefix = region_prefix(region)
    in_region = {"provider__region_code__startswith": prefix}
    paid = _rows(
        Redemption.objects.filter(
            family_slug=family, fiscal_year=year, status__in=PAID, **in_region
        )
        .values("provider_id")
        .annotate(
            redemptions=Count("id"),
            redeemed_fen=Sum("subsidy_fen"),
            via_platform_fen=Sum("subsidy_fen", filter=Q(order__via_platform=True)),
            contract_fen=Sum("contract_amount_fen"),
            public_interest=Count("id", filter=Q(category__in=PUBLIC_INTEREST)),
        ),
        "provider_id",
    )
    confirmed = _rows(
        Redemption.objects.filter(
            family_slug=family,
            submitted_at__year=year,
            provider_confirmed_at__isnull=False,
            **in_region,
        )
        .values("provider_id")
        .annotate(
            confirmations=Count("id"),
            confirmed_on_time=Count(
                "id",
                filter=Q(
                    provider_confirmed_at__lte=F("submitted_at") + dt.timedelta(days=CONFIRM_DAYS)
                ),
            ),
        ),
        "provider_id",
    )
    orders = _rows(
        Order.objects.filter(family_slug=family, placed_at__year=year, **in_region)
        .values("provider_id")
        .annotate(
            orders=Count("id"),
            orders_accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            orders_delivered=Count("id", filter=Q(delivered_on__isnull=False)),
        ),
        "provider_id",
    )
    ratings = _rows(
        Rating.objects.filter(order__family_slug=family, rated_at__year=year, **in_region)
        .values("provider_id")
        .annotate(
            ratings=Count("id"),
            rating_sum=Sum("score"),
            late_ratings=Count("id", filter=Q(late=True)),
        ),
        "provider_id",
    )
    complaints = _rows(
        Complaint.objects.filter(family_slug=family, received_at__year=year, **in_region)
        .values("provider_id")
        .annotate(
            complaints=Count("id"),
            complaints_upheld=Count(
                "id", filter=Q(outcome__in=[ComplaintOutcome.UPHELD, ComplaintOutcome.PARTLY])
            ),
        ),
        "provider_id",
    )
    findings = _rows(
        Finding.objects.filter(
            spot_check__redemption__family_slug=family,
            recorded_at__year=year,
            spot_check__redemption__provider__region_code__startswith=prefix,
        )
        .values("spot_check__redemption__provider_id")
        .annotate(findings=Count("id")),
        "spot_check__redemption__provider_id",
    )
    admitted = set(
        ProviderAdmission.objects.filter(
            family_slug=family,
            status__in=[AdmissionStatus.ADMITTED, AdmissionStatus.SUSPENDED],
            organisation__region_code__startswith=prefix,
        ).values_list("organisation_id", flat=True)
    )
    ids = admitted | set(paid)
    result = {}
    for pk in ids:
        figures = {
            "redemptions": 0,
            "redeemed_fen": 0,
            "via_platform_fen": 0,
            "contract_fen": 0,
            "public_interest": 0,
            "confirmations": 0,
            "confirmed_on_time": 0,
            "orders": 0,
            "orders_accepted": 0,
            "orders_delivered": 0,
            "ratings": 0,
            "rating_sum": 0,
            "late_ratings": 0,
            "complaints": 0,
            "complaints_upheld": 0,
            "findings": 0,
        }
        for source in (paid, confirmed, orders, ratings, complaints, findings):
            figures.update({k: v or 0 for k, v in source.get(pk, {}).items()})
        result[pk] = figures
    return result


def providers_named(ids) -> dict[int, Organisation]:
    return {o.pk: o for o in Organisation.objects.filter(pk__in=list(ids))}


def _voucher_rows(family: str, prefix: str, year: int, group: str | None):
    qs = Voucher.objects.filter(
        family_slug=family, fiscal_year=year, region_code__startswith=prefix
    )
    if group:
        qs = qs.values(group)
    aggregates = {
        "vouchers_issued": Count("id"),
        "vouchers_used": Count("id", filter=Q(status__in=USED) | Q(used_fen__gt=0)),
        "vouchers_face_fen": Sum("face_fen"),
        "vouchers_used_fen": Sum("used_fen"),
    }
    return qs.annotate(**aggregates) if group else [qs.aggregate(**aggregates)]


def _redemption_rows(family: str, prefix: str, year: int, group: str | None):
    qs = Redemption.objects.filter(
        family_slug=family, fiscal_year=year, region_code__startswith=prefix
    )
    if group:
        qs = qs.values(group)
    aggregates = {
        "redeemed_fen": Sum("subsidy_fen", filter=Q(status__in=PAID)),
        "committed_fen": Sum("subsidy_fen", filter=Q(status__in=COMMITTED)),
        "contract_fen": Sum("contract_amount_fen", filter=Q(status__in=COMMITTED)),
        "redemptions": Count("id"),
        "firms_served": Count("applicant_id", filter=Q(status__in=COMMITTED), distinct=True),
        "providers_active": Count("provider_id", filter=Q(status__in=COMMITTED), distinct=True),
    }
    return qs.annotate(**aggregates) if group else [qs.aggregate(**aggregates)]


def _step_rows(family: str, prefix: str, year: int, group: str | None):
    qs = ReviewStep.objects.filter(
        redemption__family_slug=family,
        redemption__fiscal_year=year,
        redemption__region_code__startswith=prefix,
        status__in=DECIDED_STEPS,
    )
    if group:
        qs = qs.values(f"redemption__{group}")
    aggregates = {
        "steps_decided": Count("id"),
        "steps_overdue": Count(
            "id", filter=Q(due_on__isnull=False, decided_at__date__gt=F("due_on"))
        ),
    }
    return qs.annotate(**aggregates) if group else [qs.aggregate(**aggregates)]


def county_indicators(family: str, region: str, year: int) -> dict[str, dict]:
    """County code -> its figures (vouchers by holder county, money by applicant county)."""
    prefix = region_prefix(region)
    result: dict[str, dict] = {}
    for rows, key in (
        (_voucher_rows(family, prefix, year, "region_code"), "region_code"),
        (_redemption_rows(family, prefix, year, "region_code"), "region_code"),
        (_step_rows(family, prefix, year, "region_code"), "redemption__region_code"),
    ):
        for row in rows:
            code = row.pop(key)
            result.setdefault(code, {}).update({k: v or 0 for k, v in row.items()})
    return result


def scheme_indicators(family: str, region: str, year: int) -> dict:
    prefix = region_prefix(region)
    figures: dict = {}
    for rows in (
        _voucher_rows(family, prefix, year, None),
        _redemption_rows(family, prefix, year, None),
        _step_rows(family, prefix, year, None),
    ):
        figures.update({k: v or 0 for k, v in rows[0].items()})
    figures.update(budget_figures(region, year))
    return figures


def budget_figures(region: str, year: int) -> dict:
    """The vouchers budgets held in the region for the year: money to spend (received minus what
    was passed on, so an allocation is counted once) and used (reserved, payable, paid), from the
    ledger's balances of each budget (a handful of budgets, not business rows)."""
    budgets = Budget.objects.filter(
        region_code__startswith=region_prefix(region), fiscal_year=year, line=BudgetLine.VOUCHERS
    ).prefetch_related("accounts")
    balances = [budget_balances(b) for b in budgets]
    return {
        "budget_received_fen": sum(b.net_fen for b in balances),
        "budget_used_fen": sum(b.used_fen for b in balances),
        "budget_paid_fen": sum(b.paid_fen for b in balances),
    }
