"""Supervision pages, continued: dishonesty-list imports (with htmx progress), provider measures
(通报批评 / 限期整改 / 停止服务 / 取消资格), Shaoxing revocations, Liaocheng bulletins (通报, with
the public page and PDF), the controller graph with directors, staff accountability. Parse input,
call one service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.listfilters import ListFilters
from innovoucher.regions.widgets import picked, picker_context
from innovoucher.registry.models import OrganisationKind
from innovoucher.registry.services.directors import TITLES, director_add
from innovoucher.supervision import selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.permissions import can_supervise, is_reader, require_supervisor
from innovoucher.supervision.services import bulletins, credit, measures
from innovoucher.supervision.states import BulletinStatus, ImportStatus, ListKind, MeasureStatus


def _fields(exc: ValidationFailed) -> dict:
    found = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
    return {k: (v[0] if isinstance(v, list) else v) for k, v in (found or {}).items()}


def _date(value: str, field: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        message = f"请按 2026-03-02 的格式填写{label}"
        raise ValidationFailed(
            message, code=Code.INVALID_DATE, details={"fields": {field: [message]}}
        ) from None


def _reasons(request) -> list[str]:
    return [line.strip() for line in request.POST.get("reasons", "").splitlines() if line.strip()]


def _listed(request, sorts: Sorting, qs) -> dict:
    """The context of a sorted, paginated list (the filters are read by the caller)."""
    qs, sorting = sorts.apply(request, qs)
    return {"sorting": sorting, "page_obj": paginate(request, qs)}


def _region_field(request) -> tuple[str, dict]:
    """The region chosen in a form's GB/T 2260 picker (`region_code`), and the picker to show."""
    code = picked(request.POST, "region_code") if request.method == "POST" else ""
    return code, picker_context("region_code", code)


# --- dishonesty-list imports ---------------------------------------------------------------------


IMPORT_SORTS = Sorting(
    Sort("number", _("批次"), "number"),
    Sort("kind", _("名单"), "list_kind"),
    Sort("region", _("地区"), "region_code"),
    Sort("rows", _("行数"), "total_rows"),
    Sort("matched", _("匹配"), "matched_count"),
    Sort("status", _("状态"), "status"),
    Sort("uploaded", _("上传时间"), "created_at"),
    default="-uploaded",
)


@login_required
@domain_errors
def credit_import_list(request):
    """Upload a list (re-rendered with the typed values and the message at the field)."""
    errors: dict = {}
    region_code, region_picker = _region_field(request)
    if request.method == "POST":
        try:
            imp = credit.credit_import_upload(
                actor=request.user,
                region_code=region_code,
                list_kind=request.POST.get("list_kind", ""),
                source=request.POST.get("source", ""),
                upload=request.FILES.get("file"),
            )
        except ValidationFailed as exc:
            errors = _fields(exc) or {"file": exc.message}
        else:
            messages.success(
                request, _("名单已上传（批次 %(number)s），正在后台导入") % {"number": imp.number}
            )
            return redirect("supervision:credit_import", pk=imp.pk)
    filters = ListFilters.read(request, statuses=ImportStatus.choices)
    qs = selectors.credit_imports_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/credit_imports.html",
        {
            **_listed(request, IMPORT_SORTS, qs),
            "filters": filters,
            "region_picker": region_picker,
            "kinds": ListKind.choices,
            "errors": errors,
            "values": request.POST,
            "is_reader": is_reader(request.user),
        },
        status=422 if errors else 200,
    )


def _import_context(request, pk) -> dict:
    imp = selectors.credit_import_get(request.user, pk)
    return {
        "imp": imp,
        "running": imp.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "matches": selectors.credit_import_matches(imp),
        "changes": imp.changes.select_related("actor"),
    }


@login_required
@domain_errors
def credit_import_detail(request, pk):
    return render(request, "supervision/credit_import.html", _import_context(request, pk))


@login_required
@domain_errors
def credit_import_progress(request, pk):
    """The htmx fragment polled while the import runs."""
    return render(request, "supervision/_import_progress.html", _import_context(request, pk))


# --- provider measures and revocations -----------------------------------------------------------


MEASURE_SORTS = Sorting(
    Sort("number", _("编号"), "number"),
    Sort("provider", _("服务机构"), "provider__name_pinyin"),
    Sort("family", _("政策"), "family_slug"),
    Sort("due", _("整改期限"), "due_on"),
    Sort("status", _("状态"), "status"),
    default="due",
)


