"""Region-scoped permission checks. Every selector and service asks here."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.requestcache import request_memo
from innovoucher.regions.domain import region_prefix, region_within


def _authenticated(actor) -> bool:
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_active", True)
    )


def actor_assignments(actor, *roles: Role) -> list[RoleAssignment]:
    """Active role assignments of `actor` (only `roles` when given).

    Within a request they are read once (`core.requestcache`) and every later permission check of
    the request answers from memory, so a page's checks cost one query whatever the number of rows
    it shows; services that change roles forget the memo."""
    if not _authenticated(actor):
        return []
    held = request_memo(
        ("roles", actor.pk), lambda: list(RoleAssignment.objects.filter(user=actor, active=True))
    )
    return [a for a in held if not roles or a.role in roles]


def actor_regions(actor, *roles: Role) -> list[str]:
    """Region codes in which `actor` holds any of `roles` (all roles when none given)."""
    return [a.region_code for a in actor_assignments(actor, *roles)]


def actor_has_role(actor, *roles: Role) -> bool:
    return bool(actor_assignments(actor, *roles))


def actor_organisation_ids(actor, *roles: Role) -> list[int]:
    """Organisations `actor` acts for through any of `roles` (all roles when none given)."""
    return sorted(
        {a.organisation_id for a in actor_assignments(actor, *roles) if a.organisation_id}
    )


def within(code: str, scope: str) -> bool:
    """`code` lies in `scope`; the platform code 100000 contains every region."""
    return scope == PLATFORM_REGION or region_within(code, scope)


def actor_can(actor, role: Role | tuple[Role, ...], region_code: str) -> bool:
    roles = role if isinstance(role, tuple) else (role,)
    return any(within(region_code, scope) for scope in actor_regions(actor, *roles))


def require(actor, role: Role | tuple[Role, ...], region_code: str, *, field: str = "") -> None:
    """`actor` holds `role` in `region_code`. With `field` (the form field the region was chosen
    in) the refusal names that field, so the page says it there and keeps the other values."""
    if not actor_can(actor, role, region_code):
        message = "您没有在该地区执行此操作的权限"
        details: dict = {"region": region_code}
        if field:
            message = "所选地区不在您的管辖范围内，请选择您所在或下辖的地区"
            details["fields"] = {field: [message]}
        raise PermissionDenied(message, details=details)


def region_q(scopes: Iterable[str], field: str = "region_code") -> Q:
    """A filter matching rows whose `field` lies in any of `scopes` (nothing when no scope)."""
    q = Q(pk__in=[])
    for scope in set(scopes):
        if scope == PLATFORM_REGION:
            return Q()
        q |= Q(**{f"{field}__startswith": region_prefix(scope)})
    return q


def scope_q(actor, roles: Iterable[Role], field: str = "region_code") -> Q:
    """Rows in the regions where `actor` holds any of `roles`."""
    return region_q(actor_regions(actor, *roles), field)


def require_admin(actor, role: Role) -> None:
    """`actor` holds the administrator `role` (or is the bootstrap superuser for
    system/security)."""
    if getattr(actor, "is_superuser", False) and role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return
    if not actor_has_role(actor, role):
        raise PermissionDenied(f"此操作需要{role.label}角色")
