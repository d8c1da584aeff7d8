"""Who publishes notices: the S&T reviewers (county, city, province) and the operator, each in
their own region. Everyone reads published notices."""

from __future__ import annotations

from innovoucher.accounts.permissions import actor_can, require
from innovoucher.accounts.roles import REVIEWER_ROLES, Role

PUBLISHER_ROLES = (*REVIEWER_ROLES, Role.OPERATOR)


def can_publish(actor, region_code: str) -> bool:
    return actor_can(actor, PUBLISHER_ROLES, region_code)


def require_publisher(actor, region_code: str, *, field: str = "") -> None:
    require(actor, PUBLISHER_ROLES, region_code, field=field)


def authorize(actor, obj, transition) -> None:
    """The lifecycle hook: an official of the notice's region."""
    require_publisher(actor, obj.region_code)
