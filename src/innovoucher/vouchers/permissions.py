"""Who may see and act on vouchers.

- The holder's people (and the incubator hosting a team) see and return its vouchers.
- Officials who read the registry of a region (county / city / province reviewers, the platform
  operator, auditors) see the vouchers of holders in that region; reviewers and the operator may
  revoke them and run the yearly issuing of their policy.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import (
    actor_can,
    actor_has_role,
    actor_organisation_ids,
    scope_q,
)
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.registry.models import OrganisationKind
from innovoucher.registry.permissions import acts_for
from innovoucher.vouchers.states import HOLDER, OFFICIAL, TRANSITIONS

# Organisations that hold vouchers (buyers of services).
HOLDER_KINDS = (
    OrganisationKind.ENTERPRISE,
    OrganisationKind.TEAM,
    OrganisationKind.INDIVIDUAL,
    OrganisationKind.ORGANISATION,
)
OFFICIAL_READERS = REGISTRY_READER_ROLES
REVOKER_ROLES = (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.OPERATOR)
ISSUER_ROLES = REVOKER_ROLES


def visible_q(actor) -> Q:
    """Vouchers `actor` may read."""
    q = scope_q(actor, OFFICIAL_READERS)
    own = actor_organisation_ids(actor, *PARTY_ROLES)
    if own:
        q |= Q(holder_id__in=own)
    hosts = actor_organisation_ids(actor, Role.INCUBATOR_AGENT)
    if hosts:
        q |= Q(holder__host_incubator_id__in=hosts)
    return q


def is_official(actor) -> bool:
    return actor_has_role(actor, *OFFICIAL_READERS)


def can_return(actor, voucher) -> bool:
    return acts_for(actor, voucher.holder)


def can_revoke(actor, voucher) -> bool:
    return actor_can(actor, REVOKER_ROLES, voucher.region_code)


def can_issue(actor, family_region: str) -> bool:
    return actor_can(actor, ISSUER_ROLES, family_region)


def authorize_voucher(actor, voucher, transition) -> None:
    """The voucher lifecycle's hook: the holder's people return it; an official of the holder's
    region (or the operator) revokes it; `system` moves are the services' own."""
    if transition.by == HOLDER and not can_return(actor, voucher):
        raise PermissionDenied("只有持券主体的经办人可以退券")
    if transition.by == OFFICIAL and not can_revoke(actor, voucher):
        raise PermissionDenied("只有持券主体所在地区的科技管理部门或平台运营机构可以收回创新券")


def may_return(actor, voucher) -> bool:
    """The page offers 退券: the holder's people, from a status `return` starts from."""
    return voucher.status in TRANSITIONS["return"].sources and can_return(actor, voucher)


def may_revoke(actor, voucher) -> bool:
    """The page offers 收回: an official of the region, from a status `revoke` starts from."""
    return voucher.status in TRANSITIONS["revoke"].sources and can_revoke(actor, voucher)
