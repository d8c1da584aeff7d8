"""Provider pages: parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.errors import DomainError, ValidationFailed
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS, SERVICE_CATEGORIES
from innovoucher.policies.selectors import policy_family_list
from innovoucher.providers import selectors, services
from innovoucher.providers.permissions import can_review
from innovoucher.providers.states import AdmissionStatus, actions_from


def handles_errors(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            if request.method == "POST" and isinstance(exc, ValidationFailed) and request.POST.get("next", "").startswith("/"):
                messages.error(request, exc.message)
                return redirect(request.POST["next"])
            title = {404: "未找到", 403: "无权操作", 409: "状态已变化"}.get(exc.status, "请求有误")
            return render(request, "portal/error.html", {"title": title, "message": exc.message}, status=exc.status)

    return wrapper


def directory(request):
    q, region, kind, category = (request.GET.get(k, "").strip() for k in ("q", "region", "kind", "category"))
    qs = selectors.provider_directory(q=q, region=region, kind=kind, category=category)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "providers/directory.html", {
        "page": page, "q": q, "region": region, "kind": kind, "category": category,
        "kinds": PROVIDER_KINDS.items(), "categories": SERVICE_CATEGORIES.items(),
    })


@handles_errors
def provider_detail(request, pk):
    provider = selectors.provider_get_public(pk=pk)
    return render(request, "providers/provider_detail.html", {
        "provider": provider, "services": selectors.services_public(provider), "instruments": selectors.instruments_public(provider),
        "admissions": [a for a in selectors.admissions_of(provider) if a.status == AdmissionStatus.ADMITTED],
        "kind_label": PROVIDER_KINDS.get(provider.provider_kind, ""),
    })


def _parse_dt(value: str) -> dt.datetime | None:
    try:
        return timezone.make_aware(dt.datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None


@handles_errors
def instrument_detail(request, pk):
    instrument = selectors.instrument_get_public(pk=pk)
    today = clock.today()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    busy = selectors.instrument_busy(instrument, start=start, end=start + dt.timedelta(days=14))
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        org = next((o for o in selectors.party_orgs(actor=request.user) if str(o.pk) == request.POST.get("organisation")), None)
        if org is None:
            messages.error(request, "请选择预约单位")
        else:
            try:
                services.booking_request(actor=request.user, instrument=instrument, organisation=org, start=_parse_dt(request.POST.get("start")),
                                         end=_parse_dt(request.POST.get("end")), purpose=request.POST.get("purpose", ""))
                messages.success(request, "预约已提交，等待服务机构确认")
                return redirect("providers:instrument", pk=instrument.pk)
            except (ValidationFailed, DomainError) as exc:
                if exc.status >= 500:
                    raise
                messages.error(request, exc.message)
    orgs = selectors.party_orgs(actor=request.user) if request.user.is_authenticated else []
    return render(request, "providers/instrument_detail.html", {"instrument": instrument, "busy": busy, "orgs": orgs})


@login_required
@handles_errors
def workspace(request):
    actor = request.user
    own = selectors.provider_orgs_for_staff(actor=actor)
    providers = [{
        "org": org, "admissions": selectors.admissions_of(org),
        "services": list(org.services.filter(active=True)), "instruments": list(org.instruments.all()),
        "bookings": selectors.bookings_for_provider(actor=actor, provider=org)[:50],
    } for org in own]
    families = [f for f in policy_family_list() if f.current is not None]
    return render(request, "providers/workspace.html", {
        "providers": providers, "families": families, "categories": SERVICE_CATEGORIES.items(),
        "admissions": list(selectors.admission_list_for_actor(actor=actor)[:100]) if not own else [],
        "my_bookings": selectors.bookings_for_party(actor=actor),
        "is_reviewer": actor_has_role(actor, *REVIEWER_ROLES), "is_expert": actor_has_role(actor, Role.EXPERT),
    })


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
    adm = services.admission_apply(actor=request.user, organisation=org, family=request.POST.get("family", ""),
                                   supplementary=request.POST.get("supplementary") == "1", materials=request.POST.get("materials", ""))
    messages.success(request, f"入库申请已提交：{adm.get_status_display()}")
    return redirect("providers:workspace")


@login_required
@require_POST
@handles_errors
def service_publish(request):
    org = _provider_for(request)
    p = request.POST
    services.service_publish(actor=request.user, provider=org, category=p.get("category", ""), name=p.get("name", ""), price=p.get("price", ""),
                             turnaround_days=p.get("turnaround_days"), description=p.get("description", ""), process=p.get("process", ""),
                             fee_standard=p.get("fee_standard", ""))
    messages.success(request, "服务已发布")
    return redirect("providers:workspace")


@login_required
@require_POST
@handles_errors
def instrument_register(request):
    org = _provider_for(request)
    p = request.POST
    services.instrument_register(actor=request.user, provider=org, name=p.get("name", ""), price_per_hour=p.get("price_per_hour", ""),
                                 model_no=p.get("model_no", ""), location=p.get("location", ""), booking_rules=p.get("booking_rules", ""))
    messages.success(request, "仪器已登记")
    return redirect("providers:workspace")


@login_required
@require_POST
@handles_errors
def booking_action(request, pk):
    booking = selectors.booking_get(actor=request.user, pk=pk)
    action = request.POST.get("action")
    if action == "confirm":
        services.booking_confirm(actor=request.user, booking=booking)
    elif action == "cancel":
        services.booking_cancel(actor=request.user, booking=booking, reason=request.POST.get("reason", ""))
    elif action == "complete":
        services.booking_complete(actor=request.user, booking=booking)
    else:
        raise ValidationFailed("未知的操作")
    messages.success(request, "预约状态已更新")
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
            experts = list(User.objects.filter(pk__in=[int(x) for x in p.getlist("experts") if x.isdigit()]))
            services.admission_assign_experts(actor=actor, admission=adm, experts=experts)
        elif what == "score":
            score = p.get("score", "").strip()
            services.admission_score(actor=actor, admission=adm, conflict=p.get("conflict") == "1", conflict_note=p.get("conflict_note", ""),
                                     score=int(score) if score.isdigit() else None, comment=p.get("comment", ""))
        else:
            reasons = [r for r in p.get("reasons", "").splitlines() if r.strip()]
            services.admission_transition(actor=actor, admission=adm, action=what, reasons=reasons)
        messages.success(request, "已办理")
        return redirect("providers:admission", pk=adm.pk)
    reviewer = can_review(actor, adm.organisation)
    experts_all = []
    if reviewer and adm.status == AdmissionStatus.EXPERT_REVIEW:
        from innovoucher.accounts.models import RoleAssignment

        experts_all = get_user_model().objects.filter(pk__in=RoleAssignment.objects.filter(role=Role.EXPERT, active=True).values("user_id")).exclude(pk=actor.pk)
    assignments = selectors.expert_assignments(actor=actor, admission=adm)
    mine = next((a for a in assignments if a.expert_id == actor.pk and a.conflict is None), None)
    return render(request, "providers/admission_detail.html", {
        "adm": adm, "changes": list(adm.changes.select_related("actor")), "assignments": assignments,
        "actions": actions_from(adm.status) if reviewer else [], "experts_all": experts_all, "my_assignment": mine,
        "reviewer": reviewer, "next": request.path,
    })
