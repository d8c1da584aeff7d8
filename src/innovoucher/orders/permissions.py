"""Who may see and act on orders and standard contracts.

- The client's people (and the incubator hosting a team) place, cancel and settle its orders,
  fill and submit its contracts, and rate the provider.
- The provider's staff accept, deliver or decline orders placed with it.
- The contract reviewer is the official the pinned policy's review chain names first
  (`process.review_chain[0]`; Ningxia: the county bureau of the client's region).
- Officials who read the registry of a region (reviewers, operator, auditor) see the orders and
  contracts of clients in that region.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import actor_can, actor_organisation_ids, scope_q
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES, Role
from innovoucher.registry.permissions import acts_for

OFFICIAL_READERS = REGISTRY_READER_ROLES
# The review chain's level → the role that acts at it.
LEVEL_ROLES = {
    "county": Role.COUNTY_REVIEWER,
    "city": Role.CITY_REVIEWER,
    "province": Role.PROVINCE_REVIEWER,
    "agency": Role.OPERATOR,
    "expert": Role.EXPERT,
    "meeting": Role.CITY_REVIEWER,
    "finance": Role.FINANCE_OFFICER,
}


def visible_q(actor, prefix: str = "") -> Q:
    """Orders (`prefix=""`) or rows of an order (`prefix="order__"`) that `actor` may read."""
    q = scope_q(actor, OFFICIAL_READERS, field=f"{prefix}region_code")
    own = actor_organisation_ids(actor, *PARTY_ROLES)
    if own:
        q |= Q(**{f"{prefix}client_id__in": own}) | Q(**{f"{prefix}provider_id__in": own})
    hosts = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    if hosts:
        q |= Q(**{f"{prefix}client__host_incubator_id__in": hosts})
    return q


def is_client(actor, order) -> bool:
    return acts_for(actor, order.client)


def is_provider(actor, order) -> bool:
    return acts_for(actor, order.provider)


def reviewer_role(version) -> Role | None:
    """The role of the first level of the pinned version's review chain."""
    chain = version.process.get("review_chain")
    return LEVEL_ROLES.get(chain.value[0]["level"]) if chain and chain.value else None


def can_review_contract(actor, contract, version) -> bool:
    role = reviewer_role(version)
    return role is not None and actor_can(actor, role, contract.region_code)


def review_q(actor, role: Role) -> Q:
    return scope_q(actor, (role,))
