"""A reviewer's decision on the pending review step of a redemption, and overdue steps.

Only the official whose role and region match the pending step acts on it (the `STEP`
lifecycle's `authorize` hook):

    approve  — opinion, optionally a lower recommended amount; the next step becomes pending, or,
               after the last step, `outcome.review_passed` in the same transaction
    return   — with reasons: the application goes back for correction; a resubmission starts a
               new round from the first step (every round kept as history)
    reject   — with reasons: not supported; the invoice and the voucher are freed (when a share
               was already paid ahead of the publicity, the application goes to `recovering`
               instead and the money is asked back: `recovery.py`)

The steps themselves (the chain from the pinned policy, activation, re-deliberation) are in
`steps.py`. `review_flag_overdue` (run by `innovoucher tick`) flags pending steps past their due
date once and tells the reviewer and the level above.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import require_source, transition_apply
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.core.refresh import refresh
from innovoucher.core.requestcache import memo_scope
from innovoucher.notifications.services import notify_role
from innovoucher.redemptions import domain
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.services import outcome, recovery, steps
from innovoucher.redemptions.services.common import notify_claimant, policy_region, redemption_url
from innovoucher.redemptions.services.holdings import release_holdings
from innovoucher.redemptions.services.lifecycle import REDEMPTION, STEP
from innovoucher.redemptions.services.payment import PAYMENT_RELATED
from innovoucher.redemptions.states import REVIEWER, STEP_TRANSITIONS, TRANSITIONS, StepStatus

ACTIONS = {action: t.label for action, t in STEP_TRANSITIONS.items() if t.by == REVIEWER}


def _amount(raw, redemption: Redemption) -> int | None:
    if raw in (None, ""):
        return None
    try:
        fen = raw if isinstance(raw, int) and not isinstance(raw, bool) else yuan_to_fen(raw)
    except MoneyError:
        raise ValidationFailed(
            "建议金额格式不正确：应为以元为单位、最多两位小数的数字",
            code=CoreCode.AMOUNT_INVALID,
            details={"fields": {"amount": ["金额格式不正确"]}},
        ) from None
    if fen <= 0:
        raise ValidationFailed(
            "建议金额应大于0；不予支持的请选择“不予支持”",
            code=CoreCode.AMOUNT_INVALID,
            details={"fields": {"amount": ["建议金额应大于0"]}},
        )
    if fen > redemption.subsidy_fen:
        limit = fen_to_yuan(redemption.subsidy_fen)
        raise ValidationFailed(
            f"建议金额不能超过核定补助 {limit} 元",
            code=Code.AMOUNT_ABOVE_SUBSIDY,
            details={"fields": {"amount": [f"不能超过 {limit} 元"]}},
        )
    return fen


def _clean_reasons(reasons) -> list[str]:
    if isinstance(reasons, str):
        reasons = reasons.splitlines()
    return [str(r).strip() for r in (reasons or []) if r and str(r).strip()]


def review_decide(
    *, actor, step: ReviewStep, action: str, opinion: str = "", reasons=(), amount=None
) -> Redemption:
    """The reviewer of the pending `step` approves, returns or rejects the application."""
    redemption = step.redemption
    reasons = _clean_reasons(reasons)
    amount_fen = _amount(amount, redemption) if action == "approve" else None
    opinion = (opinion or "").strip()
    with memo_scope(), transaction.atomic():
        transition_apply(
            STEP,
            actor=actor,
            obj=step,
            action=action,
            by=REVIEWER,
            reasons=reasons,
            values={
                "decided_at": clock.now(),
                "decided_by": actor,
                "opinion": opinion,
                "reasons": reasons,
                "amount_fen": amount_fen,
            },
            audit_data={
                "redemption": redemption.number,
                "step": step.pk,
                "level": step.level,
                "round": step.round,
                "opinion": opinion,
                "amount_fen": amount_fen,
            },
        )
        if action == "approve":
            return _approved(actor, redemption, step, amount_fen)
        steps.steps_cancel_waiting(redemption)
        if action == "return":
            return _returned(actor, redemption, reasons)
        return _rejected(actor, redemption, reasons)


def _approved(
    actor, redemption: Redemption, step: ReviewStep, amount_fen: int | None
) -> Redemption:
    refresh(redemption, related=PAYMENT_RELATED)
    require_source(REDEMPTION, TRANSITIONS["approve"], "approve", redemption.status)
    if amount_fen is not None and amount_fen < redemption.subsidy_fen:
        _reduce(redemption, step, amount_fen)
    following = steps.following_step(step)
    if following is not None:
        steps.step_activate(redemption=redemption, step=following)
        return redemption
    return outcome.review_passed(actor=actor, redemption=redemption)


def _reduce(redemption: Redemption, step: ReviewStep, amount_fen: int) -> None:
    """A reviewer's lower recommended amount becomes the subsidy; shares follow in proportion."""
    shares = domain.reshare(redemption.shares, amount_fen)
    trace = [
        *redemption.trace,
        {
            "step": f"审核核定（{step.get_level_display()}·{step.action_label}）",
            "value": f"由 {fen_to_yuan(redemption.subsidy_fen)} 调整为 {fen_to_yuan(amount_fen)}",
            "article": step.article,
        },
    ]
    Redemption.objects.filter(pk=redemption.pk).update(
        subsidy_fen=amount_fen, shares=shares, trace=trace
    )
    redemption.refresh_from_db()


