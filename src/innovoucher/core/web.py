"""What every app's HTML views share: the DomainError page, pagination, form errors, file responses.

Interface helpers only (no business rules); they live in core so that every app — the domain
apps included, which may not import the portal — uses the same ones.
"""

from __future__ import annotations

import functools
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innovoucher.core.errors import DomainError, NotFound, ValidationFailed

PAGE_SIZE = 30
TITLES = {
    404: _("未找到"),
    403: _("无权操作"),
    409: _("状态已变化"),
    422: _("请修改后重新提交"),
}


def zh(text):
    """`text` typed or written in Chinese (a name, a title, a service's error message) marked
    `<span lang="zh-Hans">` on an English page (WCAG 3.1.2, and what the English test skips).
    A Chinese page is Chinese throughout, so there the text comes back as it is and the page
    stays as it was. Empty stays empty."""
    if text is None or text == "":
        return ""
    if (get_language() or "").startswith("zh"):
        return text
    return format_html('<span lang="zh-Hans">{}</span>', text)


def error_page(request, exc: DomainError):
    """The portal's error page for a DomainError, with its status (4xx), never a bare 500."""
    context = {
        "title": TITLES.get(exc.status, _("请求有误")),
        "message": zh(exc.message),
        "code": exc.code,
    }
    return render(request, "portal/error.html", context, status=exc.status)


def safe_next(request, fallback: str = "", *, prefix: str = "/") -> str:
    """The `next` a form posted (or a query carried), when it is a path of this site under
    `prefix`; else `fallback`. Never an off-site address: `https://evil.example/`, `//evil`,
    `/\\evil` and `javascript:` are all refused (url_has_allowed_host_and_scheme)."""
    value = request.POST.get("next", "") if request.method == "POST" else ""
    value = value or request.GET.get("next", "")
    if (
        value
        and value.startswith(prefix)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not value.startswith(("//", "/\\"))
        and "\\" not in value
    ):
        return value
    return fallback


def domain_errors(view):
    """A DomainError escaping a view becomes the error page (or, for a validation error of a form
    posted with a safe `next`, a message on that page). Views with a form re-render the form
    themselves (`apply_errors`); this is the last line."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            nxt = safe_next(request) if request.method == "POST" else ""
            if isinstance(exc, ValidationFailed) and nxt:
                messages.error(request, zh(exc.message))
                return redirect(nxt)
            return error_page(request, exc)

    return wrapper


def paginate(request, queryset, per_page: int = PAGE_SIZE, param: str = "page"):
    """One page of `queryset` (invalid or out-of-range numbers give the nearest page)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def apply_errors(exc: DomainError, *forms) -> None:
    """A DomainError's per-field messages (``details.fields``) next to their fields in the first
    form that has the field; the rest, or the message itself, on top of the first form."""
    fields = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
    if not forms:
        return
    placed = False
    for name, msgs in (fields or {}).items():
        for message in msgs if isinstance(msgs, list) else [msgs]:
            target = next((f for f in forms if name in f.fields), None)
            (target or forms[0]).add_error(name if target is not None else None, zh(message))
            placed = True
    if not placed:
        forms[0].add_error(None, zh(exc.message))


def file_response(field_file, label: str, *, download_name: str = ""):
    """Serve an uploaded file: always as an attachment (never rendered in the site's origin),
    with nosniff; the caller has already checked that the user may see the record. Stored
    names are random; `download_name` (a label the uploader gave) names the download."""
    if not field_file:
        raise NotFound(f"未上传{label}")
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    name = field_file.name.rsplit("/", 1)[-1]
    if download_name:
        suffix = PurePath(name).suffix
        clean = get_valid_filename(download_name) or name
        name = clean if clean.lower().endswith(suffix) else f"{clean}{suffix}"
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
