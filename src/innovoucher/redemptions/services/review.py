"""The review chain of a redemption, as data from the pinned policy version.

When an application enters review its `ReviewStep`s for the round are created from
`process.review_chain` (level, action, article, time limit in working or calendar days); the
first is pending, the others wait. One pending step at a time (a partial unique constraint).
Only the official whose role and region match the pending step acts on it:

    approve  — opinion, optionally a lower recommended amount; the next step becomes pending, or,
               after the last step, `outcome.review_passed` in the same transaction
    return   — with reasons: the application goes back for correction; a resubmission starts a
               new round from the first step (every round kept as history)
    reject   — with reasons: not supported; the invoice and the voucher are freed

`review_flag_overdue` (run by `innovoucher tick`) flags pending steps past their due date once and
tells the reviewer and the level above.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.notifications.services import notify_organisation, notify_role
from innovoucher.policies.services import engine_family, engine_version
from innovoucher.redemptions import domain, permissions
from innovoucher.redemptions.models import Invoice, Redemption, ReviewStep
from innovoucher.redemptions.services import vouchering
from innovoucher.redemptions.services.transition import apply_transition
from innovoucher.redemptions.states import REVIEWER, RedemptionStatus, StepLevel, StepStatus
from innovoucher.registry.domain import add_weekdays
from innovoucher.workdays.domain.workcalendar import CalendarYearMissing
from innovoucher.workdays.services import add_working_days

ACTIONS = {"approve": "审核通过", "return": "退回修改", "reject": "不予支持"}
OPEN_STEPS = (StepStatus.PENDING, StepStatus.WAITING)


def policy_region(redemption: Redemption) -> str:
    return engine_family(redemption.family_slug).region


def due_date(start: dt.date, days: int, unit: str) -> dt.date:
    """The last day of a time limit: n working days after `start` (plain weekdays for a year whose
    holiday arrangement is not loaded yet), or n calendar days."""
    if unit != "working":
        return start + dt.timedelta(days=days)
    try:
        return add_working_days(start, days)
    except CalendarYearMissing:
        return add_weekdays(start, days)


def _plans(redemption: Redemption) -> list[domain.StepPlan]:
    version = engine_version(redemption.policy_version)
    chain, deadlines = version.process["review_chain"], version.process.get("deadlines")
    plans = domain.plan_steps(
        chain.value,
        chain.article,
        deadlines.value if deadlines else None,
        deadlines.article if deadlines else "",
    )
    unknown = [p.level for p in plans if p.level not in StepLevel.values]
    if unknown:
        raise ValidationFailed(
            f"政策审核链中的“{'、'.join(unknown)}”层级平台暂不支持办理，请联系平台管理员",
            code="review_level_unsupported",
        )
    return plans


# --- starting a round ------------------------------------------------------------------------


def review_start(*, actor, redemption: Redemption) -> list[ReviewStep]:
    """Create this round's steps (the first pending) and tell the first reviewer."""
    plans, region, today = _plans(redemption), policy_region(redemption), clock.today()
    steps = []
    for plan in plans:
        first = plan.position == 1
        steps.append(
            ReviewStep(
                redemption=redemption,
                round=redemption.round,
                position=plan.position,
                level=plan.level,
                action_label=plan.action[:60],
                article=plan.article[:200],
                region_code=domain.step_region(
                    plan.level, applicant_region=redemption.region_code, policy_region=region
                ),
                status=StepStatus.PENDING if first else StepStatus.WAITING,
                started_on=today if first else None,
                due_on=due_date(today, plan.days, plan.unit) if first else None,
            )
        )
    with transaction.atomic():
        created = ReviewStep.objects.bulk_create(steps)
        audit.record(
            actor=actor,
            action="redemptions.review_start",
            obj=redemption,
            region_code=redemption.region_code,
            data={
                "round": redemption.round,
                "steps": [f"{s.level}:{s.region_code}" for s in steps],
            },
        )
        notify_step(
            redemption,
            ReviewStep.objects.get(redemption=redemption, round=redemption.round, position=1),
        )
    return created


def _deadline_text(step: ReviewStep) -> str:
    return f"，请于{domain.cn_date(step.due_on)}前办理" if step.due_on else ""


def notify_step(redemption: Redemption, step: ReviewStep) -> None:
    role = domain.step_role(step.level, policy_region(redemption))
    notify_role(
        roles=(Role(role),),
        region_code=step.region_code,
        subject=f"待审核：兑付申请 {redemption.number}（{step.action_label}）",
        body=f"{redemption.applicant.name} 的兑付申请待您“{step.action_label}”{_deadline_text(step)}。",
        url=f"/redemptions/{redemption.pk}/",
        due_on=step.due_on,
        key=f"redemption:{redemption.pk}:step:{step.pk}",
    )


