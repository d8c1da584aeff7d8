"""Who may see and act on orders and standard contracts.

- The client's people (and the incubator hosting a team) place, cancel and settle its orders,
  fill and submit its contracts, and rate the provider.
- The provider's staff accept, deliver or decline orders placed with it.
- The contract reviewer is the official the pinned policy names for it (`process.contract_review`;
  Ningxia: the platform's professional agency, 审核并生成创新券), else the review chain's first
  step.
- Officials who read the registry of a region (reviewers, operator, auditor) see the orders and
  contracts of clients in that region.
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import actor_can, actor_organisation_ids, scope_q
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRY_READER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import actions_from
from innovoucher.orders.policy import contract_review, contract_version
from innovoucher.orders.states import (
    CLIENT,
    CONTRACT_TRANSITIONS,
    EDITABLE,
    ORDER_TRANSITIONS,
    PROVIDER,
    REVIEWER,
    ContractStatus,
)
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
    """The role of the contract review step (`process.contract_review`, else the first level of
    the pinned version's review chain)."""
    step, _ = contract_review(version)
    return LEVEL_ROLES.get(step.get("level")) if step else None


def can_review_contract(actor, contract, version) -> bool:
    role = reviewer_role(version)
    return role is not None and actor_can(actor, role, contract.region_code)


def review_q(actor, role: Role) -> Q:
    return scope_q(actor, (role,))


def require_client(actor, order, message: str = "只有委托方的经办人可以办理") -> None:
    if not is_client(actor, order):
        raise PermissionDenied(message)


def require_contract_reviewer(actor, contract, version=None) -> None:
    version = version if version is not None else contract_version(contract).version
    if not can_review_contract(actor, contract, version):
        raise PermissionDenied("只有政策规定的审核部门（委托方所在地区）可以审核该合同")


def authorize_order(actor, order, transition) -> None:
    """The order lifecycle's hook: the client's people act as client, the provider's as provider."""
    if transition.by == CLIENT:
        require_client(actor, order)
    elif transition.by == PROVIDER and not is_provider(actor, order):
        raise PermissionDenied("只有服务机构的经办人可以办理")


def authorize_contract(actor, contract, transition) -> None:
    """The contract lifecycle's hook: the client submits; the reviewer the pinned policy names
    first, in the client's region, decides."""
    if transition.by == CLIENT:
        require_client(actor, contract.order, "只有委托方的经办人可以填写服务合同")
    elif transition.by == REVIEWER:
        require_contract_reviewer(actor, contract)


def order_actions(actor, order) -> list:
    """The order transitions open to `actor` now (as client, as provider, or both)."""
    kinds = {CLIENT} if is_client(actor, order) else set()
    if is_provider(actor, order):
        kinds.add(PROVIDER)
    return actions_from(ORDER_TRANSITIONS, order.status, kinds)


def contract_decisions(actor, contract, version) -> list:
    """The reviewer's transitions open to `actor` on a submitted contract (none for others)."""
    if not can_review_contract(actor, contract, version):
        return []
    return actions_from(CONTRACT_TRANSITIONS, contract.status, REVIEWER)


def can_edit_contract(actor, contract) -> bool:
    return contract.status in EDITABLE and is_client(actor, contract.order)


def can_upload_signed(actor, contract) -> bool:
    order = contract.order
    return contract.status != ContractStatus.REJECTED and (
        is_client(actor, order) or is_provider(actor, order)
    )
