"""Account reads for the security administrator's role pages and API (三员分立: only that role
sees and changes role assignments)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code
from innovoucher.core.errors import NotFound


def role_assignment_list(*, actor, q: str = "") -> QuerySet[RoleAssignment]:
    """Every role assignment, active first; `q` filters by username."""
    require_admin(actor, Role.SECURITY_ADMIN)
    qs = RoleAssignment.objects.select_related("user", "organisation").order_by(
        "-active", "user__username", "role"
    )
    q = (q or "").strip()
    return qs.filter(user__username__icontains=q) if q else qs


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
