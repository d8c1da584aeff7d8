"""「兑付审核」: the reviewer's queue (pending steps with deadlines and overdue badges), the
applications of the official's regions, and the decision on a pending step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors
from innovoucher.policies.models import PolicyFamily
from innovoucher.redemptions import selectors
from innovoucher.redemptions.services import review
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.redemptions.views import intake, paginate
from innovoucher.redemptions.views.forms import DecisionForm, apply_errors
from innovoucher.registry.webforms import post_or_back

REGIONAL_SORTS = Sorting(
    Sort("number", gettext_lazy("申请编号"), "number"),
    Sort("applicant", gettext_lazy("服务使用方"), "applicant__name_pinyin"),
    Sort("provider", gettext_lazy("服务机构"), "provider__name_pinyin"),
    Sort("subsidy", gettext_lazy("核定补助"), "subsidy_fen"),
    Sort("submitted", gettext_lazy("提交时间"), "submitted_at"),
    Sort("status", gettext_lazy("状态"), "status"),
    default="-submitted",
)


@login_required
def queue(request):
    family, status = request.GET.get("family", ""), request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    steps = selectors.review_queue_for_reviewer(actor=request.user, family=family, overdue=overdue)
    regional = selectors.redemption_list_for_official(
        actor=request.user, status=status, family=family
    )
    regional, sorting = REGIONAL_SORTS.apply(request, regional, param="rsort", page_param="rpage")
    return render(
        request,
        "redemptions/queue.html",
        {
            "steps": paginate(request, steps),
            "regional": paginate(request, regional, param="rpage"),
            "sorting": sorting,
            "today": clock.today(),
            "family": family,
            "status": status,
            "overdue": overdue,
            "statuses": RedemptionStatus.choices,
            "families": PolicyFamily.objects.order_by("slug"),
        },
    )


@login_required
@post_or_back("redemptions:queue", kwarg="")
@domain_errors
def decide(request, pk):
    step = selectors.review_step_get(actor=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            r = review.review_decide(
                actor=request.user,
                step=step,
                action=d["action"],
                opinion=d["opinion"],
                reasons=d["reasons"],
                amount=d["amount"] or None,
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(exc, form)
        else:
            label = review.ACTIONS[d["action"]]
            messages.success(
                request,
                gettext("已办理：%(step)s — %(action)s（%(number)s，当前状态：%(status)s）")
                % {
                    "step": step.action_label,
                    "action": gettext(label),
                    "number": r.number,
                    "status": r.get_status_display(),
                },
            )
            return redirect("redemptions:detail", pk=r.pk)
    return intake.detail(request, step.redemption_id, decision_form=form)
