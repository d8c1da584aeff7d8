"""Provider pages: parse input, call one service or selector, render. No rules here."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import fen_to_yuan
from innovoucher.core.web import domain_errors, file_response, paginate
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS, SERVICE_CATEGORIES
from innovoucher.policies.selectors import policy_family_list
from innovoucher.providers import selectors, services
from innovoucher.providers.domain import WEEKDAYS, standard_opening_hours
from innovoucher.providers.states import KindLevel
from innovoucher.regions.widgets import picked, picker_context

DIRECTORY_SORTS = Sorting(
    Sort("name", gettext_lazy("机构名称"), "name_pinyin"),
    Sort("kind", gettext_lazy("机构类型"), "provider_kind"),
    Sort("region", gettext_lazy("所在地区"), "region_code", "name_pinyin"),
    default="region",
)


def directory(request):
    """The public directory; the region is chosen with the GB/T 2260 picker (province, city,
    county selects: without script, choose and press 查询 to list the next level)."""
    q, kind, category = (request.GET.get(k, "").strip() for k in ("q", "kind", "category"))
    region = picked(request.GET, "region")
    qs = selectors.provider_directory(q=q, region=region, kind=kind, category=category)
    qs, sorting = DIRECTORY_SORTS.apply(request, qs)
    page = paginate(request, qs, selectors.PAGE_SIZE)
    return render(
        request,
        "providers/directory.html",
        {
            "page": page,
            "sorting": sorting,
            "q": q,
            "region": region,
            "region_picker": picker_context("region", region, "region"),
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


class FormState:
    """What a workspace form shows: the values typed and the messages at their fields."""

    def __init__(self, values=None, errors=None, message: str = ""):
        self.values = dict(values or {})
        self.errors = dict(errors or {})
        self.message = message

    @classmethod
    def of(cls, exc: DomainError, values: dict) -> FormState:
        fields = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
        return cls(values, fields, "" if fields else exc.message)


SERVICE_FIELDS = (
    "category",
    "name",
    "price",
    "turnaround_days",
    "fee_standard",
    "description",
    "process",
)
INSTRUMENT_FIELDS = (
    "name",
    "model_no",
    "location",
    "price_per_hour",
    "price_per_sample",
    "booking_rules",
)
ADMISSION_FIELDS = ("family", "materials", "staff", "kind_level", "supplementary")


def hours_rows(values: dict, errors: dict) -> list[dict]:
    """The opening-hours grid of an instrument form: one row per weekday."""
    return [
        {
            "day": d,
            "label": WEEKDAYS[d],
            "start": values.get(f"open_{d}_from", ""),
            "end": values.get(f"open_{d}_until", ""),
            "errors": errors.get(f"open_{d}", []),
        }
        for d in range(7)
    ]


def hours_values(opening_hours: dict) -> dict:
    values = {}
    for d in range(7):
        pair = (opening_hours or {}).get(str(d)) or ("", "")
        values[f"open_{d}_from"], values[f"open_{d}_until"] = pair[0], pair[1]
    return values


def hours_posted(post) -> dict[int, tuple[str, str]]:
    return {d: (post.get(f"open_{d}_from", ""), post.get(f"open_{d}_until", "")) for d in range(7)}


def _workspace(request, *, posted: tuple[int, str, FormState] | None = None, status: int = 200):
    """The workspace; `posted` = (provider id, form name, state) re-renders one form as typed."""
    actor = request.user
    providers = selectors.provider_desks(actor=actor)
    families = [f for f in policy_family_list() if f.current is not None]
    for desk in providers:
        forms = {
            "admission": FormState(
                {"family": selectors.default_family_for(desk.org, families), "kind_level": ""}
            ),
            "service": FormState(),
            "instrument": FormState(hours_values(standard_opening_hours()) | {"follows": "1"}),
        }
        if posted is not None and posted[0] == desk.org.pk:
            forms[posted[1]] = posted[2]
        forms["hours"] = hours_rows(forms["instrument"].values, forms["instrument"].errors)
        desk.forms = forms
    return render(
        request,
        "providers/workspace.html",
        {
            "providers": providers,
            "families": families,
            "categories": SERVICE_CATEGORIES.items(),
            "levels": KindLevel.choices,
            "admissions": list(selectors.admission_list_for_actor(actor=actor)[:100])
            if not providers
            else [],
            "my_bookings": selectors.bookings_for_party(actor=actor)[:20],
            "is_reviewer": actor_has_role(actor, *REVIEWER_ROLES),
            "is_expert": actor_has_role(actor, Role.EXPERT),
        },
        status=status,
    )


@login_required
@domain_errors
def workspace(request):
    return _workspace(request)


def _provider_for(request):
    org = selectors.staff_provider_find(actor=request.user, pk=request.POST.get("provider", ""))
    if org is None:
        raise PermissionDenied("请选择您所在的服务机构")
    return org


def _post_only(view):
    """A form's POST URL opened by GET (a reload, a bookmark) goes back to the workspace."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return redirect("providers:workspace")
        return view(request, *args, **kwargs)

    return wrapper


