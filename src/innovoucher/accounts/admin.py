from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from innovoucher.accounts.models import User


@admin.register(User)
class InnovoucherUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("平台信息", {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "email", "is_staff", "is_active")
