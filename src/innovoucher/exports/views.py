"""我的导出: the list of one's exports, the progress page (polled with htmx), the download, the
request (POSTed by the 导出 buttons of the owning apps' pages) and the retry. Parse, call one
service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, file_response, paginate
from innovoucher.exports import selectors, services
from innovoucher.exports.registry import kind_label

EXPORT_SORTS = Sorting(
    Sort("created", _("申请时间"), "id"),
    Sort("kind", _("导出类型"), "kind"),
    Sort("status", _("状态"), "status"),
    default="-created",
)
NOT_PARAMETERS = {"csrfmiddlewaretoken", "kind", "next"}


def _label(export):
    export.kind_label = kind_label(export.kind)
    return export


@login_required
@domain_errors
def export_list(request):
    qs, sorting = EXPORT_SORTS.apply(
        request, selectors.export_list_for_requester(actor=request.user)
    )
    page = paginate(request, qs)
    for export in page:
        _label(export)
    return render(
        request,
        "exports/list.html",
        {"page_obj": page, "sorting": sorting, "days": settings.INNOVOUCHER_EXPORT_DAYS},
    )


@login_required
@require_POST
@domain_errors
def export_request(request):
    """A page's 导出 button: its filters come as the other fields of the form."""
    parameters = {k: v for k, v in request.POST.items() if k not in NOT_PARAMETERS}
    export = services.export_request(
        actor=request.user, kind=request.POST.get("kind", ""), parameters=parameters
    )
    return redirect("exports:detail", pk=export.pk)


def _context(request, pk) -> dict:
    return {"export": _label(selectors.export_get(actor=request.user, pk=pk))}


@login_required
@domain_errors
def export_detail(request, pk):
    return render(request, "exports/detail.html", _context(request, pk))


@login_required
@domain_errors
def export_progress(request, pk):
    """The htmx fragment polled every 2 s while the export is queued or running."""
    return render(request, "exports/_progress.html", _context(request, pk))


@login_required
@domain_errors
def export_download(request, pk):
    export = selectors.export_file_get(actor=request.user, pk=pk)
    response = file_response(export.file, gettext("导出文件"), download_name=export.filename)
    response["Content-Type"] = export.content_type
    return response


@login_required
@require_POST
@domain_errors
def export_retry(request, pk):
    export = selectors.export_get(actor=request.user, pk=pk)
    services.export_retry(actor=request.user, export=export)
    messages.success(request, gettext("已重新排队导出"))
    return redirect("exports:detail", pk=pk)
