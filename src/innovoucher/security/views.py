"""Pages of the security administrator (locked accounts, every account's login history) and of
the audit administrator (the audit log with filters; its Excel export is a background export,
security/exporters.py), and the lockout
page django-axes shows (AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import datetime as dt

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.accounts import selectors as account_selectors
from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate
from innovoucher.security import selectors, services
from innovoucher.security.forms import AuditFilterForm


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
    context = {
        "form": form,
        "page": page,
        "sorting": sorting,
        "query": query.urlencode(),
        "export_parameters": [(k, v) for k, v in query.items() if k in AuditFilterForm.base_fields],
    }
    return render(request, "security/audit_log.html", context)
