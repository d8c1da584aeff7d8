"""Demo step of supervision: where a seed policy asks for a credit commitment (信用承诺, Shaoxing
四（三）), the demo firms and providers of its region sign it through the service before the
year of journeys (step 70) applies — as each would on its 信用承诺 page."""

from __future__ import annotations

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PARTY_ROLES
from innovoucher.core import clock
from innovoucher.policies.models import PolicyFamily
from innovoucher.regions.domain import region_prefix
from innovoucher.registry.models import OFFICIAL_KINDS, Organisation
from innovoucher.registry.states import RegistrationStatus
from innovoucher.supervision import selectors
from innovoucher.supervision.services.commitments import commitment_ensure


def _commitments(progress) -> None:
    families = [
        f for f in PolicyFamily.objects.all() if selectors.commitment_rule(f.slug, clock.today())
    ]
    progress.total(len(families) or 1)
    for family in families:
        parties = Organisation.objects.filter(
            region_code__startswith=region_prefix(family.region_code),
            status=RegistrationStatus.APPROVED,
        ).exclude(kind__in=list(OFFICIAL_KINDS))
        for org in parties:
            staff = (
                RoleAssignment.objects.filter(
                    organisation=org, role__in=list(PARTY_ROLES), active=True
                )
                .select_related("user")
                .first()
            )
            if staff is not None:
                commitment_ensure(actor=staff.user, organisation=org, family=family.slug)
        progress.advance()
    if not families:
        progress.advance()


DEMO_STEPS = [(65, "信用承诺：要求承诺制的政策下企业与服务机构签署", _commitments)]
