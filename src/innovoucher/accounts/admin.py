"""The user admin. 三员分立: setting another account's password is reserved to the security
administrator (never the superuser alone) and goes through `services.password_reset`, an audit
event; every other add / change / delete is audited by the admin site (security.admin_site)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from innovoucher.accounts import services
from innovoucher.accounts.models import User
from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import Role
from innovoucher.core.errors import DomainError


@admin.register(User)
class InnovoucherUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("平台信息", {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "email", "is_staff", "is_active")

    def user_change_password(self, request, id, form_url=""):
        if not actor_has_role(request.user, Role.SECURITY_ADMIN):
            raise DjangoPermissionDenied("只有安全管理员可以重置其他账户的密码")
        user = self.get_object(request, unquote(id))
        if request.method == "POST" and user is not None:
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                try:
                    services.password_reset(
                        actor=request.user,
                        user=user,
                        new_password=form.cleaned_data.get("password1") or "",
                    )
                except DomainError as exc:
                    messages.error(request, exc.message)
                    return redirect(request.path)
                messages.success(request, "密码已重置（已记入审计日志）。")
                return redirect(
                    reverse(f"{self.admin_site.name}:accounts_user_change", args=[user.pk])
                )
        return super().user_change_password(request, id, form_url)
