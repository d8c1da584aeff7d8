"""Roles bound to regions, and 三员分立: one account never holds two of the three administrator
roles."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.permissions import actor_can, actor_regions, region_q
from innovoucher.accounts.roles import PLATFORM_REGION, SEPARATED_ADMIN_ROLES, Role
from innovoucher.accounts.services import (
    assign_role,
    check_new_account,
    role_grant,
    role_removal_confirm,
    role_removal_request,
    role_revoke,
    user_create,
)
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from testsupport import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("person", password="Some-Password-1")


@pytest.fixture
def secadmin():
    return make_user("secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)


@pytest.mark.parametrize("first", sorted(SEPARATED_ADMIN_ROLES))
@pytest.mark.parametrize("second", sorted(SEPARATED_ADMIN_ROLES))
def test_no_account_holds_two_administrator_roles(user, secadmin, first, second):
    role_grant(actor=secadmin, user=user, role=first, region_code=PLATFORM_REGION)
    if first == second:
        role_grant(
            actor=secadmin, user=user, role=second, region_code=PLATFORM_REGION
        )  # idempotent re-grant
    else:
        with pytest.raises(Conflict) as exc:
            role_grant(actor=secadmin, user=user, role=second, region_code=PLATFORM_REGION)
        assert "三员分立" in exc.value.message
    assert RoleAssignment.objects.filter(user=user, active=True).count() == 1


def test_the_database_refuses_a_second_administrator_role_too(user):
    RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, region_code=PLATFORM_REGION)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.AUDIT_ADMIN, region_code=PLATFORM_REGION)
    # A revoked administrator role no longer blocks another one.
    RoleAssignment.objects.filter(user=user).update(active=False)
    RoleAssignment.objects.create(user=user, role=Role.AUDIT_ADMIN, region_code=PLATFORM_REGION)


def test_revoked_role_frees_the_account(user, secadmin):
    assignment = role_grant(
        actor=secadmin, user=user, role=Role.SYSTEM_ADMIN, region_code=PLATFORM_REGION
    )
    # Another administrator's role: one asks, a second administrator confirms (two-person rule).
    removal = role_removal_request(actor=secadmin, assignment=assignment, reason="岗位调整")
    second = make_user("second-admin", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    role_removal_confirm(actor=second, removal=removal)
    with pytest.raises(Conflict):
        role_revoke(actor=secadmin, assignment=assignment)
    assert role_grant(
        actor=secadmin, user=user, role=Role.AUDIT_ADMIN, region_code=PLATFORM_REGION
    ).active
    assert AuditEvent.objects.filter(action="accounts.role.revoke").count() == 1


def test_only_the_security_administrator_grants_roles(user, secadmin):
    sysadmin = get_user_model().objects.create_user("sysadmin", password="Some-Password-1")
    assign_role(actor=None, user=sysadmin, role=Role.SYSTEM_ADMIN, region_code=PLATFORM_REGION)
    with pytest.raises(PermissionDenied):
        role_grant(actor=sysadmin, user=user, role=Role.COUNTY_REVIEWER, region_code="330602")
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=secadmin, user=secadmin, role=Role.AUDIT_ADMIN, region_code=PLATFORM_REGION
        )
    with pytest.raises(PermissionDenied):
        user_create(actor=secadmin, username="x1", password="Some-Password-1", display_name="x")
    assert (
        user_create(
            actor=sysadmin, username="x1", password="Some-Password-1", display_name="x"
        ).username
        == "x1"
    )


@pytest.mark.parametrize(
    "role,region,fragment",
    [
        (Role.COUNTY_REVIEWER, "330600", "区县级"),
        (Role.CITY_REVIEWER, "330602", "市级"),
        (Role.PROVINCE_REVIEWER, "330600", "省（区）级"),
        (Role.SYSTEM_ADMIN, "330000", "全平台角色"),
        (Role.APPLICANT, "330602", "必须绑定所属机构"),
        (Role.COUNTY_REVIEWER, "33060", "6位数字"),
        ("nobody", "330602", "未知的角色"),
    ],
)
def test_roles_are_bound_to_a_region_of_the_right_level(user, secadmin, role, region, fragment):
    with pytest.raises(ValidationFailed) as exc:
        role_grant(actor=secadmin, user=user, role=role, region_code=region)
    assert fragment in exc.value.message


def test_region_containment(user, secadmin):
    role_grant(actor=secadmin, user=user, role=Role.CITY_REVIEWER, region_code="330600")
    assert actor_regions(user) == ["330600"]
    assert actor_can(user, Role.CITY_REVIEWER, "330602") and actor_can(
        user, Role.CITY_REVIEWER, "330600"
    )
    assert not actor_can(user, Role.CITY_REVIEWER, "330700") and not actor_can(
        user, Role.COUNTY_REVIEWER, "330602"
    )
    assert actor_can(secadmin, Role.SECURITY_ADMIN, "650102")  # platform-wide
    in_city = RoleAssignment.objects.filter(region_q(["330600"]))
    assert [a.user for a in in_city] == [user]
    assert RoleAssignment.objects.filter(region_q([PLATFORM_REGION])).count() == 2
    assert not RoleAssignment.objects.filter(region_q([])).exists()


def test_password_rules_speak_chinese(secadmin):

    with pytest.raises(ValidationFailed) as exc:
        check_new_account(username="newbie", password="12345678", display_name="新用户")
    assert exc.value.message.startswith("密码不符合要求：")
    assert "password" in exc.value.details["fields"]