@login_required
@domain_errors
def measure_list(request):
    errors: dict = {}
    if request.method == "POST":
        p = request.POST
        try:
            provider = selectors.organisation_by_uscc(p.get("provider_uscc", ""), "provider_uscc")
            measure = measures.measure_issue(
                actor=request.user,
                provider=provider,
                family=p.get("family", ""),
                grounds=p.get("grounds", ""),
                days=p.get("days") or None,
            )
        except ValidationFailed as exc:
            errors = _fields(exc) or {"grounds": exc.message}
        else:
            messages.success(
                request, _("已通报批评并限期整改（%(number)s）") % {"number": measure.number}
            )
            return redirect("supervision:measure", pk=measure.pk)
    filters = ListFilters.read(request, statuses=MeasureStatus.choices)
    qs = selectors.measures_visible(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/measures.html",
        {
            **_listed(request, MEASURE_SORTS, qs),
            "filters": filters,
            "revocations": selectors.revocations_for_official(request.user)[:20],
            "families": PolicyFamily.objects.all(),
            "errors": errors,
            "values": request.POST,
            "is_reader": is_reader(request.user),
        },
        status=422 if errors else 200,
    )


@login_required
@domain_errors
def measure_detail(request, pk):
    measure = selectors.measure_get(request.user, pk)
    return render(
        request,
        "supervision/measure.html",
        {
            "m": measure,
            "can_act": can_supervise(request.user, measure.region_code),
            "is_provider": measure in selectors.measures_for_provider(request.user),
            "is_provider_kind": measure.provider.kind == OrganisationKind.PROVIDER,
            "changes": measure.changes.select_related("actor"),
            "S": MeasureStatus,
        },
    )


@login_required
@require_POST
@domain_errors
def measure_action(request, pk):
    measure = selectors.measure_get(request.user, pk)
    action, actor = request.POST.get("action", ""), request.user
    if action == "report":
        measures.measure_report(actor=actor, measure=measure, report=request.POST.get("report"))
    elif action in ("accept", "reject"):
        measures.measure_decide(
            actor=actor, measure=measure, accept=action == "accept", reasons=_reasons(request)
        )
    elif action == "stop":
        measures.measure_stop(actor=actor, measure=measure, reasons=_reasons(request))
    elif action == "disqualify":
        measures.measure_disqualify(actor=actor, measure=measure, reasons=_reasons(request))
    else:
        raise ValidationFailed("未知的操作", code=Code.MEASURE_INVALID)
    messages.success(request, _("已办理"))
    return redirect("supervision:measure", pk=pk)


@login_required
@require_POST
@domain_errors
def revocation_execute(request, pk):
    proposal = selectors.revocation_get(request.user, pk)
    measures.revocation_execute(actor=request.user, proposal=proposal, reasons=_reasons(request))
    messages.success(request, _("已撤销%(name)s的入库资格") % {"name": proposal.provider.name})
    return redirect("supervision:measures")


# --- bulletins -----------------------------------------------------------------------------------


BULLETIN_SORTS = Sorting(
    Sort("number", _("文号"), "number"),
    Sort("region", _("地区"), "region_code"),
    Sort("period", _("评价期间"), "period_from", "period_to"),
    Sort("drafted", _("起草时间"), "created_at"),
    Sort("status", _("状态"), "status"),
    default="-drafted",
)


@login_required
@domain_errors
def bulletin_list(request):
    errors: dict = {}
    region_code, region_picker = _region_field(request)
    if request.method == "POST":
        p = request.POST
        try:
            bulletin = bulletins.bulletin_draft(
                actor=request.user,
                region_code=region_code,
                family=p.get("family", ""),
                period_from=_date(p.get("period_from", ""), "period_from", "评价期间开始日"),
                period_to=_date(p.get("period_to", ""), "period_to", "评价期间结束日"),
                minimum=p.get("minimum") or bulletins.DEFAULT_MINIMUM,
            )
        except ValidationFailed as exc:
            errors = _fields(exc) or {"minimum": exc.message}
        else:
            messages.success(request, _("通报草稿已生成，请核对后发布"))
            return redirect("supervision:bulletin", pk=bulletin.pk)
    filters = ListFilters.read(request, statuses=BulletinStatus.choices)
    qs = selectors.bulletins_for_official(request.user, **filters.selector_args())
    return render(
        request,
        "supervision/bulletins.html",
        {
            **_listed(request, BULLETIN_SORTS, qs),
            "filters": filters,
            "region_picker": region_picker,
            "families": PolicyFamily.objects.all(),
            "errors": errors,
            "values": request.POST,
            "is_reader": is_reader(request.user),
        },
        status=422 if errors else 200,
    )


