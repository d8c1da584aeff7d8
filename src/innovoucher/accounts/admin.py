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

    # 三员: the system administrator manages accounts, the security administrator may open them
    # to reset a password; deleting stays with the superuser (and is audited like the rest).
    def _admin(self, request, *roles) -> bool:
        return actor_has_role(request.user, *roles)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._admin(
            request, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._admin(
            request, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._admin(
            request, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN
        )

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "is_staff", "groups", "user_permissions")

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self._admin(request, Role.SYSTEM_ADMIN)

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
