"""Clawbacks (追回): a notice with the amount and the policy's deadline (`sanctions.clawback_days`,
Urumqi art. 20: 30 days); the voucher of the redemption is withdrawn; repayment is recorded
through the redemption's recovery (the ledger's `claim_recover`); overdue notices are flagged."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.notifications.services import notify, notify_organisation
from innovoucher.redemptions.services.payment import payment_recover
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.supervision import domain
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import CLAWBACK
from innovoucher.supervision.models import Clawback, SpotCheck
from innovoucher.supervision.services.common import new_number, sanction_rules
from innovoucher.supervision.states import OFFICIAL, ClawbackStatus
from innovoucher.vouchers.services.lifecycle import voucher_revoke
from innovoucher.vouchers.states import VoucherStatus
from innovoucher.workdays.services import deadline_after

# Where the text names no time limit for returning the money: 30 calendar days (as Urumqi).
DEFAULT_CLAWBACK_DAYS = 30
REVOCABLE = (VoucherStatus.ISSUED, VoucherStatus.RESERVED, VoucherStatus.USED)


def require_recoverable(redemption, amount_fen: int) -> None:
    if redemption.status != RedemptionStatus.PAID:
        raise Conflict(
            f"兑付申请 {redemption.number} 当前为“{redemption.get_status_display()}”，"
            "只有已拨付的资金才能追回；未拨付的请移送审核部门不予支持",
            code=Code.CLAWBACK_INVALID,
        )
    if amount_fen <= 0:
        raise Conflict("检查发现未记录涉及金额，不能追回资金", code=Code.CLAWBACK_INVALID)


def _withdraw_voucher(actor, clawback: Clawback) -> bool:
    voucher = clawback.redemption.voucher
    if voucher is None or voucher.status not in REVOCABLE:
        return False
    voucher_revoke(
        actor=actor,
        voucher=voucher,
        reasons=[f"监督检查追回资金（{clawback.number}，{clawback.article}）"],
    )
    return True


def clawback_issue(*, actor, check: SpotCheck, amount_fen: int) -> Clawback:
    """Inside `check_conclude`'s transaction: the notice, its deadline, the voucher withdrawn."""
    redemption = check.redemption
    today = clock.today()
    _, cited = sanction_rules(redemption.family_slug, today)
    days = int(cited.value.get("clawback_days") or DEFAULT_CLAWBACK_DAYS)
    clawback = Clawback.objects.create(
        number=new_number("ZH", today),
        spot_check=check,
        redemption=redemption,
        organisation=redemption.applicant,
        region_code=redemption.region_code,
        amount_fen=amount_fen,
        article=cited.article,
        issued_on=today,
        due_on=deadline_after(today, days, "calendar"),
    )
    withdrawn = _withdraw_voucher(actor, clawback)
    if withdrawn:
        Clawback.objects.filter(pk=clawback.pk).update(voucher_withdrawn=True)
        clawback.voucher_withdrawn = True
    audit.record(
        actor=actor,
        action="supervision.clawback.issue",
        obj=clawback,
        region_code=clawback.region_code,
        data={
            "number": clawback.number,
            "redemption": redemption.number,
            "amount_fen": amount_fen,
            "due_on": clawback.due_on.isoformat(),
            "article": cited.article,
            "voucher_withdrawn": withdrawn,
        },
    )
    transaction.on_commit(lambda: _tell(clawback))
    return clawback


def _tell(clawback: Clawback) -> None:
    notify_organisation(
        organisation=clawback.organisation,
        subject="资金追回通知",
        body=(
            f"经监督检查，兑付申请 {clawback.redemption.number} 的补助资金 "
            f"{fen_to_yuan_display(clawback.amount_fen)} 须于{domain.cn_date(clawback.due_on)}前"
            f"缴回（依据{clawback.article}）"
        ),
        url=reverse("supervision:clawback", args=[clawback.pk]),
        key=f"clawback:{clawback.pk}:issued",
    )


def clawback_repay(*, actor, clawback: Clawback, recovery_reference: str = "") -> Clawback:
    """Record the repayment: the redemption's recovery returns the money to the budgets it came
    from (ledger `claim_recover`), in the same transaction as the notice's move."""
    reference = (recovery_reference or "").strip()[:80] or f"追回-{clawback.number}"

    def recover(obj):
        payment_recover(
            actor=actor,
            redemption=obj.redemption,
            reasons=[f"监督检查追回（{obj.number}，{obj.article}）"],
            amount_fen=obj.amount_fen,
            recovery_reference=reference,
        )

    return transition_apply(
        CLAWBACK,
        actor=actor,
        obj=clawback,
        action="repay",
        by=OFFICIAL,
        values={"repaid_on": clock.today(), "recovery_reference": reference},
        audit_data={"amount_fen": clawback.amount_fen, "recovery_reference": reference},
        after=recover,
    )


def _official(clawback: Clawback):
    """The official who concluded the check that issued the notice."""
    change = clawback.spot_check.changes.filter(action="conclude").select_related("actor").first()
    return change.actor if change is not None else None


def _tell_overdue(clawback: Clawback) -> None:
    subject = "追回资金逾期未缴回"
    body = (
        f"追回通知 {clawback.number}（{clawback.organisation.name}，"
        f"{fen_to_yuan_display(clawback.amount_fen)}）的缴回期限{domain.cn_date(clawback.due_on)}"
        f"已过，尚未缴回（依据{clawback.article}）"
    )
    url = reverse("supervision:clawback", args=[clawback.pk])
    key = f"clawback:{clawback.pk}:overdue"
    notify_organisation(
        organisation=clawback.organisation, subject=subject, body=body, url=url, key=key
    )
    notify(
        users=[_official(clawback)],
        subject=subject,
        body=body,
        url=url,
        region_code=clawback.region_code,
        key=f"{key}:official",
    )


def clawbacks_flag_overdue(moment=None) -> int:
    """Notices past their deadline and not repaid become overdue; the party and the official
    who concluded the check are told (idempotent; tick)."""
    today = clock.today()
    changed = 0
    for clawback in Clawback.objects.filter(status=ClawbackStatus.ISSUED, due_on__lt=today):
        transition_apply(
            CLAWBACK,
            actor=None,
            obj=clawback,
            action="flag_overdue",
            by=SYSTEM,
            reasons=[f"缴回期限{domain.cn_date(clawback.due_on)}已过"],
            notify=_tell_overdue,
        )
        changed += 1
    return changed
