"""One account per role in Shanxi (a province-level policy that publishes redemption calls; the
world of testsupport plus the roles it lacks)."""

from __future__ import annotations

from innovoucher.accounts.roles import Role
from innovoucher.registry.models import OrganisationKind
from testsupport import make_user
from testsupport.world import build_world, register_party


def role_people(prefix: str = "nav", family: str = "shanxi") -> dict:
    world = build_world(family)
    county = world.officials["county"]
    _, incubator = register_party(
        world.county, kind=OrganisationKind.INCUBATOR, reviewer=county, username=f"{prefix}-inc"
    )
    finance = next(iter(world.finance.values()))
    # The system administrator's account is a Django staff account (the admin, calendar import).
    world.sysadmin.is_staff = True
    world.sysadmin.save(update_fields=["is_staff"])
    return {
        Role.APPLICANT: world.applicant_user,
        Role.INCUBATOR_AGENT: incubator,
        Role.PROVIDER_STAFF: world.provider_user,
        Role.COUNTY_REVIEWER: county,
        Role.CITY_REVIEWER: world.officials["city"],
        Role.PROVINCE_REVIEWER: world.officials["province"],
        Role.FINANCE_OFFICER: finance,
        Role.OPERATOR: world.officials["agency"],
        Role.EXPERT: world.officials["expert"],
        Role.AUDITOR: make_user(f"{prefix}-auditor", Role.AUDITOR, world.province),
        Role.SYSTEM_ADMIN: world.sysadmin,
        Role.SECURITY_ADMIN: make_user(f"{prefix}-secadmin", Role.SECURITY_ADMIN),
        Role.AUDIT_ADMIN: make_user(f"{prefix}-auditadmin", Role.AUDIT_ADMIN),
    }
