"""Claims: reservation, 兑完为止 queue policies, caps, release, recovery."""

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.ledger import services
from innovoucher.ledger.models import Budget, CapCounter, Claim, ClaimShare, Purpose
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import account, available, funded, pay_all, reserve
from testsupport import make_user

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def officer(db):
    """A finance officer holding the role in several provinces (test convenience)."""
    return make_user(
        "fin_multi",
        grants=[(Role.FINANCE_OFFICER, r) for r in ("140000", "640000", "650100", "330602")],
    )


def _shanxi(officer, province=10_000, city=10_000):
    """Shanxi art. 20/21: province money allocated to Taiyuan, plus Taiyuan's own, 1 : 1."""
    prov = funded(officer, "140000", province, region="140100")
    own = funded(officer, "140100", city)
    return prov, own


def test_a_multi_funder_claim_reserves_every_share(officer):
    prov, own = _shanxi(officer)
    claim = reserve(officer, "redemption:1", {"province": 3_000, "city": 3_000})
    assert claim.status == S.RESERVED and claim.reason == ""
    assert (available(prov), available(own)) == (7_000, 7_000)
    assert {s.budget_id for s in claim.shares.all()} == {prov.pk, own.pk}
    assert ledger_verify().ok


def test_a_short_share_reserves_nothing_and_queues_with_its_reason(officer):
    prov, own = _shanxi(officer, city=1_000)
    claim = reserve(officer, "redemption:1", {"province": 3_000, "city": 3_000})
    assert claim.status == S.QUEUED and claim.waiting_budget == own
    assert "不足" in claim.reason and "排队" in claim.reason
    assert (available(prov), available(own)) == (10_000, 1_000)


def test_reserving_again_returns_the_same_claim_and_different_content_conflicts(officer):
    _shanxi(officer)
    first = reserve(officer, "redemption:1", {"province": 3_000, "city": 3_000})
    again = reserve(officer, "redemption:1", {"province": 3_000, "city": 3_000})
    assert again.pk == first.pk and Claim.objects.count() == 1
    with pytest.raises(Conflict):
        reserve(officer, "redemption:1", {"province": 3_001, "city": 3_000})


def test_invalid_input_says_what_to_fix(officer):
    with pytest.raises(ValidationFailed) as exc:
        reserve(officer, "r", {"nation": 5, "city": -1}, region="14")
    assert "province / city / county" in exc.value.message and "6位数字" in exc.value.message


def test_new_money_serves_the_queue_in_completion_order(officer):
    pool = funded(officer, "640000", 1_000)
    late = reserve(officer, "late", {"province": 800}, region="640104", day=9)
    early = reserve(officer, "early", {"province": 800}, region="640104", day=2)
    small = reserve(officer, "small", {"province": 100}, region="640104", day=10)
    assert late.status == S.RESERVED and early.status == S.QUEUED
    assert small.status == S.QUEUED, "a later claim waits behind an earlier one on the same budget"
    services.budget_appropriate(actor=officer, budget=pool, amount_fen=650, reference="追加")
    statuses = {c.reference: c.status for c in Claim.objects.all()}
    assert statuses == {"late": S.RESERVED, "early": S.RESERVED, "small": S.QUEUED}
    assert available(pool) == 50
    services.budget_appropriate(actor=officer, budget=pool, amount_fen=50, reference="追加2")
    assert Claim.objects.get(reference="small").status == S.RESERVED and available(pool) == 0


def test_reject_policy_refuses_with_a_clear_reason(officer):
    funded(officer, "650100", 500)
    claim = reserve(officer, "u1", {"city": 600}, region="650102", excess="reject")
    assert claim.status == S.REJECTED and "兑完为止" in claim.reason and "不予兑付" in claim.reason


def test_carry_over_policy_moves_the_excess_to_next_year(officer):
    funded(officer, "640000", 500)
    claim = reserve(officer, "n1", {"province": 600}, region="640104", excess="carry_over")
    assert claim.status == S.QUEUED and claim.fiscal_year == 2027 and "结转至2027" in claim.reason
    nxt = services.budget_open(actor=officer, funder_region="640000", fiscal_year=2027)
    services.budget_appropriate(actor=officer, budget=nxt, amount_fen=1_000, reference="2027预算")
    claim.refresh_from_db()
    assert claim.status == S.RESERVED and available(nxt) == 400


def test_budget_carry_over_takes_the_waiting_queue_along(officer):
    pool = funded(officer, "640000", 500)
    claim = reserve(officer, "w1", {"province": 600}, region="640104")
    assert claim.status == S.QUEUED
    services.budget_carry_over(actor=officer, budget=pool, reference="结转")
    nxt = Budget.objects.get(funder_region="640000", fiscal_year=2027)
    claim.refresh_from_db()
    assert claim.fiscal_year == 2027 and claim.status == S.QUEUED
    services.budget_appropriate(actor=officer, budget=nxt, amount_fen=100, reference="2027")
    claim.refresh_from_db()
    assert claim.status == S.RESERVED


