"""Account reads for the security administrator's role pages and API (三员分立: only that role
sees and changes role assignments)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.models import AdminRoleRemoval, LoginRecord, RoleAssignment
from innovoucher.accounts.permissions import actor_has_role, require_admin
from innovoucher.accounts.roles import SEPARATED_ADMIN_ROLES, STAFF_ROLES, Role
from innovoucher.core.codes import Code
from innovoucher.core.errors import NotFound, PermissionDenied
from innovoucher.core.listing import name_q


def role_assignment_list(
    *, actor, q: str = "", role: str = "", active: bool | None = None
) -> QuerySet[RoleAssignment]:
    """Every role assignment, active first; `q` finds a username, a person's name or the
    organisation's name (Chinese or pinyin), `role` and `active` narrow."""
    require_admin(actor, Role.SECURITY_ADMIN)
    qs = RoleAssignment.objects.select_related("user", "organisation").order_by(
        "-active", "user__username", "role"
    )
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(active=active)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(user__username__icontains=q)
            | Q(user__display_name__icontains=q)
            | name_q(q, "organisation")
        )
    return qs


def role_assignment_get(*, actor, pk) -> RoleAssignment:
    require_admin(actor, Role.SECURITY_ADMIN)
    assignment = RoleAssignment.objects.select_related("user").filter(pk=pk).first()
    if assignment is None:
        raise NotFound("角色授权不存在")
    return assignment


def grant_target_get(*, actor, username: str, organisation_id: int | None = None):
    """(user, organisation or None) named in a role grant, each "not found" when missing.

    The organisation is read through the assignment's foreign key: accounts sits below the
    registry and never imports it (the registry's services import accounts)."""
    require_admin(actor, Role.SECURITY_ADMIN)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(f"用户“{username}”不存在")
    if not organisation_id:
        return user, None
    organisation_model = RoleAssignment._meta.get_field("organisation").related_model
    organisation = organisation_model.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(f"机构编号 {organisation_id} 不存在", code=Code.ORGANISATION_NOT_FOUND)
    return user, organisation


# --- 身份鉴别: second factor, login history, two-person removals ----------------------------

# Who must use a second factor (TOTP): every official, finance, operator, auditor and the three
# administrators (STAFF_ROLES), and staff accounts of the Django admin. Firms, providers and
# experts may opt in: once they bind an authenticator, it is asked for at every login too.
OTP_ROLES = tuple(STAFF_ROLES)


def otp_enforced() -> bool:
    return bool(getattr(settings, "INNOVOUCHER_OTP_ENFORCED", True))


def otp_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_required(user) -> bool:
    """`user` must pass the second factor before using the platform."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return actor_has_role(user, *OTP_ROLES) or otp_enrolled(user)


def totp_device_pending(*, actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()


def recovery_codes_left(*, actor) -> int:
    return StaticToken.objects.filter(device__user=actor, device__confirmed=True).count()


def login_record_list(*, actor, username: str = "") -> QuerySet[LoginRecord]:
    """The actor's own login history; the security administrator sees everyone's (and may
    filter by username)."""
    qs = LoginRecord.objects.select_related("user")
    if actor_has_role(actor, Role.SECURITY_ADMIN):
        username = (username or "").strip()
        return qs.filter(username__icontains=username) if username else qs
    return qs.filter(user=actor)


def role_removal_list(*, actor, status: str = "") -> QuerySet[AdminRoleRemoval]:
    """Removal requests of administrator roles, pending first (any administrator sees them:
    the second one confirms); `undecided` lets a list put the pending ones first."""
    if not (actor.is_superuser or actor_has_role(actor, *SEPARATED_ADMIN_ROLES)):
        raise PermissionDenied("此页面需要管理员角色")
    qs = AdminRoleRemoval.objects.select_related(
        "assignment__user", "requested_by", "confirmed_by"
    ).annotate(undecided=ExpressionWrapper(Q(decided_at__isnull=True), output_field=BooleanField()))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("decided_at").asc(nulls_first=True), "-requested_at")


def role_removal_get(*, actor, pk) -> AdminRoleRemoval:
    removal = role_removal_list(actor=actor).filter(pk=pk).first()
    if removal is None:
        raise NotFound("撤销申请不存在")
    return removal


def user_by_username(username: str):
    """The account named `username` (exact), or None (login history of failed attempts)."""
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()
