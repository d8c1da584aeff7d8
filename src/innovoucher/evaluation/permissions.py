"""Who may act in evaluation: the S&T reviewers of the round's region open, decide and publish
rounds and approve awards; experts of the region score; operators, auditors and finance read."""

from __future__ import annotations

from innovoucher.accounts.permissions import actor_can, actor_regions, require
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import SYSTEM

OFFICIAL_ROLES = tuple(REVIEWER_ROLES)
SCORER_ROLES = (*REVIEWER_ROLES, Role.EXPERT)
READER_ROLES = (*REVIEWER_ROLES, Role.EXPERT, Role.OPERATOR, Role.AUDITOR, Role.FINANCE_OFFICER)


def can_official(actor, region_code: str) -> bool:
    return actor_can(actor, OFFICIAL_ROLES, region_code)


def can_score(actor, region_code: str) -> bool:
    return actor_can(actor, SCORER_ROLES, region_code)


def reader_regions(actor) -> list[str]:
    return sorted(set(actor_regions(actor, *READER_ROLES)))


def is_reader(actor) -> bool:
    return bool(reader_regions(actor))


def require_official(actor, region_code: str, *, field: str = "") -> None:
    require(actor, OFFICIAL_ROLES, region_code, field=field)


def require_scorer(actor, region_code: str) -> None:
    if not can_score(actor, region_code):
        raise PermissionDenied("您不是该地区的评审专家或审核人员，不能评分")


def authorize(actor, obj, transition) -> None:
    if transition.by != SYSTEM:
        require_official(actor, obj.region_code)
