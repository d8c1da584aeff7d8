"""Issue 10 / ADR 0027: Liaocheng's province share is paid during the city's publicity
(art. 17 / 20). An objection upheld afterwards and a re-deliberation that refuses the application
(or a withdrawal) must not leave that money paid with nothing following: the city share is never
reserved, the application goes to `recovering` with notices to the firm and the paying office,
and the repayment is recorded through the ledger's recovery (`claim_recover`), ending `recovered`.
A payment the bank reports failed means nothing is due: the tick closes it as rejected."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.core.models import AuditEvent
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Budget, Claim
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.notifications.models import Notification
from innovoucher.redemptions.models import Invoice
from innovoucher.redemptions.services import review, steps, submission
from innovoucher.redemptions.services.payment import payment_recover, payment_status
from innovoucher.redemptions.services.publicity import objection_decide, objection_submit
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db

PROVINCE, CITY = "370000", "371500"


def _available(region: str, year: int) -> int:
    budget = Budget.objects.get(funder_region=region, region_code=region, fiscal_year=year)
    return budget.accounts.get(purpose="available").spendable_fen


def _province_batch(world, period: str, *, result: str | None = "成功"):
    officer = world.finance["province"]
    batch = ledger.batch_create(
        actor=officer, payer_region=PROVINCE, cadence="per_notice", period=period
    )
    ledger.batch_export(actor=officer, batch=batch)
    if result is not None:
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch, default=result)
        )
    return batch


def _objected(world, r, name="lc-objector"):
    item = r.publicity_items.get()
    objection = objection_submit(
        actor=make_user(name),
        item=item,
        objector_name="王五",
        contact="13900001234",
        grounds="该企业与服务机构存在关联关系，合同金额明显虚高。",
    )
    r.refresh_from_db()
    assert r.status == S.IN_REVIEW
    return objection


def _listed_and_province_paid(world, *, result="成功"):
    with clock.frozen_now(START["liaocheng"]):
        r = redemption_in_review(world, subsidy_fen=600_000)
        Invoice.objects.create(  # the invoice number the application holds while alive
            number=f"INV-{r.number}",
            redemption=r,
            amount_fen=r.contract_amount_fen,
            issued_on=START["liaocheng"],
            registered_at=clock.now(),
        )
        r = pass_review(world, r)
        assert r.status == S.PUBLICITY
        _province_batch(world, "通知-省-1", result=result)
    return r


def test_upheld_objection_after_the_province_paid_asks_the_money_back_and_ends_recovered():
    world = world_for("liaocheng")
    year = START["liaocheng"].year
    r = _listed_and_province_paid(world)
    province = Claim.objects.get(reference=f"redemption:{r.number}:province")
    assert province.status == Claim.Status.PAID
    assert _available(PROVINCE, year) == 100_000_000 - 300_000
    start = r.publicity_items.get().publicity.starts_on
    with clock.frozen_now(start):
        objection = _objected(world, r)
        objection_decide(
            actor=world.officials["city"],
            objection=objection,
            outcome="upheld",
            resolution="经核查关联关系属实",
        )
        pending = steps.pending_step(r)
        r = review.review_decide(
            actor=world.officials[pending.level],
            step=pending,
            action="reject",
            reasons=["异议成立，存在关联交易，不予支持"],
        )
    assert r.status == S.RECOVERING
    assert r.get_status_display() == "不予支持，待追回已拨付资金"
    # The city's share is never reserved; the province's stays paid until it comes back.
    assert not Claim.objects.filter(reference=f"redemption:{r.number}").exists()
    assert Claim.objects.get(pk=province.pk).status == Claim.Status.PAID
    event = AuditEvent.objects.get(action="redemptions.payment.recovery_due")
    assert event.data["amount_fen"] == 300_000 and event.data["payer_regions"] == [PROVINCE]
    firm = Notification.objects.filter(subject__contains="已拨付资金须缴回")
    assert firm.exists() and "3,000.00" in firm.first().body
    funder = Notification.objects.filter(subject=f"已拨付资金待追回（{r.number}）")
    assert set(funder.values_list("recipient__username", flat=True)) >= {
        world.finance["province"].username
    }
    # The invoice stays held until the money is back; the tick changes nothing meanwhile.
    assert Invoice.objects.filter(redemption=r, released_at__isnull=True).exists()
    tick(start + dt.timedelta(days=30))
    r.refresh_from_db()
    assert r.status == S.RECOVERING
    panel = payment_status(r, actor=world.officials["city"])
    assert panel.can_recover
    with clock.frozen_now(start + dt.timedelta(days=31)):
        r = payment_recover(
            actor=world.officials["city"],
            redemption=r,
            reasons=["已缴回先行拨付的省级补助"],
            recovery_reference="缴款-001",
        )
    assert r.status == S.RECOVERED
    assert payment_status(r).recovered_fen == 300_000
    assert _available(PROVINCE, year) == 100_000_000
    assert not Invoice.objects.filter(redemption=r, released_at__isnull=True).exists()
    assert ledger_verify().ok


def test_a_withdrawal_after_the_province_paid_also_asks_the_money_back():
    world = world_for("liaocheng")
    r = _listed_and_province_paid(world)
    with clock.frozen_now(r.publicity_items.get().publicity.starts_on):
        _objected(world, r, "lc-objector-2")
        r = submission.redemption_withdraw(actor=world.applicant_user, redemption=r)
    assert r.status == S.RECOVERING
    assert steps.pending_step(r) is None


def test_money_in_the_banks_hands_is_due_and_a_failed_payment_closes_it_as_rejected():
    world = world_for("liaocheng")
    year = START["liaocheng"].year
    r = _listed_and_province_paid(world, result=None)  # exported, no bank result yet
    start = r.publicity_items.get().publicity.starts_on
    with clock.frozen_now(start):
        _objected(world, r, "lc-objector-3")
        pending = steps.pending_step(r)
        r = review.review_decide(
            actor=world.officials[pending.level],
            step=pending,
            action="reject",
            reasons=["异议成立，不予支持"],
        )
        assert r.status == S.RECOVERING
        with pytest.raises(Conflict) as in_bank:  # nothing to record before the bank answers
            payment_recover(actor=world.officials["city"], redemption=r, reasons=["缴回"])
        assert in_bank.value.code == "in_bank_payment"
        batch = Claim.objects.get(reference=f"redemption:{r.number}:province").payment_lines.get()
        officer = world.finance["province"]
        ledger.batch_import_results(
            actor=officer,
            batch=batch.batch,
            filename="r.csv",
            content=result_csv(batch.batch, default="失败"),
        )
    tick(start + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.REJECTED
    assert Claim.objects.get(reference=f"redemption:{r.number}:province").status == "released"
    assert _available(PROVINCE, year) == 100_000_000
    assert not Invoice.objects.filter(redemption=r, released_at__isnull=True).exists()
    assert tick(start + dt.timedelta(days=2))["先行拨付支付失败的待追回申请办结"] == 0
    assert ledger_verify().ok