def notify_claimant(redemption: Redemption, *, subject: str, body: str, key: str) -> None:
    """Tell the claimant (and the service user, when the provider claims)."""
    parties = [
        redemption.provider if redemption.claimant_kind == domain.PROVIDER else redemption.applicant
    ]
    if redemption.submitted_via_id:
        parties.append(redemption.submitted_via)
    if redemption.claimant_kind == domain.PROVIDER:
        parties.append(redemption.applicant)
    for org in parties:
        notify_organisation(
            organisation=org,
            subject=subject,
            body=body,
            url=f"/redemptions/{redemption.pk}/",
            key=f"{key}:{org.pk}",
        )


# --- one decision ----------------------------------------------------------------------------


def pending_step(redemption: Redemption) -> ReviewStep | None:
    return ReviewStep.objects.filter(redemption=redemption, status=StepStatus.PENDING).first()


def _amount(raw, redemption: Redemption) -> int | None:
    if raw in (None, ""):
        return None
    try:
        fen = raw if isinstance(raw, int) and not isinstance(raw, bool) else yuan_to_fen(raw)
    except MoneyError:
        raise ValidationFailed(
            "建议金额格式不正确：应为以元为单位、最多两位小数的数字",
            details={"fields": {"amount": ["金额格式不正确"]}},
        ) from None
    if fen <= 0:
        raise ValidationFailed(
            "建议金额应大于0；不予支持的请选择“不予支持”",
            details={"fields": {"amount": ["建议金额应大于0"]}},
        )
    if fen > redemption.subsidy_fen:
        raise ValidationFailed(
            f"建议金额不能超过核定补助 {fen_to_yuan(redemption.subsidy_fen)} 元",
            code="amount_above_subsidy",
            details={"fields": {"amount": [f"不能超过 {fen_to_yuan(redemption.subsidy_fen)} 元"]}},
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
    if action not in ACTIONS:
        raise ValidationFailed(
            f"未知的审核操作“{action}”（可选：approve 通过、return 退回修改、reject 不予支持）",
            code="unknown_action",
        )
    redemption = step.redemption
    permissions.require_step(actor, step, policy_region(redemption))
    reasons = _clean_reasons(reasons)
    if action != "approve" and not reasons:
        raise ValidationFailed(
            f"{ACTIONS[action]}须填写理由，告诉申请人需要修改或不予支持的原因",
            code="reasons_required",
            details={"fields": {"reasons": ["请填写理由"]}},
        )
    amount_fen = _amount(amount, redemption) if action == "approve" else None
    with transaction.atomic():
        _close_step(actor, step, action, (opinion or "").strip(), reasons, amount_fen)
        if action == "approve":
            return _approved(actor, redemption, step, amount_fen)
        _cancel_waiting(redemption)
        if action == "return":
            return _returned(actor, redemption, reasons)
        return _rejected(actor, redemption, reasons)


def _close_step(
    actor, step: ReviewStep, action: str, opinion: str, reasons: list[str], amount_fen: int | None
) -> None:
    status = {
        "approve": StepStatus.APPROVED,
        "return": StepStatus.RETURNED,
        "reject": StepStatus.REJECTED,
    }[action]
    updated = ReviewStep.objects.filter(pk=step.pk, status=StepStatus.PENDING).update(
        status=status,
        decided_at=clock.now(),
        decided_by=actor,
        opinion=opinion,
        reasons=reasons,
        amount_fen=amount_fen,
    )
    if not updated:
        raise Conflict("该审核环节已被他人处理，请刷新页面查看最新状态", code="stale_status")
    step.refresh_from_db()
    audit.record(
        actor=actor,
        action=f"redemptions.step_{action}",
        obj=step.redemption,
        region_code=step.redemption.region_code,
        data={
            "step": step.pk,
            "level": step.level,
            "round": step.round,
            "opinion": opinion,
            "reasons": reasons,
            "amount_fen": amount_fen,
        },
    )


def _approved(
    actor, redemption: Redemption, step: ReviewStep, amount_fen: int | None
) -> Redemption:
    redemption.refresh_from_db()
    if redemption.status != RedemptionStatus.IN_REVIEW:
        raise Conflict(
            f"该申请当前状态为“{redemption.get_status_display()}”，不能审核",
            code="invalid_transition",
        )
    if amount_fen is not None and amount_fen < redemption.subsidy_fen:
        _reduce(redemption, step, amount_fen)
    following = (
        ReviewStep.objects.filter(
            redemption=redemption,
            round=step.round,
            status=StepStatus.WAITING,
            position__gt=step.position,
        )
        .order_by("position")
        .first()
    )
    if following is not None:
        _activate(redemption, following)
        return redemption
    from innovoucher.redemptions.services.outcome import review_passed

    return review_passed(actor=actor, redemption=redemption)


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


def _activate(redemption: Redemption, step: ReviewStep) -> None:
    plans = {p.position: p for p in _plans(redemption)}
    plan, today = plans.get(step.position), clock.today()
    due = (
        due_date(today, plan.days, plan.unit)
        if plan
        else due_date(today, **domain.DEFAULT_STEP_DEADLINE)
    )
    if not ReviewStep.objects.filter(pk=step.pk, status=StepStatus.WAITING).update(
        status=StepStatus.PENDING, started_on=today, due_on=due
    ):
        raise Conflict("该审核环节已被他人处理，请刷新页面查看最新状态", code="stale_status")
    step.refresh_from_db()
    notify_step(redemption, step)


def _cancel_waiting(redemption: Redemption) -> None:
    ReviewStep.objects.filter(redemption=redemption, status=StepStatus.WAITING).update(
        status=StepStatus.CANCELLED
    )


def cancel_open_steps(redemption: Redemption) -> None:
    ReviewStep.objects.filter(redemption=redemption, status__in=OPEN_STEPS).update(
        status=StepStatus.CANCELLED, decided_at=clock.now()
    )


def _returned(actor, redemption: Redemption, reasons: list[str]) -> Redemption:
    redemption = apply_transition(
        actor=actor, redemption=redemption, action="return", by=REVIEWER, reasons=reasons
    )
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 被退回修改",
        body="审核意见：" + "；".join(reasons) + "。请按意见修改材料后重新提交。",
        key=f"redemption:{redemption.pk}:returned:{redemption.round}",
    )
    return redemption