def test_no_budget_yet_queues_until_one_is_opened(officer):
    claim = reserve(officer, "x", {"county": 100}, region="330602")
    assert claim.status == S.QUEUED and "尚未设立" in claim.reason
    funded(officer, "330602", 100)
    claim.refresh_from_db()
    assert claim.status == S.RESERVED


def test_caps_refuse_what_would_pass_the_annual_limit(officer):
    funded(officer, "640000", 10_000)
    cap = [{"key": "applicant:A", "limit_fen": 1_000}]
    first = reserve(officer, "c1", {"province": 700}, region="640104", caps=cap, family="ningxia")
    second = reserve(officer, "c2", {"province": 400}, region="640104", caps=cap, family="ningxia")
    assert first.status == S.RESERVED
    assert (
        second.status == S.REJECTED
        and second.reason_code == "cap_exceeded"
        and "剩余 ¥3.00" in second.reason
    )
    assert CapCounter.objects.get().used_fen == 700
    services.claim_release(actor=officer, reference="c1", reason="申请人撤回")
    assert CapCounter.objects.get().used_fen == 0


def test_release_gives_money_back_and_serves_the_queue(officer):
    pool = funded(officer, "640000", 1_000)
    reserve(officer, "a", {"province": 1_000}, region="640104", day=1)
    waiting = reserve(officer, "b", {"province": 600}, region="640104", day=2)
    assert waiting.status == S.QUEUED
    released = services.claim_release(actor=officer, reference="a", reason="公示期异议成立")
    waiting.refresh_from_db()
    assert released.status == S.RELEASED and waiting.status == S.RESERVED and available(pool) == 400
    assert services.claim_release(actor=officer, reference="a", reason="again").status == S.RELEASED
    assert ledger_verify().ok


def test_a_queued_claim_can_be_withdrawn(officer):
    funded(officer, "640000", 100)
    reserve(officer, "q", {"province": 600}, region="640104")
    assert services.claim_release(actor=officer, reference="q", reason="撤回").status == S.RELEASED


def _pay(officer, claim_ref, payer):
    pay_all(officer, payer)
    return Claim.objects.get(reference=claim_ref)


def test_recovery_returns_money_to_the_budgets_it_came_from(officer):
    prov, own = _shanxi(officer)
    reserve(officer, "r1", {"province": 3_000, "city": 1_000})
    claim = _pay(officer, "r1", "140100")
    assert claim.status == S.PAID
    services.claim_recover(
        actor=officer,
        reference="r1",
        amount_fen=2_000,
        recovery_reference="追回-1",
        reason="虚假材料",
    )
    services.claim_recover(
        actor=officer,
        reference="r1",
        amount_fen=2_000,
        recovery_reference="追回-1",
        reason="虚假材料",
    )
    assert (available(prov), available(own)) == (7_000 + 1_500, 9_000 + 500)
    assert sum(s.recovered_fen for s in ClaimShare.objects.all()) == 2_000
    with pytest.raises(ValidationFailed):
        services.claim_recover(
            actor=officer, reference="r1", amount_fen=2_001, recovery_reference="追回-2", reason="x"
        )
    assert account(prov, Purpose.RECOVERED).balance_fen == 1_500 and ledger_verify().ok


def test_a_paid_claim_cannot_be_released(officer):
    _shanxi(officer)
    reserve(officer, "r1", {"province": 3_000, "city": 1_000})
    _pay(officer, "r1", "140100")
    with pytest.raises(Conflict):
        services.claim_release(actor=officer, reference="r1", reason="x")


def test_a_controller_group_cap_binds_across_applicants(officer):
    funded(officer, "640000", 100_000)
    group = {"key": "group:控制人甲", "limit_fen": 1_500}
    first = reserve(
        officer,
        "g1",
        {"province": 1_000},
        region="640104",
        family="liaocheng",
        caps=[{"key": "applicant:A", "limit_fen": 5_000}, group],
    )
    second = reserve(
        officer,
        "g2",
        {"province": 1_000},
        region="640104",
        family="liaocheng",
        caps=[{"key": "applicant:B", "limit_fen": 5_000}, group],
    )
    assert (
        first.status == S.RESERVED
        and second.status == S.REJECTED
        and "group:控制人甲" in second.reason
    )
    assert not CapCounter.objects.filter(subject_key="applicant:B", used_fen__gt=0).exists(), (
        "a refused claim consumes no cap at all"
    )
    assert CapCounter.objects.get(subject_key="group:控制人甲").used_fen == 1_000
