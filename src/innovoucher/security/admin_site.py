"""The Django admin behind the second factor and the 三员 rules.

- only active staff who passed the TOTP step (when enforced), and who are the bootstrap
  superuser or hold the system or security administrator role, enter; the audit administrator
  and business roles never do;
- the admin's own login form is not used: /admin/login/ sends to the platform's login page
  (throttled and locked out by django-axes, then the TOTP step);
- every add / change / delete made in the admin is an audit event `accounts.admin.<verb>`
  in the chain (`accounts.services.admin_change_record`), whatever the model.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.admin import OTPAdminSite

from innovoucher.accounts import selectors as account_selectors
from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import admin_change_record


class AuditedAdminMixin:
    """Each LogEntry the admin writes becomes an audit event as well."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        admin_change_record(entry=entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        admin_change_record(entry=entry)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for entry in entries or []:
            admin_change_record(entry=entry)
        return entries


class InnovoucherAdminSite(OTPAdminSite):
    site_header = "科技创新券服务平台 · 系统管理"
    site_title = "系统管理"
    index_title = "系统管理"

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if account_selectors.otp_enforced() and not user.is_verified():
            return False
        return user.is_superuser or actor_has_role(user, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)

    def login(self, request, extra_context=None):
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        return redirect(reverse("login") + "?" + urlencode({REDIRECT_FIELD_NAME: target}))

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                f"Audited{admin_class.__name__}", (AuditedAdminMixin, admin_class), {}
            )
        return super().register(model_or_iterable, admin_class, **options)
