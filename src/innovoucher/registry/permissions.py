"""Who may see and do what with a registry record. Region containment comes from accounts.

- Readers (county / city / province reviewer, operator, auditor) see every organisation whose
  region lies inside one of their role regions.
- People acting for an organisation (applicant, incubator agent, provider staff) see their own
  organisation; an incubator agent also sees the teams hosted by their incubator.
- Registration reviewers (county, and city) act on registrations in their regions.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import (
    actor_can,
    actor_has_role,
    actor_organisation_ids,
    scope_q,
)
from innovoucher.accounts.roles import (
    PARTY_ROLES,
    PII_REVEAL_ROLES,
    REGISTRATION_REVIEWER_ROLES,
    REGISTRY_READER_ROLES,
    SEPARATED_ADMIN_ROLES,
    Role,
)
from innovoucher.core.errors import PermissionDenied
from innovoucher.registry.states import (
    PARTY,
    REVIEWER,
    Transition,
    actions_from,
    filing_actions_from,
)


def visible_q(actor, prefix: str = "") -> Q:
    """Organisations `actor` may read. `prefix` ("organisation__") filters related rows."""
    q = scope_q(actor, REGISTRY_READER_ROLES, field=f"{prefix}region_code")
    own = actor_organisation_ids(actor, *PARTY_ROLES)
    if own:
        q |= Q(**{f"{prefix}pk__in": own})
    hosts = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    if hosts:
        q |= Q(**{f"{prefix}host_incubator_id__in": hosts})
    return q


def acts_for(actor, organisation) -> bool:
    """`actor` acts for `organisation` (as its member, or as the incubator hosting the team)."""
    if organisation.pk in actor_organisation_ids(actor, *PARTY_ROLES):
        return True
    return bool(
        organisation.host_incubator_id
    ) and organisation.host_incubator_id in actor_organisation_ids(actor, Role.INCUBATOR_AGENT)


def can_review(actor, organisation) -> bool:
    return not organisation.is_official and actor_can(
        actor, REGISTRATION_REVIEWER_ROLES, organisation.region_code
    )


def can_read(actor, organisation) -> bool:
    return acts_for(actor, organisation) or actor_can(
        actor, REGISTRY_READER_ROLES, organisation.region_code
    )


def can_edit(actor, organisation) -> bool:
    """Party data (facts, shareholders, controller, affiliations): the party or its reviewer."""
    return acts_for(actor, organisation) or can_review(actor, organisation)


def can_reveal(actor, organisation) -> bool:
    """The party itself, or a business role of its region; never an administrator (三员分立:
    the three administrators and the bootstrap superuser see masked numbers only)."""
    if getattr(actor, "is_superuser", False) or actor_has_role(actor, *SEPARATED_ADMIN_ROLES):
        return False
    return acts_for(actor, organisation) or actor_can(
        actor, PII_REVEAL_ROLES, organisation.region_code
    )


def require_edit(actor, organisation) -> None:
    if not can_edit(actor, organisation):
        raise PermissionDenied("您无权修改该主体的登记信息")


def require_review(actor, organisation) -> None:
    if not can_review(actor, organisation):
        raise PermissionDenied(
            "只有主体所在地区的科技管理部门审核人可以审核",
            details={"region": organisation.region_code},
        )


def authorize_registration(actor, organisation, transition) -> None:
    """The `authorize` hook of the registration lifecycle: a review by a reviewer of the
    organisation's region, a resubmission by a person acting for it."""
    if transition.by == REVIEWER:
        require_review(actor, organisation)
    elif not acts_for(actor, organisation):
        raise PermissionDenied("只有该主体的经办人可以重新提交登记")


def authorize_filing(actor, filing, transition) -> None:
    """The `authorize` hook of the change-filing lifecycle."""
    organisation = filing.organisation
    if transition.by == REVIEWER:
        if not can_review(actor, organisation):
            raise PermissionDenied(
                "只有主体所在地区的科技管理部门审核人可以审核变更备案",
                details={"region": organisation.region_code},
            )
    elif not acts_for(actor, organisation):
        raise PermissionDenied("只有该主体的经办人可以办理")


def _kinds(actor, organisation) -> list[str]:
    """The kinds of actor `actor` is for this organisation's lifecycles (none, one or both)."""
    return [k for k, ok in ((REVIEWER, can_review), (PARTY, acts_for)) if ok(actor, organisation)]


def registration_actions_for(actor, organisation) -> list[Transition]:
    """The registration transitions `actor` may take now (what the page offers)."""
    return actions_from(organisation.status, _kinds(actor, organisation))


def filing_actions_for(actor, filing) -> list[Transition]:
    """The change-filing transitions `actor` may take now (what the page offers)."""
    return filing_actions_from(filing.status, _kinds(actor, filing.organisation))


def is_registration_reviewer(actor) -> bool:
    """Reviews registrations somewhere (the reviewer's queues rather than a party's own lists)."""
    return actor_has_role(actor, *REGISTRATION_REVIEWER_ROLES)
