"""Payment batches: create, export the bank file, import the bank's results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core import listing
from innovoucher.core.errors import DomainError, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import apply_errors, paginate
from innovoucher.ledger import forms, permissions, selectors, services
from innovoucher.ledger.states import BatchStatus
from innovoucher.ledger.views._common import finance_page, page, region_choices


def _payer_choices(request) -> list[tuple[str, str]]:
    held = {
        b.region_code for b in selectors.budget_list_for_finance(actor=request.user, writable=True)
    }
    return region_choices(sorted(held))


BATCH_SORTS = Sorting(
    Sort("batch", _("批次"), "id"),
    Sort("payer", _("付款单位"), "payer_region"),
    Sort("period", _("期间"), "period"),
    Sort("lines", _("笔数"), "line_count"),
    Sort("total", _("金额"), "total_fen"),
    Sort("status", _("状态"), "status"),
    Sort("created", _("创建时间"), "created_at"),
    default="-created",
)


@finance_page
def batch_list(request):
    form = forms.BatchForm(request.POST or None, regions=_payer_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, **form.cleaned_data)
            return redirect("ledger:batch", pk=batch.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    status = listing.choice(request.GET.get("status"), BatchStatus.choices)
    regions = selectors.batch_payer_regions(actor=request.user)
    payer = listing.choice(request.GET.get("region"), regions)
    start, end = listing.day(request.GET.get("from")), listing.day(request.GET.get("to"))
    qs = selectors.batch_list_for_finance(
        actor=request.user, status=status, payer_region=payer, created_from=start, created_to=end
    )
    qs, sorting = BATCH_SORTS.apply(request, qs)
    context = {
        "page_obj": paginate(request, qs),
        "sorting": sorting,
        "status": status,
        "statuses": BatchStatus.choices,
        "region": payer,
        "regions": region_choices(regions),
        "start": start,
        "end": end,
        "form": form,
        "can_write": bool(form.fields["payer_region"].choices),
    }
    return page(request, "ledger/batch_list.html", context, tab="ledger:batches")


def _detail(request, batch, upload_form=None, status: int = 200):
    context = {
        "batch": batch,
        "lines": selectors.batch_lines(batch),
        "upload_form": upload_form or forms.ResultUploadForm(),
        "can_write": permissions.can_write(request.user, batch.payer_region),
    }
    response = page(request, "ledger/batch_detail.html", context, tab="ledger:batches")
    response.status_code = status
    return response


@finance_page
def batch_detail(request, pk: int):
    return _detail(request, selectors.batch_get(actor=request.user, pk=pk))


@require_POST
@finance_page
def batch_export(request, pk: int):
    batch = selectors.batch_get(actor=request.user, pk=pk)
    exported = services.batch_export(
        actor=request.user, batch=batch, fmt=request.POST.get("format", "csv")
    )
    # Full account numbers: an attachment, never cached, never sniffed into a page.
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@finance_page
def batch_import(request, pk: int):
    batch = selectors.batch_get(actor=request.user, pk=pk)
    if request.method != "POST":  # a reload after a failed upload: back to the batch
        return redirect("ledger:batch", pk=batch.pk)
    form = forms.ResultUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, batch, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        summary = services.batch_import_results(
            actor=request.user, batch=batch, filename=upload.name, content=upload.read()
        )
    except ValidationFailed as exc:
        apply_errors(exc, form)
        return _detail(request, batch, form, status=422)
    messages.success(
        request,
        gettext("回执已导入：到账 %(paid)s 笔，失败 %(failed)s 笔，无变化 %(unchanged)s 笔。")
        % {"paid": summary.paid, "failed": summary.failed, "unchanged": summary.unchanged},
    )
    for problem in summary.problems[:20]:
        messages.warning(request, problem)
    return redirect("ledger:batch", pk=batch.pk)
