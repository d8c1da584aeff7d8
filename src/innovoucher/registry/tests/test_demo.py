"""The demo step: officials at every level, 20+ approved enterprises with valid codes, related
cases; idempotent."""

import pytest
from django.contrib.auth import get_user_model
from stdnum.cn import uscc

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core.demo import DEMO_STEPS as CORE_STEPS
from innovoucher.core.models import AuditEvent
from innovoucher.core.steps import Progress
from innovoucher.registry.demo import DEMO_STEPS, SEEDS, make_uscc, organisation_code
from innovoucher.registry.models import Organisation, OrganisationKind, RegistrationChange
from innovoucher.registry.relations import controller_group_key, related
from innovoucher.registry.states import RegistrationStatus

pytestmark = pytest.mark.django_db


def test_generated_codes_are_valid():
    assert (
        organisation_code(60003734) == "600037341"
    )  # the organisation code inside 91110000600037341L
    for serial in range(1, 200, 7):
        assert uscc.is_valid(make_uscc("330602", serial))


def run():
    for steps in (CORE_STEPS, DEMO_STEPS):
        for _, _, fn in steps:
            fn(Progress())


def test_demo_registers_and_reviews_through_the_services():
    run()
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    assert enterprises.filter(status=RegistrationStatus.APPROVED).count() >= 20
    assert all(uscc.is_valid(o.uscc) for o in enterprises)
    # Approved through the review service: each approval has its status-change row and audit event.
    approvals = RegistrationChange.objects.filter(
        action="approve", organisation__kind=OrganisationKind.ENTERPRISE
    )
    assert approvals.count() == enterprises.filter(status=RegistrationStatus.APPROVED).count()
    assert (
        AuditEvent.objects.filter(action="registry.registration.approve").count()
        == approvals.count()
    )
    for seed in SEEDS:
        for level, role in (
            ("province", Role.PROVINCE_REVIEWER),
            ("city", Role.CITY_REVIEWER),
            ("county", Role.COUNTY_REVIEWER),
        ):
            assignment = RoleAssignment.objects.get(user__username=f"{seed.slug}-{level}")
            assert assignment.role == role and assignment.organisation.is_official
    for username, role in (
        ("sysadmin", Role.SYSTEM_ADMIN),
        ("secadmin", Role.SECURITY_ADMIN),
        ("auditadmin", Role.AUDIT_ADMIN),
    ):
        assert list(
            RoleAssignment.objects.filter(user__username=username).values_list("role", flat=True)
        ) == [role]

    def ent(slug, n):
        return RoleAssignment.objects.get(user__username=f"{slug}-ent{n}").organisation

    assert related(ent("shaoxing", 1), ent("shaoxing", 2)).kind == "same_controller"
    assert (
        related(ent("liaocheng", 1), ent("liaocheng", 2)).kind == "same_controller"
    )  # 60 % holding
    assert related(ent("ningxia", 1), ent("ningxia", 2)).kind == "shared_legal_rep"
    assert related(ent("urumqi", 1), ent("urumqi", 3)).kind == "affiliation"
    assert controller_group_key(ent("shanxi", 1)) == controller_group_key(ent("shanxi", 2))
    assert ent("shaoxing", 5).status == RegistrationStatus.RETURNED
    assert all(ent(seed.slug, 6).status == RegistrationStatus.SUBMITTED for seed in SEEDS)

    counts = (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        AuditEvent.objects.count(),
    )
    run()
    assert (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        AuditEvent.objects.count(),
    ) == counts
