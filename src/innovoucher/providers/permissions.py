"""Who may act on provider records; the `authorize_*` functions are the `authorize` hooks of the
provider lifecycles (`core.lifecycle.Lifecycle`), region-scoped."""

from __future__ import annotations

from innovoucher.accounts.permissions import actor_can
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import Transition
from innovoucher.policies import selectors as policy_selectors
from innovoucher.providers.states import (
    COUNTY,
    EITHER_SIDE,
    OFFICIAL,
    PROVIDER,
    PROVIDER_SIDE,
    REVIEWER,
)
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


def recognition_policy_region(recognition) -> str:
    """The region of the policy a recognition is filed for (its officials decide it)."""
    return policy_selectors.policy_family_get(slug=recognition.family_slug).region_code


def require_provider_staff(actor, org: Organisation) -> None:
    """`actor` acts for `org`, an approved provider."""
    if not acts_for(actor, org):
        raise PermissionDenied("只有该服务机构的经办人可以办理")
    if not is_provider(org):
        raise PermissionDenied("该主体不是服务机构")
    if org.status != RegistrationStatus.APPROVED:
        raise PermissionDenied("服务机构的主体登记通过审核后才能办理")


def authorize_admission(actor, admission, transition: Transition) -> None:
    """Initial review by the provider's county; the later steps by a reviewer of its region (the
    policy's region for a recognised out-of-region provider). System rows need no person."""
    if transition.by == COUNTY and not can_initial_review_admission(actor, admission):
        raise PermissionDenied("只有服务机构所在区县的科技管理部门可以初审")
    if transition.by == REVIEWER and not can_review_admission(actor, admission):
        raise PermissionDenied("只有服务机构所在地区的科技管理部门可以办理")


def authorize_recognition(actor, recognition, transition: Transition) -> None:
    """Officials of the policy's region decide; the provider's staff withdraw."""
    if transition.by == OFFICIAL and not can_confirm_recognition(
        actor, recognition_policy_region(recognition)
    ):
        raise PermissionDenied("只有政策所在地区的科技管理部门或平台运营机构可以确认区外认定")
    if transition.by == PROVIDER:
        require_provider_staff(actor, recognition.organisation)


def booking_provider_side(actor, booking) -> bool:
    """The actor acts for the instrument's provider (not only for the booking organisation)."""
    return acts_for(actor, booking.instrument.provider)


def authorize_booking(actor, booking, transition: Transition) -> None:
    """The provider's staff confirm and complete; either side may cancel."""
    if transition.by == PROVIDER_SIDE:
        require_provider_staff(actor, booking.instrument.provider)
    elif transition.by == EITHER_SIDE and not (
        booking_provider_side(actor, booking) or acts_for(actor, booking.organisation)
    ):
        raise PermissionDenied("只有服务机构或预约单位的经办人可以取消预约")