def _returned(actor, redemption: Redemption, reasons: list[str]) -> Redemption:
    redemption = transition_apply(
        REDEMPTION, actor=actor, obj=redemption, action="return", by=REVIEWER, reasons=reasons
    )
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 被退回修改",
        body="审核意见：" + "；".join(reasons) + "。请按意见修改材料后重新提交。",
        key=f"redemption:{redemption.pk}:returned:{redemption.round}",
    )
    return redemption


def _rejected(actor, redemption: Redemption, reasons: list[str]) -> Redemption:
    if recovery.has_money_out(redemption):  # the early share is paid: it must come back
        return recovery.end_with_recovery(
            actor=actor,
            redemption=redemption,
            action="reject_recover",
            by=REVIEWER,
            reasons=reasons,
        )
    redemption = transition_apply(
        REDEMPTION, actor=actor, obj=redemption, action="reject", by=REVIEWER, reasons=reasons
    )
    release_holdings(actor=actor, redemption=redemption)
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 不予支持",
        body="理由：" + "；".join(reasons) + "。",
        key=f"redemption:{redemption.pk}:rejected",
    )
    return redemption


# --- overdue ---------------------------------------------------------------------------------


def _day(now) -> dt.date:
    if now is None:
        return clock.today()
    if isinstance(now, dt.datetime):
        return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    return now


def review_flag_overdue(*, now=None) -> int:
    """Flag every pending step whose due date has passed (once) and tell its reviewer and the level
    above. Idempotent: a flagged step is not flagged or notified again. Returns how many."""
    today = _day(now)
    flagged = 0
    late = ReviewStep.objects.filter(
        status=StepStatus.PENDING, due_on__lt=today, overdue_flagged=False
    ).select_related("redemption")
    for step in late:
        with transaction.atomic():
            if not ReviewStep.objects.filter(
                pk=step.pk, status=StepStatus.PENDING, overdue_flagged=False
            ).update(overdue_flagged=True):
                continue
            _tell_overdue(step, today)
            flagged += 1
    return flagged


def _tell_overdue(step: ReviewStep, today: dt.date) -> None:
    redemption, region = step.redemption, policy_region(step.redemption)
    days = (today - step.due_on).days
    subject = f"审核逾期：兑付申请 {redemption.number}（{step.action_label}）"
    body = (
        f"“{step.action_label}”的办理期限为{domain.cn_date(step.due_on)}，"
        f"已逾期{days}天，请尽快办理。"
    )
    url = redemption_url(redemption)
    notify_role(
        roles=(Role(domain.step_role(step.level, region)),),
        region_code=step.region_code,
        subject=subject,
        body=body,
        url=url,
        due_on=step.due_on,
        key=f"redemption-step:{step.pk}:overdue",
    )
    above = domain.escalation(step.level, step.region_code, region)
    if above is not None:
        notify_role(
            roles=(Role(above[0]),),
            region_code=above[1],
            subject=f"下级{subject}",
            body=f"{step.get_level_display()}（{step.region_code}）{body}",
            url=url,
            due_on=step.due_on,
            key=f"redemption-step:{step.pk}:overdue-above",
        )
    audit.record(
        actor=None,
        action="redemptions.step.overdue",
        obj=step,
        region_code=redemption.region_code,
        data={
            "redemption": redemption.number,
            "step": step.pk,
            "level": step.level,
            "due_on": step.due_on.isoformat(),
        },
    )
