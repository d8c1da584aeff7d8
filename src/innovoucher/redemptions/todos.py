"""What waits on the person looking at the workbench (see `notifications.selectors`):
review steps pending on them (with due dates), applications returned to them for correction,
confirmations waiting for their provider, and open objections their body must decide."""

from __future__ import annotations

from innovoucher.core import clock
from innovoucher.notifications.domain import Todo
from innovoucher.redemptions import permissions, selectors
from innovoucher.redemptions.services.common import redemption_url as _url
from innovoucher.redemptions.services.common import url_for
from innovoucher.redemptions.states import RedemptionStatus


def pending_reviews(actor) -> list[Todo]:
    today = clock.today()
    return [
        Todo(
            title=f"{s.action_label}：{s.redemption.applicant.name}（{s.redemption.number}）",
            url=_url(s.redemption),
            category="兑付审核",
            due_on=s.due_on,
            detail=s.get_level_display(),
            overdue=bool(s.due_on and s.due_on < today),
        )
        for s in selectors.review_queue_for_reviewer(actor=actor)[:100]
    ]


def returned_applications(actor) -> list[Todo]:
    qs = selectors.redemption_list_for_party(actor=actor, status=RedemptionStatus.RETURNED)[:100]
    return [
        Todo(
            title=f"按意见修改后重新提交：{r.number}",
            url=_url(r),
            category="兑付申请",
            detail="；".join(r.reasons)[:200],
        )
        for r in qs
        if permissions.is_claimant(actor, r)
    ]


def confirmations(actor) -> list[Todo]:
    qs = selectors.redemption_list_for_party(
        actor=actor, status=RedemptionStatus.AWAITING_CONFIRMATION
    )[:100]
    return [
        Todo(
            title=f"确认兑付申请：{r.applicant.name}（{r.number}）",
            url=_url(r),
            category="服务确认",
        )
        for r in qs
        if permissions.acts_for_provider(actor, r.provider)
    ]


def objection_todos(actor) -> list[Todo]:
    """To-dos: open objections the actor's body must decide."""
    return [
        Todo(
            title=f"处理公示异议：{o.item.redemption.applicant.name}（{o.item.redemption.number}）",
            url=url_for("redemptions:objection_detail", o.pk),
            category="公示异议",
            detail=o.grounds[:80],
        )
        for o in selectors.objection_list_to_decide(actor=actor)[:50]
    ]


TODO_SOURCES = [pending_reviews, returned_applications, confirmations, objection_todos]
