"""Provider pages: parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.web import domain_errors, paginate
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS, SERVICE_CATEGORIES
from innovoucher.policies.selectors import policy_family_list
from innovoucher.providers import selectors, services


def directory(request):
    q, region, kind, category = (
        request.GET.get(k, "").strip() for k in ("q", "region", "kind", "category")
    )
    qs = selectors.provider_directory(q=q, region=region, kind=kind, category=category)
    page = paginate(request, qs, selectors.PAGE_SIZE)
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


@domain_errors
def provider_detail(request, pk):
    provider = selectors.provider_get_public(pk=pk)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "services": selectors.services_public(provider),
            "instruments": selectors.instruments_public(provider),
            "admissions": selectors.admissions_admitted(provider),
            "kind_label": PROVIDER_KINDS.get(provider.provider_kind, ""),
        },
    )


@login_required
@domain_errors
def workspace(request):
    actor = request.user
    providers = selectors.provider_desks(actor=actor)
    families = [f for f in policy_family_list() if f.current is not None]
    return render(
        request,
        "providers/workspace.html",
        {
            "providers": providers,
            "families": families,
            "categories": SERVICE_CATEGORIES.items(),
            "admissions": list(selectors.admission_list_for_actor(actor=actor)[:100])
            if not providers
            else [],
            "my_bookings": selectors.bookings_for_party(actor=actor)[:20],
            "is_reviewer": actor_has_role(actor, *REVIEWER_ROLES),
            "is_expert": actor_has_role(actor, Role.EXPERT),
        },
    )


def _provider_for(request):
    org = selectors.staff_provider_find(actor=request.user, pk=request.POST.get("provider", ""))
    if org is None:
        raise ValidationFailed("请选择服务机构")
    return org


@login_required
@require_POST
@domain_errors
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
@domain_errors
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
@domain_errors
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
@domain_errors
def admission_detail(request, pk):
    actor = request.user
    adm = selectors.admission_get(actor=actor, pk=pk)
    if request.method == "POST":
        p = request.POST
        what = p.get("action", "")
        if what == "assign":
            experts = selectors.experts_by_ids(p.getlist("experts"))
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
    view = selectors.admission_page(actor=actor, admission=adm)
    return render(
        request,
        "providers/admission_detail.html",
        {
            "adm": adm,
            "changes": view.history,
            "assignments": view.assignments,
            "actions": view.actions,
            "experts_all": view.experts_to_assign,
            "my_assignment": view.my_assignment,
            "reviewer": view.reviewer,
            "next": request.path,
        },
    )
