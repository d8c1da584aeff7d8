"""Who may act in supervision: the S&T reviewers (county, city, province) of the region the
record belongs to; operators and auditors read."""

from __future__ import annotations

from innovoucher.accounts.permissions import actor_can, actor_regions, require
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import SYSTEM
from innovoucher.registry.permissions import acts_for
from innovoucher.supervision.states import PROVIDER

SUPERVISOR_ROLES = tuple(REVIEWER_ROLES)
READER_ROLES = (*REVIEWER_ROLES, Role.OPERATOR, Role.AUDITOR)


def can_supervise(actor, region_code: str) -> bool:
    return actor_can(actor, SUPERVISOR_ROLES, region_code)


def can_read(actor, region_code: str) -> bool:
    return actor_can(actor, READER_ROLES, region_code)


def is_reader(actor) -> bool:
    """Holds a supervision role in some region (for the navigation entry)."""
    return bool(actor_regions(actor, *READER_ROLES))


def require_supervisor(actor, region_code: str) -> None:
    require(actor, SUPERVISOR_ROLES, region_code)


def require_reader(actor, region_code: str) -> None:
    if not can_read(actor, region_code):
        raise PermissionDenied(
            "您没有查看该地区监督检查记录的权限", details={"region": region_code}
        )


def authorize(actor, obj, transition) -> None:
    """The lifecycle hook: a person's action needs a supervisor of the record's region; the
    provider's own step (a rectification report) needs the provider's staff."""
    if transition.by == PROVIDER:
        if not acts_for(actor, obj.provider):
            raise PermissionDenied("只有被通报服务机构的经办人可以提交整改报告")
    elif transition.by != SYSTEM:
        require_supervisor(actor, obj.region_code)