def _values(post, names) -> dict:
    return {k: post.get(k, "") for k in names}


@login_required
@_post_only
@domain_errors
def admission_apply(request):
    org = _provider_for(request)
    p = request.POST
    values = _values(p, ADMISSION_FIELDS)
    try:
        adm = services.admission_apply(
            actor=request.user,
            organisation=org,
            family=values["family"],
            supplementary=values["supplementary"] == "1",
            materials=values["materials"],
            staff=values["staff"] or None,
            kind_level=values["kind_level"],
            certificates=request.FILES.getlist("certificates"),
        )
    except (ValidationFailed, Conflict) as exc:
        state = FormState.of(exc, values)
        return _workspace(request, posted=(org.pk, "admission", state), status=exc.status)
    messages.success(
        request, gettext("入库申请已提交：%(status)s") % {"status": adm.get_status_display()}
    )
    return redirect("providers:workspace")


@login_required
@_post_only
@domain_errors
def service_publish(request):
    org = _provider_for(request)
    values = _values(request.POST, SERVICE_FIELDS)
    try:
        services.service_publish(actor=request.user, provider=org, **values)
    except ValidationFailed as exc:
        state = FormState.of(exc, values)
        return _workspace(request, posted=(org.pk, "service", state), status=exc.status)
    messages.success(request, gettext("服务已发布"))
    return redirect("providers:workspace")


def _instrument_values(post) -> dict:
    values = _values(post, INSTRUMENT_FIELDS)
    values.update(
        {
            f"open_{d}_{k}": post.get(f"open_{d}_{k}", "")
            for d in range(7)
            for k in ("from", "until")
        }
    )
    values["follows"] = post.get("follows", "")
    return values


def _instrument_kwargs(post, values) -> dict:
    return {
        **{k: values[k] for k in INSTRUMENT_FIELDS},
        "opening_hours": hours_posted(post),
        "follows_workdays": values["follows"] == "1",
    }


@login_required
@_post_only
@domain_errors
def instrument_register(request):
    org = _provider_for(request)
    values = _instrument_values(request.POST)
    try:
        services.instrument_register(
            actor=request.user, provider=org, **_instrument_kwargs(request.POST, values)
        )
    except ValidationFailed as exc:
        state = FormState.of(exc, values)
        return _workspace(request, posted=(org.pk, "instrument", state), status=exc.status)
    messages.success(request, gettext("仪器已登记"))
    return redirect("providers:workspace")