@login_required
@domain_errors
def bulletin_detail(request, pk):
    bulletin = selectors.bulletin_get(request.user, pk)
    return render(
        request,
        "supervision/bulletin.html",
        {
            "b": bulletin,
            "can_act": can_supervise(request.user, bulletin.region_code),
            "changes": bulletin.changes.select_related("actor"),
        },
    )


@login_required
@require_POST
@domain_errors
def bulletin_publish(request, pk):
    bulletin = selectors.bulletin_get(request.user, pk)
    bulletins.bulletin_publish(actor=request.user, bulletin=bulletin)
    messages.success(request, _("通报已发布到门户“监督公开”栏目"))
    return redirect("supervision:bulletin", pk=pk)


def _pdf(bulletin) -> HttpResponse:
    response = HttpResponse(bulletins.bulletin_pdf(bulletin), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bulletin-{bulletin.number}.pdf"'
    return response


@login_required
@domain_errors
def bulletin_pdf(request, pk):
    return _pdf(selectors.bulletin_get(request.user, pk))


PUBLIC_SORTS = Sorting(
    Sort("number", _("文号"), "number"),
    Sort("published", _("发布时间"), "decided_at"),
    default="-published",
)


@domain_errors
def public_bulletins(request):
    """The portal's supervision page (public): published bulletins, found by title or number,
    region and publication date."""
    filters = ListFilters.read(request)
    qs = selectors.bulletins_published(**filters.selector_args())
    return render(
        request,
        "supervision/public.html",
        {"filters": filters, **_listed(request, PUBLIC_SORTS, qs)},
    )


@domain_errors
def public_bulletin(request, pk):
    return render(
        request, "supervision/public_bulletin.html", {"b": selectors.bulletin_get_public(pk)}
    )


@domain_errors
def public_bulletin_pdf(request, pk):
    return _pdf(selectors.bulletin_get_public(pk))


# --- the controller graph (directors) ------------------------------------------------------------


@login_required
@domain_errors
def graph(request):
    """The people answerable for a party (legal representative, directors, main shareholders,
    actual controller) and the entities a ban would spread to, each with its path."""
    code = request.GET.get("uscc", "").strip() or request.POST.get("uscc", "").strip()
    errors: dict = {}
    org = roots = spread = None
    if code:
        try:
            org = selectors.organisation_by_uscc(code)
            require_supervisor(request.user, org.region_code)
            if request.method == "POST":
                director_add(
                    actor=request.user,
                    organisation=org,
                    name=request.POST.get("holder_name", ""),
                    id_number=request.POST.get("holder_id_number", ""),
                    title=request.POST.get("title", "董事"),
                )
                messages.success(request, _("董事已登记"))
                return redirect(f"{reverse('supervision:graph')}?uscc={org.uscc}")
        except ValidationFailed as exc:
            errors = _fields(exc) or {"uscc": exc.message}
        if org is not None:
            roots = selectors.spread_roots(org)
            spread = selectors.controlled_entities(org)
    return render(
        request,
        "supervision/graph.html",
        {
            "org": org,
            "roots": roots,
            "spread": spread,
            "uscc": code,
            "titles": TITLES,
            "errors": errors,
            "values": request.POST,
        },
        status=422 if errors else 200,
    )


# --- staff accountability (Urumqi art. 22) -------------------------------------------------------


def _link(event) -> str:
    name = selectors.RECORD_URLS.get(event.object_type)
    if not name or not event.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(event.object_id)])
    except NoReverseMatch:
        return ""


STAFF_SORTS = Sorting(
    Sort("at", _("时间"), "at"),
    Sort("user", _("人员"), "actor_label"),
    Sort("action", _("操作"), "action"),
    Sort("region", _("地区"), "region_code"),
    default="-at",
)


@login_required
@domain_errors
def staff_actions(request):
    """A date that is not a date is ignored, with a message at its field (the page answers)."""
    g = request.GET
    filters = ListFilters.read(request)
    selectors.require_staff_supervisor(request.user)
    qs = selectors.staff_actions(
        request.user,
        user=g.get("user", ""),
        action=g.get("action", ""),
        region=filters.region,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    listed = _listed(request, STAFF_SORTS, qs)
    rows = [(e, _link(e)) for e in listed["page_obj"]]
    return render(
        request,
        "supervision/staff.html",
        {**listed, "rows": rows, "values": g, "filters": filters},
    )
