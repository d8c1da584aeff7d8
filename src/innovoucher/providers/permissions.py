"""Who may act on provider records."""

from __future__ import annotations

from innovoucher.accounts.permissions import actor_can
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.registry.permissions import acts_for
from innovoucher.registry.states import RegistrationStatus

REVIEWERS = tuple(sorted(REVIEWER_ROLES))


def is_provider(org: Organisation) -> bool:
    return org.kind == OrganisationKind.PROVIDER or (
        org.kind == OrganisationKind.INCUBATOR and bool(org.provider_kind)
    )


def can_review(actor, org: Organisation) -> bool:
    return actor_can(actor, REVIEWERS, org.region_code)


def can_initial_review(actor, org: Organisation) -> bool:
    return actor_can(actor, Role.COUNTY_REVIEWER, org.region_code)


def admission_region(admission) -> str:
    """The region whose officials review an admission: the provider's, or the policy's for an
    out-of-region provider admitted on a recognition."""
    return admission.review_region_code or admission.organisation.region_code


def can_review_admission(actor, admission) -> bool:
    return actor_can(actor, REVIEWERS, admission_region(admission))


def can_initial_review_admission(actor, admission) -> bool:
    """The county bureau of the provider; for a recognised out-of-region provider (no county of
    the policy's region is its own) any reviewer of the policy's region."""
    if admission.review_region_code:
        return actor_can(actor, REVIEWERS, admission.review_region_code)
    return can_initial_review(actor, admission.organisation)


# Officials who confirm an out-of-region recognition: the province / city bureau or the platform
# operator whose region contains the policy's region.
RECOGNITION_OFFICIALS = (Role.PROVINCE_REVIEWER, Role.CITY_REVIEWER, Role.OPERATOR)


def can_confirm_recognition(actor, policy_region: str) -> bool:
    return actor_can(actor, RECOGNITION_OFFICIALS, policy_region)


def require_provider_staff(actor, org: Organisation) -> None:
    """`actor` acts for `org`, an approved provider."""
    if not acts_for(actor, org):
        raise PermissionDenied("只有该服务机构的经办人可以办理")
    if not is_provider(org):
        raise PermissionDenied("该主体不是服务机构")
    if org.status != RegistrationStatus.APPROVED:
        raise PermissionDenied("服务机构的主体登记通过审核后才能办理")
