"""Pages of the security administrator (locked accounts, every account's login history) and of
the audit administrator (the audit log with filters and an Excel export), and the lockout
page django-axes shows (AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import datetime as dt
import io
import json

from axes.helpers import get_cool_off
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from innovoucher.accounts import selectors as account_selectors
from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate
from innovoucher.regions.widgets import RegionPicker
from innovoucher.security import selectors, services


def lockout_response(request, original_response=None, credentials=None):
    """登录失败次数过多: say when to try again (the cool-off restarts at each further try)."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    until = timezone.localtime(clock.now() + cool_off)
    context = {"until": until, "minutes": int(cool_off.total_seconds() // 60)}
    return render(request, "security/locked.html", context, status=429)


LOCKOUT_SORTS = Sorting(
    Sort("username", _("用户名"), "username"),
    Sort("failures", _("失败次数"), "failures_since_start"),
    Sort("attempt", _("最后尝试时间"), "attempt_time"),
    Sort("ip", _("IP地址"), "ip_address"),
    default="-attempt",
)


@login_required
@domain_errors
def lockouts(request):
    q = request.GET.get("q", "").replace("\x00", "").strip()[:150]
    qs, sorting = LOCKOUT_SORTS.apply(request, selectors.lockout_list(actor=request.user, q=q))
    page = paginate(request, qs, 50)
    return render(request, "security/lockouts.html", {"page": page, "sorting": sorting, "q": q})


@login_required
@require_POST
@domain_errors
def lockout_clear(request):
    username = request.POST.get("username", "")
    services.lockout_clear(actor=request.user, username=username)
    messages.success(
        request, gettext("已解除账户“%(username)s”的登录锁定。") % {"username": username}
    )
    return redirect("security:lockouts")


@login_required
@domain_errors
def login_history(request):
    """Every account's login history (security administrator)."""
    require_admin(request.user, Role.SECURITY_ADMIN)
    q = request.GET.get("q", "").strip()
    page = paginate(
        request, account_selectors.login_record_list(actor=request.user, username=q), 50
    )
    return render(request, "security/login_history.html", {"page": page, "q": q})


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("操作人"), required=False, max_length=150)
    obj = forms.CharField(
        label=_("对象"), required=False, max_length=120, help_text=_("对象类型、编号或“类型:编号”")
    )
    region = forms.CharField(label=_("地区"), required=False, max_length=6, widget=RegionPicker())
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data


def _filters(request) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, dict(form.cleaned_data)
    return form, {}


AUDIT_SORTS = Sorting(
    Sort("id", _("编号"), "id"),
    Sort("at", _("时间"), "at"),
    Sort("actor", _("操作人"), "actor_label"),
    Sort("action", _("操作"), "action"),
    Sort("object", _("对象"), "object_type", "object_id"),
    Sort("region", _("地区"), "region_code"),
    default="-id",
)


@login_required
@domain_errors
def audit_log(request):
    """The audit log (安全审计员 only): filter by user, object, region and dates; paginated."""
    selectors.require_audit_admin(request.user)
    form, filters = _filters(request)
    qs, sorting = AUDIT_SORTS.apply(
        request, selectors.audit_event_list(actor=request.user, **filters)
    )
    page = paginate(request, qs, 50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "security/audit_log.html",
        {"form": form, "page": page, "sorting": sorting, "query": query.urlencode()},
    )


@login_required
@domain_errors
def audit_log_export(request):
    form, filters = _filters(request)
    events = services.audit_log_export(actor=request.user, **filters)
    book = Workbook()
    sheet = book.active
    sheet.title = "审计日志"
    sheet.append(["编号", "时间", "操作人", "操作", "对象类型", "对象编号", "行政区划", "内容"])
    for e in events:
        sheet.append(
            [
                e.id,
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.region_code,
                json.dumps(e.data, ensure_ascii=False)[:30000],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response
