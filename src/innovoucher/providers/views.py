"""Provider pages: parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

import functools
import mimetypes

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import DomainError, NotFound, ValidationFailed
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS, SERVICE_CATEGORIES
from innovoucher.policies.selectors import policy_family_list
from innovoucher.providers import selectors, services
from innovoucher.providers.permissions import can_initial_review_admission, can_review_admission
from innovoucher.providers.states import (
    ADMISSION_ACTION_LABELS,
    COUNTY,
    REVIEWER,
    AdmissionStatus,
    actions_from,
)


def handles_errors(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            if (
                request.method == "POST"
                and isinstance(exc, ValidationFailed)
                and request.POST.get("next", "").startswith("/")
            ):
                messages.error(request, exc.message)
                return redirect(request.POST["next"])
            title = {404: "未找到", 403: "无权操作", 409: "状态已变化"}.get(exc.status, "请求有误")
            return render(
                request,
                "portal/error.html",
                {"title": title, "message": exc.message},
                status=exc.status,
            )

    return wrapper


def file_response(field_file, label: str):
    if not field_file:
        raise NotFound(f"未上传{label}")
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    return response


def directory(request):
    q, region, kind, category = (
        request.GET.get(k, "").strip() for k in ("q", "region", "kind", "category")
    )
    qs = selectors.provider_directory(q=q, region=region, kind=kind, category=category)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/directory.html",
        {
            "page": page,
            "q": q,
            "region": region,
            "kind": kind,
            "category": category,
            "kinds": PROVIDER_KINDS.items(),
            "categories": SERVICE_CATEGORIES.items(),
        },
    )


@handles_errors
def provider_detail(request, pk):
    provider = selectors.provider_get_public(pk=pk)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "services": selectors.services_public(provider),
            "instruments": selectors.instruments_public(provider),
            "admissions": [
                a for a in selectors.admissions_of(provider) if a.status == AdmissionStatus.ADMITTED
            ],
            "kind_label": PROVIDER_KINDS.get(provider.provider_kind, ""),
        },
    )


@login_required
@handles_errors
def workspace(request):
    actor = request.user
    own = selectors.provider_orgs_for_staff(actor=actor)
    waiting = list(selectors.bookings_waiting_for_staff(actor=actor)[:50])
    providers = [
        {
            "org": org,
            "admissions": selectors.admissions_of(org),
            "services": list(org.services.filter(active=True)),
            "instruments": list(org.instruments.all()),
            "bookings": [b for b in waiting if b.instrument.provider_id == org.pk],
        }
        for org in own
    ]
    families = [f for f in policy_family_list() if f.current is not None]
    return render(
        request,
        "providers/workspace.html",
        {
            "providers": providers,
            "families": families,
            "categories": SERVICE_CATEGORIES.items(),
            "admissions": list(selectors.admission_list_for_actor(actor=actor)[:100])
            if not own
            else [],
            "my_bookings": selectors.bookings_for_party(actor=actor)[:20],
            "is_reviewer": actor_has_role(actor, *REVIEWER_ROLES),
            "is_expert": actor_has_role(actor, Role.EXPERT),
        },
    )


def _provider_for(request):
    own = {str(o.pk): o for o in selectors.provider_orgs_for_staff(actor=request.user)}
    org = own.get(request.POST.get("provider", ""))
    if org is None:
        raise ValidationFailed("请选择服务机构")
    return org


@login_required
@require_POST
@handles_errors
def admission_apply(request):
    org = _provider_for(request)
    adm = services.admission_apply(
        actor=request.user,
        organisation=org,
        family=request.POST.get("family", ""),
        supplementary=request.POST.get("supplementary") == "1",
        materials=request.POST.get("materials", ""),
        staff=request.POST.get("staff") or None,
    )
    messages.success(request, f"入库申请已提交：{adm.get_status_display()}")
    return redirect("providers:workspace")


@login_required
@require_POST
@handles_errors
def service_publish(request):
    org = _provider_for(request)
    p = request.POST
    services.service_publish(
        actor=request.user,
        provider=org,
        category=p.get("category", ""),
        name=p.get("name", ""),
        price=p.get("price", ""),
        turnaround_days=p.get("turnaround_days"),
        description=p.get("description", ""),
        process=p.get("process", ""),
        fee_standard=p.get("fee_standard", ""),
    )
    messages.success(request, "服务已发布")
    return redirect("providers:workspace")


@login_required
@require_POST
@handles_errors
def instrument_register(request):
    org = _provider_for(request)
    p = request.POST
    services.instrument_register(
        actor=request.user,
        provider=org,
        name=p.get("name", ""),
        price_per_hour=p.get("price_per_hour", ""),
        model_no=p.get("model_no", ""),
        location=p.get("location", ""),
        booking_rules=p.get("booking_rules", ""),
        price_per_sample=p.get("price_per_sample", ""),
    )
    messages.success(request, "仪器已登记")
    return redirect("providers:workspace")


@login_required
@handles_errors
def admission_detail(request, pk):
    actor = request.user
    adm = selectors.admission_get(actor=actor, pk=pk)
    if request.method == "POST":
        p = request.POST
        what = p.get("action", "")
        if what == "assign":
            User = get_user_model()
            experts = list(
                User.objects.filter(pk__in=[int(x) for x in p.getlist("experts") if x.isdigit()])
            )
            services.admission_assign_experts(actor=actor, admission=adm, experts=experts)
        elif what == "score":
            score = p.get("score", "").strip()
            services.admission_score(
                actor=actor,
                admission=adm,
                conflict=p.get("conflict") == "1",
                conflict_note=p.get("conflict_note", ""),
                score=int(score) if score.isdigit() else None,
                comment=p.get("comment", ""),
            )
        else:
            reasons = [r for r in p.get("reasons", "").splitlines() if r.strip()]
            services.admission_transition(actor=actor, admission=adm, action=what, reasons=reasons)
        messages.success(request, "已办理")
        return redirect("providers:admission", pk=adm.pk)
    reviewer = can_review_admission(actor, adm)
    initial = can_initial_review_admission(actor, adm)
    experts_all = (
        selectors.experts_for_admission(actor=actor, admission=adm)
        if reviewer and adm.status == AdmissionStatus.EXPERT_REVIEW
        else []
    )
    assignments = selectors.expert_assignments(actor=actor, admission=adm)
    assigned = {a.expert_id for a in assignments}
    mine = next((a for a in assignments if a.expert_id == actor.pk and a.conflict is None), None)
    actions = [
        t
        for t in actions_from(adm.status)
        if (t.by == COUNTY and initial) or (t.by == REVIEWER and reviewer)
    ]
    changes = [
        (c, ADMISSION_ACTION_LABELS.get(c.action, c.action))
        for c in adm.changes.select_related("actor")
    ]
    return render(
        request,
        "providers/admission_detail.html",
        {
            "adm": adm,
            "changes": changes,
            "assignments": assignments,
            "actions": actions,
            "experts_all": [e for e in experts_all if e.pk not in assigned],
            "my_assignment": mine,
            "reviewer": reviewer,
            "next": request.path,
        },
    )
