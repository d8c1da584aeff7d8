"""What waits on the person looking at the workbench (see `notifications.selectors`):
review steps pending on them (with due dates), applications returned to them for correction,
confirmations waiting for their provider, and open objections their body must decide."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _

from innovoucher.core import clock
from innovoucher.core.web import zh
from innovoucher.notifications.domain import Todo
from innovoucher.redemptions import permissions, selectors
from innovoucher.redemptions.services.common import redemption_url as _url
from innovoucher.redemptions.services.common import url_for
from innovoucher.redemptions.states import RedemptionStatus


def pending_reviews(actor) -> list[Todo]:
    today = clock.today()
    return [
        Todo(
            title=format_html(
                _("{action}：{applicant}（{number}）"),
                action=zh(s.action_label),  # the policy's wording of the step
                applicant=zh(s.redemption.applicant.name),
                number=s.redemption.number,
            ),
            url=_url(s.redemption),
            category=_("兑付审核"),
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
            title=format_html(_("按意见修改后重新提交：{number}"), number=r.number),
            url=_url(r),
            category=_("兑付申请"),
            detail=zh("；".join(r.reasons)[:200]),
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
            title=format_html(
                _("确认兑付申请：{applicant}（{number}）"),
                applicant=zh(r.applicant.name),
                number=r.number,
            ),
            url=_url(r),
            category=_("服务确认"),
        )
        for r in qs
        if permissions.acts_for_provider(actor, r.provider)
    ]


def objection_todos(actor) -> list[Todo]:
    """To-dos: open objections the actor's body must decide."""
    return [
        Todo(
            title=format_html(
                _("处理公示异议：{applicant}（{number}）"),
                applicant=zh(o.item.redemption.applicant.name),
                number=o.item.redemption.number,
            ),
            url=url_for("redemptions:objection_detail", o.pk),
            category=_("公示异议"),
            detail=zh(o.grounds[:80]),
        )
        for o in selectors.objection_list_to_decide(actor=actor)[:50]
    ]


TODO_SOURCES = [pending_reviews, returned_applications, confirmations, objection_todos]
