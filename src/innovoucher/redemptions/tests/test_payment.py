"""Payment through the ledger: reservation on approval, 兑完为止 per policy (reject / wait /
carry_over), the fair queue served when money arrives, payment batches, recovery."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Budget, Claim
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.policies.services import engine_version
from innovoucher.redemptions.models import Redemption, RedemptionChange
from innovoucher.redemptions.services.payment import (
    annual_caps,
    claim_reference,
    payment_recover,
    payment_reserve,
    payment_status,
    redemption_get_for_payment,
)
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START, fund

pytestmark = pytest.mark.django_db


def _appropriate(world, level: str, region: str, amount_fen: int, year: int) -> Budget:
    officer = world.finance[level]
    budget = ledger.budget_open(actor=officer, funder_region=region, fiscal_year=year)
    ledger.budget_appropriate(
        actor=officer,
        budget=budget,
        amount_fen=amount_fen,
        reference=f"追加-{region}-{year}-{amount_fen}",
    )
    return budget


def _pay(world, level: str, payer: str, period: str = "通知-1"):
    officer = world.finance[level]
    batch = ledger.batch_create(
        actor=officer, payer_region=payer, cadence="per_notice", period=period
    )
    ledger.batch_export(actor=officer, batch=batch)
    ledger.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    return batch


def test_without_publicity_approval_reserves_the_shares_at_once():
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=5_000_000))
    assert r.status == S.PAYABLE and r.claim_reference == claim_reference(r)
    claim = Claim.objects.get(reference=r.claim_reference)
    assert (
        claim.status == "reserved"
        and claim.excess == "carry_over"
        and claim.payee_kind == "provider"
    )
    assert claim.payee_name == world.provider.name and {
        s.funder_level: s.amount_fen for s in claim.shares.all()
    } == {"province": 5_000_000}
    assert claim.caps == [
        {"key": f"applicant:{world.applicant.party_key}", "limit_fen": 20_000_000}
    ]
    assert list(r.changes.values_list("action", flat=True)) == ["approve", "reserve"]
    again = payment_reserve(actor=None, redemption=r)
    assert again.status == S.PAYABLE and Claim.objects.count() == 1, (
        "reserving again changes nothing"
    )
    assert ledger_verify().ok


def test_reject_policy_refuses_when_the_budget_is_spent_and_frees_the_order():
    world = world_for("shanxi", funded=False)
    with clock.frozen_now(START["shanxi"]):
        fund(world, amount_fen=600_000)
        first = pass_review(world, redemption_in_review(world, subsidy_fen=1_000_000))
        second = pass_review(world, redemption_in_review(world, subsidy_fen=1_000_000))
    end = first.publicity_items.get().publicity.ends_on
    tick(end + dt.timedelta(days=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.PAYABLE
    assert (
        second.status == S.REJECTED
        and "预算已兑完" in second.reasons[0]
        and "兑完为止" in second.reasons[0]
    )
    assert Claim.objects.get(reference=second.claim_reference).status == "rejected"
    assert ledger_verify().ok


def test_wait_policy_queues_then_pays_when_new_money_arrives():
    world = world_for("shaoxing", funded=False)
    with clock.frozen_now(START["shaoxing"]):
        fund(world, amount_fen=300_000)
        r = pass_review(world, redemption_in_review(world, subsidy_fen=500_000))
    end = r.publicity_items.get().publicity.ends_on
    tick(end + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.QUEUED and "排队" in r.reasons[0]
    status = payment_status(r)
    assert status.claim_status == "queued" and "排队" in status.reason
    with clock.frozen_now(end + dt.timedelta(days=3)):
        _appropriate(world, "county", "330602", 1_000_000, 2026)
    assert Claim.objects.get(reference=r.claim_reference).status == "reserved", (
        "the ledger served the queue"
    )
    counts = tick(end + dt.timedelta(days=3))
    r.refresh_from_db()
    assert r.status == S.PAYABLE and sum(counts.values()) >= 1
    assert list(r.changes.values_list("action", flat=True))[-2:] == ["queue", "reserve"]


def test_carry_over_policy_waits_for_next_year_budget():
    world = world_for("ningxia", funded=False)
    with clock.frozen_now(START["ningxia"]):
        fund(world, amount_fen=1_000_000)
        r = pass_review(world, redemption_in_review(world, subsidy_fen=2_000_000))
    assert r.status == S.QUEUED and "结转" in r.reasons[0]
    claim = Claim.objects.get(reference=r.claim_reference)
    assert claim.fiscal_year == 2027
    with clock.frozen_now(dt.date(2026, 12, 31)):
        _appropriate(world, "province", "640000", 5_000_000, 2027)
    tick(dt.date(2027, 1, 2))
    r.refresh_from_db()
    assert r.status == S.PAYABLE


def test_paid_after_the_bank_confirms_and_tick_follows_once():
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=3_000_000))
        _pay(world, "province", "640000")
    first = tick(START["ningxia"] + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.PAID
    changes = RedemptionChange.objects.count()
    second = tick(START["ningxia"] + dt.timedelta(days=1))
    assert sum(second.values()) == 0 and RedemptionChange.objects.count() == changes, (
        "a second tick changes nothing"
    )
    assert sum(first.values()) >= 1
    status = payment_status(r)
    assert status.claim_status == "paid" and [line.status for line in status.lines] == ["paid"]


def test_recovery_returns_the_money_once_and_only_by_an_official_of_the_region():
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=3_000_000))
        _pay(world, "province", "640000")
    tick(START["ningxia"] + dt.timedelta(days=1))
    r.refresh_from_db()
    official = world.officials["county"]
    stranger = make_user("recover-stranger", role=None)
    with clock.frozen_now(START["ningxia"] + dt.timedelta(days=5)):
        with pytest.raises(PermissionDenied):
            payment_recover(actor=world.applicant_user, redemption=r, reasons=["弄虚作假"])
        with pytest.raises(ValidationFailed):
            payment_recover(actor=official, redemption=r, reasons=["  "])
        r = payment_recover(
            actor=official, redemption=r, reasons=["经查服务合同弄虚作假，套取财政资金"]
        )
        with pytest.raises(Conflict):
            payment_recover(
                actor=official, redemption=Redemption.objects.get(pk=r.pk), reasons=["再次追回"]
            )
    assert r.status == S.RECOVERED
    assert payment_status(r).recovered_fen == 3_000_000
    assert ledger_verify().ok
    with pytest.raises(NotFound):
        redemption_get_for_payment(actor=stranger, pk=r.pk)
    assert redemption_get_for_payment(actor=world.applicant_user, pk=r.pk) == r


def test_a_cap_refusal_names_the_cap():
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        first = pass_review(world, redemption_in_review(world, subsidy_fen=6_000_000))
        second = pass_review(world, redemption_in_review(world, subsidy_fen=6_000_000))
    end = first.publicity_items.get().publicity.ends_on
    tick(end + dt.timedelta(days=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.PAYABLE and second.status == S.REJECTED
    assert "年度上限" in second.reasons[0]


def test_group_caps_use_the_controller_group():
    world = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        r = redemption_in_review(world)
    caps = annual_caps(r, engine_version(r.policy_version))
    assert (
        len(caps) == 1
        and caps[0]["key"].startswith("group:")
        and caps[0]["limit_fen"] == 65_000_000
    )
