"""Staff navigation entries of the administrators' pages (三员分立: each sees only its own)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import SEPARATED_ADMIN_ROLES, Role
from innovoucher.core.nav import entry


def security_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items = []
    if actor_has_role(user, Role.SECURITY_ADMIN):
        items += [
            {"url": reverse("account_roles"), "label": _("角色授权")},
            {"url": reverse("security:lockouts"), "label": _("登录锁定")},
            {"url": reverse("security:login_history"), "label": _("登录记录")},
        ]
    if actor_has_role(user, *SEPARATED_ADMIN_ROLES):
        items.append({"url": reverse("account_role_removals"), "label": _("撤销审批")})
    if actor_has_role(user, Role.AUDIT_ADMIN):
        items.append({"url": reverse("security:audit_log"), "label": _("审计日志")})
    return items


# The role-shaped menu (portal/navigation.py): each administrator sees only its own pages.
NAV_ENTRIES = [
    entry("security:lockouts", _("登录锁定"), Role.SECURITY_ADMIN),
    entry("security:login_history", _("登录记录"), Role.SECURITY_ADMIN),
    entry("account_role_removals", _("撤销审批"), *SEPARATED_ADMIN_ROLES),
    entry("security:audit_log", _("审计日志"), Role.AUDIT_ADMIN),
]
