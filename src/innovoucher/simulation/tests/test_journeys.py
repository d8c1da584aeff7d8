"""One journey per seed policy through the services, from the firm's first click to the paid
payment line: each step asserts what the policy text prescribes. Among them: a return for
correction (Shanxi), an objection during publicity (Urumqi), a refusal for budget exhaustion
(Shanxi, 兑完为止), a standard contract returned once (Ningxia)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from innovoucher.core import clock
from innovoucher.ledger.models import Claim
from innovoucher.orders.states import OrderStatus
from innovoucher.redemptions.models import Approval, PublicityItem
from innovoucher.redemptions.services import publicity as publicity_services
from innovoucher.redemptions.states import RedemptionStatus as RS
from innovoucher.simulation.journey import Cast, Journey, moment, pay_batch, tick
from testsupport.world import START, build_world, fund

Y = 100  # fen per yuan


def cast_of(world) -> Cast:
    return Cast(
        family=world.family,
        client=world.applicant,
        client_user=world.applicant_user,
        provider=world.provider,
        provider_user=world.provider_user,
        officials=world.officials,
        finance=world.finance,
    )


def at(day: dt.date):
    return clock.frozen_now(moment(day))


def start(family: str, **kwargs):
    with at(START[family]):
        world = build_world(family, **kwargs)
    return world, Journey(cast_of(world))


def order_and_deliver(
    journey: Journey, world, day: dt.date, *, contract_returned: bool = False
) -> dt.date:
    with at(day):
        journey.obtain_voucher()
        journey.place(world.service)
        journey.accept()
        if journey.family == "ningxia":
            journey.contract(return_once=contract_returned)
    day += dt.timedelta(days=14)
    with at(day):
        journey.deliver()
        journey.settle()
        journey.rate()
    return day + dt.timedelta(days=1)


def apply(journey: Journey, world, day: dt.date) -> dt.date:
    publisher = world.officials["province" if journey.family == "shanxi" else "city"]
    with at(day):
        journey.ensure_call(publisher)
        journey.apply()
    return day


def review_to_end(journey: Journey, day: dt.date) -> dt.date:
    while journey.pending_step() is not None and journey.redemption.status == RS.IN_REVIEW:
        day += dt.timedelta(days=1)
        with at(day):
            journey.review_once()
    return day


def through_publicity(journey: Journey, day: dt.date) -> dt.date:
    """Let the publicity period run out and tick the day after (approval, 批复, reservation)."""
    journey.refresh()
    item = PublicityItem.objects.filter(redemption=journey.redemption).order_by("-id").first()
    if item is not None:
        day = max(day, item.publicity.ends_on) + dt.timedelta(days=1)
    else:
        day += dt.timedelta(days=1)
    tick(day)
    tick(day)  # idempotent
    journey.refresh()
    return day


def pay(journey: Journey, world, day: dt.date) -> dt.date:
    day += dt.timedelta(days=3)
    for level, officer in world.finance.items():
        region = {"province": world.province, "city": world.city, "county": world.county}[level]
        pay_batch(officer, region, day)
    tick(day + dt.timedelta(days=1))
    journey.refresh()
    return day


def assert_ledger_balances():
    call_command("ledger", "verify", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_shanxi_firm_applies_city_returns_once_then_province_approves_and_city_pays():
    world, j = start("shanxi")
    day = order_and_deliver(j, world, START["shanxi"])
    assert j.order.status == OrderStatus.SETTLED and j.order.deduction_fen == 0, (
        "Shanxi is a post-subsidy: the firm pays in full"
    )
    apply(j, world, day)
    assert j.redemption.claimant_kind == "applicant" and j.redemption.payee_kind == "applicant"
    assert j.redemption.subsidy_fen == 50_000 * Y and j.redemption.shares == {
        "province": 25_000 * Y,
        "city": 25_000 * Y,
    }
    assert [s.level for s in j.redemption.steps.order_by("position")] == ["city", "province"]
    day += dt.timedelta(days=1)
    with at(day):
        j.review_once("return", reasons=["服务结果报告未加盖检测机构公章，请补正"])
    assert j.redemption.status == RS.RETURNED
    with at(day + dt.timedelta(days=1)):
        j.resubmit()
    assert j.redemption.status == RS.IN_REVIEW and j.redemption.round == 2
    day = review_to_end(j, day + dt.timedelta(days=1))
    assert j.redemption.status == RS.PUBLICITY
    day = through_publicity(j, day)
    assert j.redemption.status == RS.PAYABLE and j.redemption.approval is not None
    assert Approval.objects.filter(pk=j.redemption.approval_id, family_slug="shanxi").exists()
    pay(j, world, day)
    assert j.redemption.status == RS.PAID
    assert Claim.objects.get(reference=j.redemption.claim_reference).status == "paid"
    assert j.redemption.changes.filter(action="return").exists(), (
        "the history of the return is kept"
    )
    assert_ledger_balances()


@pytest.mark.django_db
def test_shanxi_budget_exhausted_refuses_with_reason():
    world, j = start("shanxi", funded=False)
    with at(START["shanxi"]):
        fund(world, amount_fen=10_000 * Y)  # less than the 25,000 yuan share
    day = order_and_deliver(j, world, START["shanxi"])
    apply(j, world, day)
    day = review_to_end(j, day)
    day = through_publicity(j, day)
    assert j.redemption.status == RS.REJECTED
    assert any("兑完" in r or "预算" in r for r in j.redemption.reasons)
    assert_ledger_balances()


@pytest.mark.django_db
def test_shaoxing_deducts_at_checkout_provider_redeems_county_confirms_and_pays_provider():
    world, j = start("shaoxing")
    day = order_and_deliver(j, world, START["shaoxing"])
    assert (
        j.voucher is not None
        and j.order.deduction_fen == 50_000 * Y
        and j.order.paid_fen == 50_000 * Y
    )
    apply(j, world, day)
    assert j.redemption.claimant_kind == "provider" and j.redemption.payee_kind == "provider"
    assert j.redemption.subsidy_fen == 50_000 * Y and j.redemption.shares == {"county": 50_000 * Y}
    step = j.pending_step()
    assert step.level == "county" and step.due_on is not None  # confirmation within 10 working days
    day = review_to_end(j, day)
    assert j.redemption.status == RS.PUBLICITY
    item = PublicityItem.objects.get(redemption=j.redemption)
    assert (
        item.publicity.ends_on - item.publicity.starts_on
    ).days == 6  # 7 calendar days, the last day counts
    day = through_publicity(j, day)
    assert j.redemption.status == RS.PAYABLE
    pay(j, world, day)
    assert j.redemption.status == RS.PAID
    assert_ledger_balances()


@pytest.mark.django_db
def test_urumqi_automatic_quota_objection_reopens_review_then_paid():
    world, j = start("urumqi")
    day = order_and_deliver(j, world, START["urumqi"])
    assert j.voucher is not None and j.voucher.mode == "automatic"
    apply(j, world, day)
    assert [s.level for s in j.redemption.steps.order_by("position")] == [
        "county",
        "expert",
        "meeting",
    ]
    day = review_to_end(j, day)
    assert j.redemption.status == RS.PUBLICITY
    item = PublicityItem.objects.get(redemption=j.redemption)
    day = item.publicity.starts_on
    with at(day):
        publicity_services.objection_submit(
            actor=world.officials["expert"],
            item=item,
            objector_name="王五",
            contact="13900001111",
            grounds="该企业与服务机构存在共建关系，不应支持",
        )
    j.refresh()
    assert j.redemption.status == RS.IN_REVIEW, "an objection reopens review (re-deliberation)"
    day = review_to_end(j, day)
    assert j.redemption.status == RS.PUBLICITY
    day = through_publicity(j, day)
    assert j.redemption.status == RS.PAYABLE
    assert j.redemption.shares == {"city": 50_000 * Y} and j.redemption.payee_kind == "applicant"
    pay(j, world, day)
    assert j.redemption.status == RS.PAID
    assert_ledger_balances()


@pytest.mark.django_db
def test_liaocheng_membership_province_60_and_city_30_for_local_testing():
    world, j = start("liaocheng")
    day = order_and_deliver(j, world, START["liaocheng"])
    assert j.voucher is not None and j.voucher.mode == "membership" and j.voucher.face_fen is None
    apply(j, world, day)
    assert j.redemption.shares == {"province": 60_000 * Y, "city": 30_000 * Y}
    assert [s.level for s in j.redemption.steps.order_by("position")] == [
        "county",
        "city",
        "province",
    ]
    day = review_to_end(j, day)
    day = through_publicity(j, day)
    assert j.redemption.status == RS.PAYABLE
    pay(j, world, day)
    assert j.redemption.status == RS.PAID
    assert_ledger_balances()


@pytest.mark.django_db
def test_ningxia_standard_contract_voucher_deducted_in_region_agency_rechecks_and_pays_provider():
    world, j = start("ningxia")
    day = order_and_deliver(j, world, START["ningxia"], contract_returned=True)
    assert j.voucher is not None and j.voucher.contract_id is not None
    assert j.order.deduction_fen == 50_000 * Y  # 50 % of the first 100,000 yuan
    apply(j, world, day)
    assert j.redemption.claimant_kind == "provider" and j.redemption.payee_kind == "provider"
    # 「创新券使用流程」第5—6步: only the agency, within 7 working days of receipt
    steps = list(j.redemption.steps.order_by("position"))
    assert [s.level for s in steps] == ["agency"] and steps[0].due_on is not None
    day = review_to_end(j, day)
    assert j.redemption.status in (RS.APPROVED, RS.PAYABLE)
    day = through_publicity(j, day)
    assert j.redemption.status == RS.PAYABLE and j.redemption.shares == {"province": 50_000 * Y}
    pay(j, world, day)
    assert j.redemption.status == RS.PAID
    assert_ledger_balances()
