"""Helpers for the publicity / approval / payment / tick tests (h3).

`redemption_in_review(world)` makes a redemption that has gone through its review chain up to the
last step — SCAFFOLDING: rows written directly (an order, the redemption, its approved steps),
not through `redemption_submit` and the review service, so these tests exercise what happens
after the review independently of how the review itself is done (the journey test in
`test_publicity_journey.py` goes through submission and review for real). `pass_review(...)` is
what the review service does when the last step approves: it calls `outcome.review_passed`.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.money import split_largest_remainder
from innovoucher.orders.models import Order
from innovoucher.orders.states import OrderStatus
from innovoucher.policies.services import engine_family, engine_version, policy_version_for
from innovoucher.redemptions.domain import plan_steps, step_region
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.services import review, steps
from innovoucher.redemptions.services.outcome import review_passed
from innovoucher.redemptions.states import CheckVerdict, ClaimantKind, RedemptionStatus, StepStatus
from innovoucher.redemptions.tick import TICK_STEPS
from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate
from testsupport.world import START, build_world

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_private_calendar(seed_policies):
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def world_for(family: str, *, funded: bool = True):
    with clock.frozen_now(START[family]):
        return build_world(family, funded=funded)


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _shares(version, subsidy_fen: int) -> dict[str, int]:
    weights: dict[str, int] = {}
    for component in version.components:
        for level, weight in component.funders:
            weights[level] = weights.get(level, 0) + weight
    return split_largest_remainder(subsidy_fen, list(weights.items()))


def _payee(version, provider_region: str) -> str:
    rule = version.payee.rule
    if rule == "provider":
        return ClaimantKind.PROVIDER
    if rule == "by_provider_location":
        return (
            ClaimantKind.PROVIDER
            if provider_region.startswith(version.payee.region[:2])
            else ClaimantKind.APPLICANT
        )
    return ClaimantKind.APPLICANT


def redemption_in_review(
    world, *, subsidy_fen: int = 1_000_000, contract_fen: int | None = None, applicant=None
) -> Redemption:
    """SCAFFOLDING: a redemption in review whose chain has been approved up to the last step."""
    applicant = applicant or world.applicant
    n = next(_serial)
    today, now = clock.today(), clock.now()
    row = policy_version_for(family_slug=world.family, on=today)
    version = engine_version(row)
    contract_fen = contract_fen or subsidy_fen * 2
    order = Order.objects.create(
        number=f"T{world.family[:2].upper()}{n:06d}",
        client=applicant,
        provider=world.provider,
        service=world.service,
        family_slug=world.family,
        category=world.service.category,
        subject="测试服务",
        region_code=applicant.region_code,
        contract_amount_fen=contract_fen,
        paid_fen=contract_fen,
        status=OrderStatus.SETTLED,
        placed_at=now,
        delivered_on=today - dt.timedelta(days=3),
        settled_at=now,
    )
    redemption = Redemption.objects.create(
        number=f"RD{world.family[:2].upper()}{n:06d}",
        family_slug=world.family,
        policy_version=row,
        order=order,
        applicant=applicant,
        provider=world.provider,
        claimant_kind=ClaimantKind.APPLICANT,
        region_code=applicant.region_code,
        provider_region_code=world.provider.region_code,
        fiscal_year=today.year,
        status=RedemptionStatus.IN_REVIEW,
        category=world.service.category,
        contract_amount_fen=contract_fen,
        paid_amount_fen=contract_fen,
        completed_on=order.delivered_on,
        subsidy_fen=subsidy_fen,
        shares=_shares(version, subsidy_fen),
        payee_kind=_payee(version, world.provider.region_code),
        check_verdict=CheckVerdict.PASS,
        submitted_at=now,
    )
    chain = version.process["review_chain"]
    family_region = engine_family(world.family).region
    for plan in plan_steps(chain.value, chain.article):
        ReviewStep.objects.create(
            redemption=redemption,
            round=1,
            position=plan.position,
            level=plan.level,
            action_label=plan.action,
            article=plan.article,
            region_code=step_region(
                plan.level, applicant_region=applicant.region_code, policy_region=family_region
            ),
            status=StepStatus.APPROVED,
            started_on=today,
            due_on=today + dt.timedelta(days=14),
            decided_at=now,
            amount_fen=subsidy_fen,
        )
    return redemption


def pass_review(world, redemption: Redemption) -> Redemption:
    """The last step approves: a pending step (a re-deliberation) through the review service, or —
    for a scaffolded redemption whose steps are all approved — what that service then does."""
    redemption.refresh_from_db()
    pending = steps.pending_step(redemption)
    if pending is not None:
        return review.review_decide(
            actor=world.officials[pending.level], step=pending, action="approve", opinion="同意"
        )
    reviewer = (
        world.officials.get(redemption.steps.order_by("-round", "-position").first().level)
        or world.officials["province"]
    )
    return review_passed(actor=reviewer, redemption=redemption)


def tick(day: dt.date, hour: int = 1) -> dict[str, int]:
    """Run every redemption tick step at `day` (as `innovoucher tick --now` does)."""
    at = moment(day, hour)
    with clock.frozen_now(at):
        return {label: fn(at) for _, label, fn in sorted(TICK_STEPS, key=lambda s: s[0])}
