"""Who may do what with a redemption application.

- The parties: people acting for the service user (its own staff, or — for a team — the agent of
  the incubator hosting it) and the provider's staff. Both read applications about their service;
  only the claimant side acts as claimant; only the provider's staff confirm.
- Officials read the applications of their regions (reviewers, operator, finance, auditor); an
  expert reads those with an expert step in their region.
- A review step is acted on only by a person holding the step's role in a region containing the
  step's region (the county reviewer of that county, the city reviewer of that city, …).
"""

from __future__ import annotations

from django.db.models import Q

from innovoucher.accounts.permissions import (
    actor_can,
    actor_organisation_ids,
    actor_regions,
    region_q,
    require,
    scope_q,
)
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.redemptions import domain
from innovoucher.redemptions.codes import Code
from innovoucher.registry.models import OrganisationKind

READER_ROLES = (
    Role.COUNTY_REVIEWER,
    Role.CITY_REVIEWER,
    Role.PROVINCE_REVIEWER,
    Role.OPERATOR,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
)
OWN_ROLES = (Role.APPLICANT, Role.PROVIDER_STAFF)
# Who recovers money, manages publicity lists and decides objections: the reviewers of the region.
OFFICIAL_ROLES = tuple(REVIEWER_ROLES)


def own_organisation_ids(actor) -> list[int]:
    return actor_organisation_ids(actor, *OWN_ROLES)


def incubator_ids(actor) -> list[int]:
    return actor_organisation_ids(actor, Role.INCUBATOR_AGENT)


def acts_for_client(actor, client) -> bool:
    """Acts for the service user: its own staff, or for a team the agent of its host incubator."""
    if client.kind == OrganisationKind.TEAM:
        return bool(client.host_incubator_id) and client.host_incubator_id in incubator_ids(actor)
    return client.pk in actor_organisation_ids(actor, Role.APPLICANT, Role.INCUBATOR_AGENT)


def acts_for_provider(actor, provider) -> bool:
    return provider.pk in actor_organisation_ids(actor, Role.PROVIDER_STAFF)


def sides(actor, *, client, provider) -> set[str]:
    found = set()
    if acts_for_client(actor, client):
        found.add(domain.APPLICANT)
    if acts_for_provider(actor, provider):
        found.add(domain.PROVIDER)
    return found


def is_party(actor, redemption) -> bool:
    return bool(sides(actor, client=redemption.applicant, provider=redemption.provider))


def is_claimant(actor, redemption) -> bool:
    return redemption.claimant_kind in sides(
        actor, client=redemption.applicant, provider=redemption.provider
    )


def require_claimant(actor, redemption) -> None:
    if not is_claimant(actor, redemption):
        who = domain.CLAIMANT_LABELS[redemption.claimant_kind]
        raise PermissionDenied(f"只有提交该申请的{who}经办人可以办理", code=Code.NOT_CLAIMANT)


def require_provider(actor, redemption) -> None:
    if not acts_for_provider(actor, redemption.provider):
        raise PermissionDenied("只有该服务机构的经办人可以确认", code=Code.NOT_PROVIDER)


def can_act_on_step(actor, step, policy_region: str) -> bool:
    role = domain.step_role(step.level, policy_region)
    return actor_can(actor, Role(role), step.region_code)


def require_step(actor, step, policy_region: str) -> None:
    if not can_act_on_step(actor, step, policy_region):
        raise PermissionDenied(
            f"该申请当前由“{step.get_level_display()}”（{step.region_code}）"
            f"办理“{step.action_label}”，您无权办理",
            code=Code.NOT_STEP_REVIEWER,
        )


def require_official(actor, region_code: str) -> None:
    """A reviewer of `region_code` (or of a region containing it)."""
    require(actor, OFFICIAL_ROLES, region_code)


def party_q(actor, prefix: str = "") -> Q:
    """Redemptions about a service of an organisation the actor acts for."""
    own = own_organisation_ids(actor)
    hosts = incubator_ids(actor)
    q = Q(pk__in=[])
    if own:
        q |= Q(**{f"{prefix}applicant_id__in": own}) | Q(**{f"{prefix}provider_id__in": own})
    if hosts:
        q |= Q(**{f"{prefix}applicant__host_incubator_id__in": hosts}) | Q(
            **{f"{prefix}applicant_id__in": hosts}
        )
        q |= Q(**{f"{prefix}submitted_via_id__in": hosts})
    return q


def official_q(actor, prefix: str = "") -> Q:
    q = scope_q(actor, READER_ROLES, field=f"{prefix}region_code")
    experts = actor_regions(actor, Role.EXPERT)
    if experts:
        q |= Q(**{f"{prefix}steps__level": "expert"}) & region_q(
            experts, field=f"{prefix}steps__region_code"
        )
    return q


def readable_q(actor, prefix: str = "") -> Q:
    return party_q(actor, prefix) | official_q(actor, prefix)


def pending_step_q(actor) -> Q:
    """Pending review steps the actor may act on (ReviewStep rows)."""
    q = Q(pk__in=[])
    for level, role in domain.LEVEL_ROLE.items():
        regions = actor_regions(actor, Role(role))
        if regions:
            q |= Q(level=level) & region_q(regions)
    for region_level, role in domain.ROLE_OF_REGION_LEVEL.items():
        regions = actor_regions(actor, Role(role))
        if regions:
            # a meeting of the policy region's body: its region code has that body's level
            q |= Q(level="meeting") & region_q(regions) & _level_q(region_level)
    return q


def _level_q(level: str) -> Q:
    if level == "province":
        return Q(region_code__endswith="0000")
    if level == "city":
        return Q(region_code__endswith="00") & ~Q(region_code__endswith="0000")
    return ~Q(region_code__endswith="00")


def call_role(policy_region: str) -> Role:
    """Calls are published by the reviewer body of the policy's own level."""
    return Role(domain.ROLE_OF_REGION_LEVEL[domain.region_level(policy_region)])


def require_call_publisher(actor, policy_region: str) -> None:
    role = call_role(policy_region)
    if not actor_can(actor, role, policy_region):
        raise PermissionDenied(
            f"兑付通知由政策所在地区（{policy_region}）的{role.label}发布，您无权发布",
            code=Code.NOT_CALL_PUBLISHER,
        )
