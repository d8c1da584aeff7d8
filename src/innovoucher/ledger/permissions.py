"""Who may see and move public money, and the region scope of every finance read.

Finance officers (财政部门经办人) act in their region; province/city reviewers and auditors
read only. Scope is by the region where money is held (Budget.region_code) or, for claims,
the applicant's region: a city officer sees the city and its counties, never a neighbour.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import actor_can, actor_regions, require, within
from innovoucher.accounts.roles import Role
from innovoucher.regions.domain import region_prefix

WRITE_ROLES = (Role.FINANCE_OFFICER,)
VIEW_ROLES = (Role.FINANCE_OFFICER, Role.PROVINCE_REVIEWER, Role.CITY_REVIEWER, Role.AUDITOR)


def finance_regions(actor, *, write: bool = False) -> list[str]:
    return sorted(set(actor_regions(actor, *(WRITE_ROLES if write else VIEW_ROLES))))


def can_view_finance(actor) -> bool:
    return bool(finance_regions(actor))


def can_view_region(actor, region_code: str) -> bool:
    """`region_code` meets one of the actor's finance regions: lies in it, or contains it (a
    list narrowed to a containing region still shows the actor's own rows)."""
    return any(within(region_code, r) or within(r, region_code) for r in finance_regions(actor))


def can_write(actor, region_code: str) -> bool:
    return actor_can(actor, WRITE_ROLES, region_code)


def require_write(actor, region_code: str) -> None:
    require(actor, WRITE_ROLES, region_code)


def require_view(actor, region_code: str) -> None:
    require(actor, VIEW_ROLES, region_code)


def scope_q(actor, field: str = "region_code", *, write: bool = False) -> Q:
    """A filter keeping rows whose `field` lies in one of the actor's finance regions."""
    q = Q(pk__in=[])
    for region in finance_regions(actor, write=write):
        q |= Q(**{f"{field}__startswith": region_prefix(region)})
    return q