@login_required
@domain_errors
def service_manage(request, pk):
    """One service of the provider: edit it (history kept), withdraw or republish it."""
    service = selectors.service_for_staff(actor=request.user, pk=pk)
    state = FormState({k: getattr(service, k, "") for k in SERVICE_FIELDS if k != "price"})
    state.values["price"] = fen_to_yuan(service.price_fen)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "edit")
        try:
            if action == "withdraw":
                services.service_withdraw(actor=request.user, service=service)
                messages.success(request, gettext("服务已下架，不再接受新订单"))
            elif action == "republish":
                services.service_republish(actor=request.user, service=service)
                messages.success(request, gettext("服务已重新上架"))
            else:
                values = _values(request.POST, SERVICE_FIELDS)
                state = FormState(values)
                services.service_edit(actor=request.user, service=service, **values)
                messages.success(request, gettext("服务信息已修改；已下的订单仍按下单时的价格执行"))
            return redirect("providers:service", pk=service.pk)
        except (ValidationFailed, Conflict) as exc:
            state = FormState.of(exc, state.values)
            status = exc.status
    return render(
        request,
        "providers/service_manage.html",
        {
            "service": service,
            "f": state,
            "categories": SERVICE_CATEGORIES.items(),
            "history": selectors.service_history(service),
            "open_orders": selectors.service_open_orders(service),
        },
        status=status,
    )


@login_required
@domain_errors
def instrument_manage(request, pk):
    """One instrument of the provider: prices, rules and opening hours."""
    instrument = selectors.instrument_for_staff(actor=request.user, pk=pk)
    values = {
        k: getattr(instrument, k, "") or ""
        for k in ("name", "model_no", "location", "booking_rules")
    }
    values["price_per_hour"] = fen_to_yuan(instrument.price_per_hour_fen)
    values["price_per_sample"] = (
        fen_to_yuan(instrument.price_per_sample_fen)
        if instrument.price_per_sample_fen is not None
        else ""
    )
    values.update(hours_values(instrument.opening_hours))
    values["follows"] = "1" if instrument.follows_workdays else ""
    state, status = FormState(values), 200
    if request.method == "POST":
        values = _instrument_values(request.POST)
        try:
            services.instrument_edit(
                actor=request.user,
                instrument=instrument,
                **_instrument_kwargs(request.POST, values),
            )
        except ValidationFailed as exc:
            state, status = FormState.of(exc, values), exc.status
        else:
            messages.success(request, gettext("仪器信息已修改；已有的预约不受影响"))
            return redirect("providers:instrument_manage", pk=instrument.pk)
    return render(
        request,
        "providers/instrument_manage.html",
        {
            "instrument": instrument,
            "f": state,
            "hours": hours_rows(state.values, state.errors),
        },
        status=status,
    )


@login_required
@domain_errors
def admission_detail(request, pk):
    actor = request.user
    adm = selectors.admission_get(actor=actor, pk=pk)
    state, status = FormState(), 200
    if request.method == "POST":
        p = request.POST
        what = p.get("action", "")
        state = FormState(
            {
                "action": what,
                "experts": [int(x) for x in p.getlist("experts") if x.isdigit()],
                "score": p.get("score", ""),
                "conflict": p.get("conflict", ""),
                "conflict_note": p.get("conflict_note", ""),
                "comment": p.get("comment", ""),
                "reasons": p.get("reasons", ""),
            }
        )
        try:
            _admission_step(actor, adm, what, p, request.FILES)
        except (ValidationFailed, Conflict) as exc:
            state = FormState.of(exc, state.values)
            status = exc.status
            adm = selectors.admission_get(actor=actor, pk=pk)
        else:
            messages.success(request, gettext("已办理"))
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
            "certificates": selectors.admission_certificates(adm),
            "can_add_certificates": selectors.admission_certificates_open(
                actor=actor, admission=adm
            ),
            "level_label": dict(KindLevel.choices).get(adm.kind_level, ""),
            "f": state,
            "next": request.path,
        },
        status=status,
    )


def _admission_step(actor, adm, what: str, p, files) -> None:
    if what == "certificates":
        services.admission_certificates_add(
            actor=actor, admission=adm, files=files.getlist("certificates")
        )
    elif what == "assign":
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


@login_required
@domain_errors
def admission_certificate(request, pk, cert):
    """A qualification certificate of an admission, to those who may see the admission."""
    adm = selectors.admission_get(actor=request.user, pk=pk)
    certificate = selectors.admission_certificate_get(adm, cert)
    return file_response(certificate.file, "资质证书")
