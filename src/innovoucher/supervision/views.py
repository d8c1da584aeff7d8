"""Supervision pages in the officials' workspace (监督检查): sanctions, spot checks, clawbacks,
complaints, integrity records; and the public report form. Parse input, call one service or
selector, render. No rules here."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import MoneyError, yuan_to_fen
from innovoucher.core.web import domain_errors, paginate
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.listfilters import ListFilters
from innovoucher.regions.widgets import picked, picker_context
from innovoucher.supervision import selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.permissions import can_supervise, is_reader
from innovoucher.supervision.services import (
    checks,
    clawbacks,
    commitments,
    complaints,
    sanctions,
)
from innovoucher.supervision.services.measures import RECTIFY_PARTIES
from innovoucher.supervision.states import (
    CheckStatus,
    ClawbackStatus,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStatus,
    Outcome,
    SampleMethod,
    SanctionStatus,
    Scope,
)


def _reasons(request) -> list[str]:
    return [line.strip() for line in request.POST.get("reasons", "").splitlines() if line.strip()]


def _date(value: str, field: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        message = f"请按 2026-03-02 的格式填写{label}"
        raise ValidationFailed(
            message, code=Code.INVALID_DATE, details={"fields": {field: [message]}}
        )


def _yuan(value: str) -> int:
    if not (value or "").strip():
        return 0
    try:
        return yuan_to_fen(value.strip())
    except MoneyError:
        message = "金额须为元，最多两位小数，如 12000.00"
        raise ValidationFailed(
            message, code=Code.INVALID_AMOUNT, details={"fields": {"amount": [message]}}
        )


def _common(request) -> dict:
    return {"families": PolicyFamily.objects.all(), "is_reader": is_reader(request.user)}


@login_required
@domain_errors
def overview(request):
    actor = request.user
    return render(
        request,
        "supervision/overview.html",
        {
            **_common(request),
            **selectors.overview_for_official(actor),
        },
    )


# --- sanctions ----------------------------------------------------------------------------------


SANCTION_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("organisation", _("主体"), "organisation__name_pinyin"),
    Sort("scope", _("范围"), "scope"),
    Sort("starts", _("起始"), "starts_on"),
    Sort("ends", _("截止（含）"), "ends_on"),
    Sort("status", _("状态"), "status"),
    default="-starts",
)


@login_required
@domain_errors
def sanction_list(request):
    status, query = request.GET.get("status", ""), request.GET.get("q", "").strip()
    qs = selectors.sanctions_for_official(request.user, status=status, query=query)
    qs, sorting = SANCTION_SORTS.apply(request, qs)
    return render(
        request,
        "supervision/sanctions.html",
        {
            **_common(request),
            "sorting": sorting,
            "page_obj": paginate(request, qs),
            "statuses": SanctionStatus.choices,
            "scopes": Scope.choices,
            "status": status,
            "q": query,
        },
    )


@login_required
@require_POST
@domain_errors
def sanction_impose(request):
    org = selectors.organisation_by_uscc(request.POST.get("uscc", ""))
    ends = request.POST.get("ends_on", "").strip()
    check = None
    if request.POST.get("check"):
        check = selectors.check_get(request.user, request.POST["check"])
    made = sanctions.sanction_impose(
        actor=request.user,
        organisation=org,
        family=request.POST.get("family", ""),
        reason=request.POST.get("reason", ""),
        scopes=request.POST.getlist("scopes") or None,
        ends_on=_date(ends, "ends_on", "惩戒截止日") if ends else None,
        source_check=check,
    )
    derived = sum(1 for s in made if s.derived_from_id)
    messages.success(
        request,
        _("已对%(name)s实施惩戒 %(n)s 项，关联主体同样适用 %(derived)s 项")
        % {"name": org.name, "n": len(made) - derived, "derived": derived},
    )
    return redirect("supervision:sanction", pk=made[0].pk)


@login_required
@domain_errors
def sanction_detail(request, pk):
    sanction = selectors.sanction_get(request.user, pk)
    return render(
        request,
        "supervision/sanction.html",
        {
            "s": sanction,
            "derived": sanction.derived.select_related("organisation"),
            "integrity": sanction.integrity.all(),
            "changes": sanction.changes.select_related("actor"),
            "can_act": can_supervise(request.user, sanction.region_code),
        },
    )


@login_required
@require_POST
@domain_errors
def sanction_lift(request, pk):
    sanction = selectors.sanction_get(request.user, pk)
    sanctions.sanction_lift(actor=request.user, sanction=sanction, reasons=_reasons(request))
    messages.success(request, _("惩戒 %(number)s 已撤销") % {"number": sanction.number})
    return redirect("supervision:sanction", pk=pk)


def _listed(request, sorts: Sorting, qs) -> dict:
    """The context of a sorted, paginated list (the filters are read by the caller)."""
    qs, sorting = sorts.apply(request, qs)
    return {"sorting": sorting, "page_obj": paginate(request, qs)}


INTEGRITY_SORTS = Sorting(
    Sort("person", _("姓名"), "person_name"),
    Sort("organisation", _("单位"), "organisation__name_pinyin"),
    Sort("sanction", _("惩戒"), "sanction__number"),
    Sort("recorded", _("记录日期"), "recorded_on"),
    default="-recorded",
)


@login_required
@domain_errors
def integrity_list(request):
    filters = ListFilters.read(request)
    qs = selectors.integrity_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/integrity.html",
        {"filters": filters, **_listed(request, INTEGRITY_SORTS, qs)},
    )


# --- spot checks --------------------------------------------------------------------------------


SAMPLE_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("family", _("政策"), "family_slug"),
    Sort("region", _("地区"), "region_code"),
    Sort("period", _("期间"), "period_from", "period_to"),
    Sort("population", _("抽样框"), "population"),
    Sort("size", _("样本"), "size"),
    Sort("drawn", _("抽取时间"), "created_at"),
    default="-drawn",
)


@login_required
@domain_errors
def sample_list(request):
    filters = ListFilters.read(request)
    qs = selectors.samples_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/samples.html",
        {
            **_common(request),
            **_listed(request, SAMPLE_SORTS, qs),
            "filters": filters,
            "methods": SampleMethod.choices,
            "region_picker": picker_context("region_code", ""),
        },
    )


@login_required
@require_POST
@domain_errors
def sample_draw(request):
    p = request.POST
    provider = (
        selectors.organisation_by_uscc(p["provider_uscc"], "provider_uscc")
        if p.get("provider_uscc")
        else None
    )
    sample = checks.sample_draw(
        actor=request.user,
        region_code=picked(p, "region_code"),
        family=p.get("family", ""),
        period_from=_date(p.get("period_from", ""), "period_from", "期间开始日"),
        period_to=_date(p.get("period_to", ""), "period_to", "期间结束日"),
        method=p.get("method", SampleMethod.RANDOM),
        provider=provider,
        confidence=p.get("confidence") or "0.95",
        margin=p.get("margin") or "0.05",
        size=p.get("size") or None,
        seed=p.get("seed") or None,
        flying=bool(p.get("flying")),
    )
    messages.success(
        request,
        _("已从 %(population)s 笔申请中抽取 %(size)s 笔")
        % {"population": sample.population, "size": sample.size},
    )
    return redirect("supervision:sample", pk=sample.pk)


CHECK_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("redemption", _("兑付申请"), "redemption__number"),
    Sort("applicant", _("申请方"), "redemption__applicant__name_pinyin"),
    Sort("provider", _("服务机构"), "redemption__provider__name_pinyin"),
    Sort("risk", _("风险分"), "risk_score"),
    Sort("due", _("期限"), "due_on"),
    Sort("status", _("状态"), "status"),
    default="-risk",
)


@login_required
@domain_errors
def sample_detail(request, pk):
    sample = selectors.sample_get(request.user, pk)
    filters = ListFilters.read(request, statuses=CheckStatus.choices)
    qs = selectors.checks_for_official(request.user, q=filters.q, status=filters.status).filter(
        sample=sample
    )
    return render(
        request,
        "supervision/sample.html",
        {"sample": sample, "filters": filters, **_listed(request, CHECK_SORTS, qs)},
    )


@login_required
@domain_errors
def check_detail(request, pk):
    check = selectors.check_get(request.user, pk)
    return render(
        request,
        "supervision/check.html",
        {
            **_common(request),
            "c": check,
            "r": check.redemption,
            "findings": check.findings.all(),
            "changes": check.changes.select_related("actor"),
            "outcomes": Outcome.choices,
            "clawback": getattr(check, "clawback", None),
            "rectification": getattr(check, "rectification", None),
            "parties": RECTIFY_PARTIES.items(),
            "can_act": can_supervise(request.user, check.region_code),
        },
    )


@login_required
@require_POST
@domain_errors
def check_action(request, pk):
    check = selectors.check_get(request.user, pk)
    what = request.POST.get("action")
    if what == "start":
        checks.check_start(actor=request.user, check=check)
        messages.success(request, _("已开始检查"))
    elif what == "finding":
        checks.finding_record(
            actor=request.user,
            check=check,
            text=request.POST.get("text", ""),
            amount_fen=_yuan(request.POST.get("amount", "")),
            evidence=request.FILES.get("evidence"),
        )
        messages.success(request, _("检查发现已记录"))
    elif what == "conclude":
        checks.check_conclude(
            actor=request.user,
            check=check,
            outcome=request.POST.get("outcome", ""),
            conclusion=request.POST.get("conclusion", ""),
            party=request.POST.get("party") or None,
            days=request.POST.get("days") or None,
        )
        messages.success(request, _("处理结论已作出"))
    else:
        messages.error(request, _("未知的操作"))
    return redirect("supervision:check", pk=pk)


# --- clawbacks ----------------------------------------------------------------------------------


CLAWBACK_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("organisation", _("主体"), "organisation__name_pinyin"),
    Sort("redemption", _("兑付申请"), "redemption__number"),
    Sort("amount", _("金额"), "amount_fen"),
    Sort("due", _("期限"), "due_on"),
    Sort("status", _("状态"), "status"),
    default="due",
)


@login_required
@domain_errors
def clawback_list(request):
    filters = ListFilters.read(request, statuses=ClawbackStatus.choices)
    qs = selectors.clawbacks_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/clawbacks.html",
        {"filters": filters, **_listed(request, CLAWBACK_SORTS, qs)},
    )


@login_required
@domain_errors
def clawback_detail(request, pk):
    clawback = selectors.clawback_get(request.user, pk)
    return render(
        request,
        "supervision/clawback.html",
        {
            "k": clawback,
            "changes": clawback.changes.select_related("actor"),
            "can_act": can_supervise(request.user, clawback.region_code),
        },
    )


@login_required
@require_POST
@domain_errors
def clawback_repay(request, pk):
    clawback = selectors.clawback_get(request.user, pk)
    clawbacks.clawback_repay(
        actor=request.user,
        clawback=clawback,
        recovery_reference=request.POST.get("recovery_reference", ""),
    )
    messages.success(request, _("缴回已登记，资金已退回原预算"))
    return redirect("supervision:clawback", pk=pk)


# --- complaints ---------------------------------------------------------------------------------


COMPLAINT_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("kind", _("类型"), "kind"),
    Sort("provider", _("被投诉机构"), "provider__name_pinyin"),
    Sort("received", _("登记时间"), "received_at"),
    Sort("due", _("答复期限"), "due_on"),
    Sort("status", _("状态"), "status"),
    default="-received",
)


@login_required
@domain_errors
def complaint_list(request):
    filters = ListFilters.read(request, statuses=ComplaintStatus.choices)
    qs = selectors.complaints_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/complaints.html",
        {"filters": filters, **_listed(request, COMPLAINT_SORTS, qs)},
    )


@login_required
@domain_errors
def complaint_detail(request, pk):
    complaint = selectors.complaint_get(request.user, pk)
    return render(
        request,
        "supervision/complaint.html",
        {
            "c": complaint,
            "outcomes": ComplaintOutcome.choices,
            "changes": complaint.changes.select_related("actor"),
            "can_act": can_supervise(request.user, complaint.region_code),
        },
    )


@login_required
@require_POST
@domain_errors
def complaint_action(request, pk):
    complaint = selectors.complaint_get(request.user, pk)
    if request.POST.get("action") == "accept":
        complaints.complaint_accept(actor=request.user, complaint=complaint)
    else:
        complaints.complaint_answer(
            actor=request.user,
            complaint=complaint,
            outcome=request.POST.get("outcome", ""),
            answer=request.POST.get("answer", ""),
        )
    messages.success(request, _("已办理"))
    return redirect("supervision:complaint", pk=pk)


@domain_errors
def report(request):
    """The public form: a firm's quality complaint (signed in, for its organisation) or anyone's
    report of suspected fraud."""
    if request.method == "POST":
        p = request.POST
        complainant = None
        if p.get("kind") == ComplaintKind.QUALITY and p.get("complainant_uscc"):
            complainant = selectors.organisation_by_uscc(p["complainant_uscc"], "complainant_uscc")
        complaint = complaints.complaint_file(
            actor=request.user,
            kind=p.get("kind", ""),
            provider=selectors.organisation_by_uscc(p.get("provider_uscc", ""), "provider_uscc"),
            family=p.get("family", ""),
            text=p.get("text", ""),
            complainant=complainant,
            reporter_name=p.get("reporter_name", ""),
            reporter_contact=p.get("reporter_contact", ""),
        )
        messages.success(
            request,
            _("已登记（编号 %(number)s），我们将于期限内答复") % {"number": complaint.number},
        )
        return redirect("supervision:report")
    return render(
        request,
        "supervision/report.html",
        {"families": PolicyFamily.objects.all(), "kinds": ComplaintKind.choices},
    )


# --- credit commitments -------------------------------------------------------------------------


COMMITMENT_SORTS = Sorting(
    Sort("organisation", _("单位"), "organisation__name_pinyin"),
    Sort("family", _("政策"), "family_slug"),
    Sort("version", _("版本"), "policy_version"),
    Sort("signer", _("签署人"), "signed_by__username"),
    Sort("signed", _("签署日期"), "signed_on"),
    default="-signed",
)


@login_required
@domain_errors
def commitment_page(request):
    """A party signs the commitments its policies ask for; officials see those of their region."""
    filters = ListFilters.read(request)
    official = selectors.commitments_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/commitments.html",
        {
            "options": commitments.commitment_options(request.user),
            "signed": selectors.commitments_for_party(request.user),
            **_listed(request, COMMITMENT_SORTS, official),
            "filters": filters,
            "is_reader": is_reader(request.user),
        },
    )


@login_required
@require_POST
@domain_errors
def commitment_sign(request):
    org = next(
        (
            o["org"]
            for o in commitments.commitment_options(request.user)
            if str(o["org"].pk) == request.POST.get("organisation")
        ),
        None,
    )
    if org is None:
        raise ValidationFailed("请选择签署承诺的单位", code=Code.ORGANISATION_UNKNOWN)
    commitments.commitment_sign(
        actor=request.user, organisation=org, family=request.POST.get("family", "")
    )
    messages.success(request, _("信用承诺已签署"))
    return redirect("supervision:commitments")
