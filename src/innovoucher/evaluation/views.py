"""Evaluation pages: rounds (open, compute, score, decide, publish), the report (PDF, Excel) and
the awards (approve for payment through the ledger). Parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core import clock, listing
from innovoucher.core.errors import DomainError, NotFound, PermissionDenied
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import apply_errors, domain_errors, paginate
from innovoucher.evaluation import permissions, reports, selectors, services
from innovoucher.evaluation.codes import Code
from innovoucher.evaluation.forms import RoundOpenForm, ScoreForm
from innovoucher.evaluation.states import AwardStatus, RoundKind, RoundStatus
from innovoucher.policies.selectors import policy_family_list
from innovoucher.regions.selectors import region_label

ROUND_ACTIONS = {
    RoundStatus.OPEN: [("recompute", _("重新计算指标")), ("decide", _("评定结果"))],
    RoundStatus.DECIDED: [("publish", _("公布结果")), ("reopen", _("退回重新评价"))],
}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _families():
    return [(f.slug, f.name) for f in policy_family_list()]


def _require_reader(user) -> None:
    if not permissions.is_reader(user):
        raise PermissionDenied("您没有查看绩效评价的权限")


ROUND_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("kind", _("类型"), "kind"),
    Sort("year", _("年度"), "year"),
    Sort("status", _("状态"), "status"),
    Sort("opened", _("发起时间"), "opened_at"),
    default="-opened",
)


def _list_page(request, form, http_status: int = 200):
    kind = listing.choice(request.GET.get("kind"), RoundKind.choices)
    status = listing.choice(request.GET.get("status"), RoundStatus.choices)
    year, q = listing.year(request.GET.get("year")), request.GET.get("q", "").strip()
    rounds = selectors.round_list_for_reader(
        actor=request.user, kind=kind, year=year, status=status, q=q
    )
    rounds, sorting = ROUND_SORTS.apply(request, rounds)
    return render(
        request,
        "evaluation/rounds.html",
        {
            "page": paginate(request, rounds),
            "sorting": sorting,
            "form": form,
            "kind": kind,
            "status": status,
            "year": year,
            "q": q,
            "statuses": RoundStatus.choices,
            "kinds": RoundKind.choices,
            "can_open": bool(permissions.reader_regions(request.user)),
        },
        status=http_status,
    )


@login_required
@domain_errors
def round_list(request):
    _require_reader(request.user)
    regions = permissions.reader_regions(request.user)
    form = RoundOpenForm(
        families=_families(),
        initial={"year": clock.today().year - 1, "region_code": regions[0] if regions else ""},
    )
    return _list_page(request, form)


@require_POST
@login_required
@domain_errors
def round_open(request):
    _require_reader(request.user)
    form = RoundOpenForm(request.POST, families=_families())
    http_status = 422
    if form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_open(
                actor=request.user,
                kind=d["kind"],
                family=d["family"],
                region_code=d["region_code"].strip(),
                year=d["year"],
                expert_weight=d["expert_weight"],
                title=d["title"],
            )
        except DomainError as exc:
            apply_errors(exc, form)
            http_status = exc.status
        else:
            messages.success(request, _("评价已发起，平台指标已计算"))
            return redirect("evaluation:round", pk=rnd.pk)
    return _list_page(request, form, http_status)


@login_required
@domain_errors
def round_detail(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    awards = list(selectors.award_list_for_reader(actor=request.user, rnd=rnd))
    claims = selectors.claim_status(a.claim_reference for a in awards)
    for award in awards:
        award.claim = claims.get(award.claim_reference)
    official = permissions.can_official(request.user, rnd.region_code)
    keys = reports.indicator_columns(rnd)
    assessments = selectors.round_assessments(rnd)
    for a in assessments:
        a.cells = [(a.indicators.get(k, 0), reports.LABELS[k][1]) for k in keys]
    return render(
        request,
        "evaluation/round.html",
        {
            "round": rnd,
            "region_name": region_label(rnd.region_code),
            "assessments": assessments,
            "columns": [reports.LABELS[k][0] for k in keys],
            "awards": awards,
            "official": official,
            "scorer": permissions.can_score(request.user, rnd.region_code)
            and rnd.status == RoundStatus.OPEN,
            "actions": ROUND_ACTIONS.get(rnd.status, []) if official else [],
            "award_proposed": AwardStatus.PROPOSED,
            "score_form": ScoreForm(),
        },
    )


@require_POST
@login_required
@domain_errors
def round_action(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    what = request.POST.get("action")
    reasons = [request.POST.get("reasons", "")]
    if what == "recompute":
        services.round_recompute(actor=request.user, round=rnd)
        messages.success(request, _("指标已按最新数据重新计算"))
    elif what == "decide":
        services.round_decide(actor=request.user, round=rnd)
        messages.success(request, _("评价结果已评定"))
    elif what == "reopen":
        services.round_reopen(actor=request.user, round=rnd, reasons=reasons)
        messages.success(request, _("已退回重新评价"))
    elif what == "publish":
        services.round_publish(actor=request.user, round=rnd)
        messages.success(request, _("评价结果已公布"))
    else:
        messages.error(request, _("未知的操作"))
    return redirect("evaluation:round", pk=pk)


@require_POST
@login_required
@domain_errors
def assessment_score(request, pk):
    a = selectors.assessment_get(actor=request.user, pk=pk)
    services.assessment_score(
        actor=request.user,
        assessment=a,
        score=request.POST.get("score", ""),
        comment=request.POST.get("comment", ""),
    )
    messages.success(request, _("已记录对“%(name)s”的评分") % {"name": a.subject_name})
    return redirect("evaluation:round", pk=a.round_id)


@require_POST
@login_required
@domain_errors
def award_action(request, pk):
    award = selectors.award_get(actor=request.user, pk=pk)
    what = request.POST.get("action")
    if what == "approve":
        award = services.award_approve(actor=request.user, award=award)
        messages.success(
            request,
            _("奖补 %(number)s 已审定，资金申请 %(claim)s 已登记")
            % {"number": award.number, "claim": award.claim_reference},
        )
    elif what == "withdraw":
        services.award_withdraw(
            actor=request.user, award=award, reasons=[request.POST.get("reasons", "")]
        )
        messages.success(request, _("奖补已撤销"))
    else:
        messages.error(request, _("未知的操作"))
    return redirect("evaluation:round", pk=award.assessment.round_id)


@login_required
@domain_errors
def round_report(request, pk, fmt):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if fmt == "pdf":
        body, kind = reports.report_pdf(rnd), "application/pdf"
    elif fmt == "xlsx":
        body, kind = reports.report_xlsx(rnd), XLSX
    else:
        raise NotFound("报告格式须为 pdf 或 xlsx", code=Code.EXPORT_INVALID)
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="evaluation-{rnd.number}.{fmt}"'
    return response
