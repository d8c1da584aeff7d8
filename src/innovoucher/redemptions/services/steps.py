"""The review steps of a redemption, as data from the pinned policy version.

When an application enters review (`review_start`) its `ReviewStep`s for the round are created
from `process.review_chain` (level, action, article, time limit in working or calendar days,
counted by `workdays.services.deadline_after`); the first is pending, the others wait. One pending
step at a time (a partial unique constraint). A step is decided in `review.py`; the next one is
activated here (`step_activate`), and a publicity objection adds a re-deliberation step
(`review_step_reopen`). Waiting and pending steps are cancelled together when the round ends
without a decision (rejection, withdrawal).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from innovoucher.accounts.roles import Role
from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.notifications.services import notify_role
from innovoucher.policies.services import engine_version
from innovoucher.redemptions import domain
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.services.common import policy_region, redemption_url
from innovoucher.redemptions.services.lifecycle import STEP
from innovoucher.redemptions.states import StepLevel, StepStatus
from innovoucher.workdays.services import deadline_after

OPEN_STEPS = (StepStatus.PENDING, StepStatus.WAITING)


def step_plans(redemption: Redemption) -> list[domain.StepPlan]:
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
            code=Code.REVIEW_LEVEL_UNSUPPORTED,
        )
    return plans


# --- starting a round ------------------------------------------------------------------------


def review_start(*, actor, redemption: Redemption) -> list[ReviewStep]:
    """Create this round's steps (the first pending) and tell the first reviewer."""
    plans, region, today = step_plans(redemption), policy_region(redemption), clock.today()
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
                due_on=deadline_after(today, plan.days, plan.unit) if first else None,
            )
        )
    with transaction.atomic():
        created = ReviewStep.objects.bulk_create(steps)
        audit.record(
            actor=actor,
            action="redemptions.redemption.review_start",
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
        body=(
            f"{redemption.applicant.name} 的兑付申请待您“{step.action_label}”"
            f"{_deadline_text(step)}。"
        ),
        url=redemption_url(redemption),
        due_on=step.due_on,
        key=f"redemption:{redemption.pk}:step:{step.pk}",
    )


def pending_step(redemption: Redemption) -> ReviewStep | None:
    return ReviewStep.objects.filter(redemption=redemption, status=StepStatus.PENDING).first()


def following_step(step: ReviewStep) -> ReviewStep | None:
    """The next waiting step of the same round, if any."""
    return (
        ReviewStep.objects.filter(
            redemption_id=step.redemption_id,
            round=step.round,
            status=StepStatus.WAITING,
            position__gt=step.position,
        )
        .order_by("position")
        .first()
    )


def step_activate(*, redemption: Redemption, step: ReviewStep) -> ReviewStep:
    """The next step of the chain becomes pending, due in its level's time limit."""
    plans = {p.position: p for p in step_plans(redemption)}
    plan, today = plans.get(step.position), clock.today()
    limit = {"days": plan.days, "unit": plan.unit} if plan else domain.DEFAULT_STEP_DEADLINE
    step = transition_apply(
        STEP,
        actor=None,
        obj=step,
        action="activate",
        by=SYSTEM,
        values={"started_on": today, "due_on": deadline_after(today, **limit)},
        audit_data={"redemption": redemption.number, "step": step.pk, "level": step.level},
    )
    notify_step(redemption, step)
    return step


def steps_cancel_waiting(redemption: Redemption) -> None:
    """The round ended at a decision: the steps that never started are cancelled."""
    ReviewStep.objects.filter(redemption=redemption, status=StepStatus.WAITING).update(
        status=StepStatus.CANCELLED
    )


def steps_cancel_open(redemption: Redemption) -> None:
    """The application was withdrawn: its pending and waiting steps are cancelled."""
    ReviewStep.objects.filter(redemption=redemption, status__in=OPEN_STEPS).update(
        status=StepStatus.CANCELLED, decided_at=clock.now()
    )


# --- re-deliberation after a publicity objection -----------------------------------------------


def review_step_reopen(*, redemption: Redemption, reason: str = "") -> ReviewStep:
    """A new pending step of the chain's last level after the current round's last step (same
    round: the application did not change), due in that level's time limit. Used when a publicity
    objection sends an application back to review (Urumqi art. 17(5): 会议重新审议)."""
    plan = step_plans(redemption)[-1]
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
        due_on=deadline_after(today, plan.days, plan.unit),
        reasons=[reason] if reason else [],
    )
