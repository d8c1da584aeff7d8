"""Reads of the security administrator (locked accounts) and of the audit administrator (the
audit log). 三员分立: the audit log is read by the audit administrator only — not the system
administrator, not the security administrator, not the bootstrap superuser."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet

from innovoucher.accounts.permissions import actor_has_role, require_admin
from innovoucher.accounts.roles import Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.models import AuditEvent
from innovoucher.regions.domain import is_region_code, region_prefix


def lockout_list(*, actor, q: str = "") -> QuerySet[AccessAttempt]:
    """Accounts currently locked out after too many failed logins (`q`: the user name or IP
    address contains it)."""
    require_admin(actor, Role.SECURITY_ADMIN)
    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if q := (q or "").strip():
        qs = qs.filter(Q(username__icontains=q) | Q(ip_address__icontains=q))
    return qs.order_by("-attempt_time")


def require_audit_admin(actor) -> None:
    if not actor_has_role(actor, Role.AUDIT_ADMIN):
        raise PermissionDenied("审计日志仅限安全审计员查看（三员分立）")


def audit_event_list(
    *,
    actor,
    user: str = "",
    obj: str = "",
    region: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, filtered by actor (username contains), object (type or
    "type:id" or id), region (a GB/T 2260 code: itself and what lies within) and date range."""
    require_audit_admin(actor)
    qs = AuditEvent.objects.order_by("-id")
    if user := (user or "").strip():
        qs = qs.filter(actor_label__icontains=user)
    if obj := (obj or "").strip():
        kind, _, pk = obj.partition(":")
        if pk:
            qs = qs.filter(object_type__icontains=kind, object_id=pk)
        else:
            qs = qs.filter(
                Q(object_type__icontains=obj) | Q(object_id=obj) | Q(action__icontains=obj)
            )
    if region := (region or "").strip():
        if is_region_code(region) and region != "100000":
            qs = qs.filter(region_code__startswith=region_prefix(region))
        elif region != "100000":
            qs = qs.filter(region_code=region)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