def _rejected(actor, redemption: Redemption, reasons: list[str]) -> Redemption:
    redemption = apply_transition(
        actor=actor, redemption=redemption, action="reject", by=REVIEWER, reasons=reasons
    )
    release_holdings(actor=actor, redemption=redemption)
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 不予支持",
        body="理由：" + "；".join(reasons) + "。",
        key=f"redemption:{redemption.pk}:rejected",
    )
    return redemption


def release_holdings(*, actor, redemption: Redemption) -> None:
    """An application that ended without money (withdrawn, rejected) frees its invoice number and
    gives its voucher use back."""
    Invoice.objects.filter(redemption=redemption, released_at__isnull=True).update(
        released_at=clock.now()
    )
    vouchering.unuse(actor=actor, redemption=redemption)


# --- re-deliberation after a publicity objection -----------------------------------------------


def review_step_reopen(*, redemption: Redemption, reason: str = "") -> ReviewStep:
    """A new pending step of the chain's last level after the current round's last step (same
    round: the application did not change), due in that level's time limit. Used when a publicity
    objection sends an application back to review (Urumqi art. 17(5): 会议重新审议)."""
    plan = _plans(redemption)[-1]
    previous = redemption.steps.filter(level=plan.level).order_by("-round", "-position").first()
    region = (
        previous.region_code
        if previous
        else domain.step_region(
            plan.level,
            applicant_region=redemption.region_code,
            policy_region=policy_region(redemption),
        )
    )
    last = redemption.steps.filter(round=redemption.round).aggregate(p=Max("position"))["p"] or 0
    today = clock.today()
    label = "会议重新审议" if plan.level == "meeting" else f"重新审议（{plan.action}）"
    return ReviewStep.objects.create(
        redemption=redemption,
        round=redemption.round,
        position=last + 1,
        level=plan.level,
        action_label=label[:60],
        article=plan.article[:200],
        region_code=region,
        status=StepStatus.PENDING,
        started_on=today,
        due_on=due_date(today, plan.days, plan.unit),
        reasons=[reason] if reason else [],
    )


# --- overdue ---------------------------------------------------------------------------------


def _day(now) -> dt.date:
    if now is None:
        return clock.today()
    if isinstance(now, dt.datetime):
        from django.utils import timezone

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
    body = f"“{step.action_label}”的办理期限为{domain.cn_date(step.due_on)}，已逾期{days}天，请尽快办理。"
    url = f"/redemptions/{redemption.pk}/"
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
        action="redemptions.step_overdue",
        obj=redemption,
        region_code=redemption.region_code,
        data={"step": step.pk, "level": step.level, "due_on": step.due_on.isoformat()},
    )
