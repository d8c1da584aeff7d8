"""Roles bound to regions, and 三员分立: one account never holds two of the three administrator
roles."""

import re

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
from innovoucher.regions.services import region_table_load
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
        (Role.COUNTY_REVIEWER, "33060", "请选择授权地区"),
        (Role.COUNTY_REVIEWER, "339999", "不在国家标准（GB/T 2260）"),
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


def _grant(client, username, role, province="", city="", county=""):
    """The grant form as the page posts it: the region from the picker's three lists."""
    return client.post(
        "/accounts/roles/",
        {
            "username": username,
            "role": role,
            "region_code__province": province,
            "region_code__city": city,
            "region_code": county,
            "organisation_id": "",
        },
    )


def test_the_grant_form_picks_the_region_or_the_whole_platform(client, user, secadmin):
    """授权地区 is the GB/T 2260 picker with 全国（平台） first (the national 100000 of the
    three administrators); no typed code. A picked region is granted; a division outside the
    table, of the wrong level or not 全国 for an administrator is a message at the field (422)
    with the typed user name kept."""
    region_table_load()
    client.force_login(secadmin)
    page = client.get("/accounts/roles/").content.decode()
    assert 'name="region_code__province"' in page and 'for="id_region_code__province"' in page
    assert f'<option value="{PLATFORM_REGION}">全国（平台）</option>' in page
    assert '"national": "1"' in page  # the htmx refresh keeps 全国 in the list
    assert 'lang="zh-Hans">浙江省</option>' in page and "三员" in page  # the help says which
    assert not re.search(r'<input[^>]*name="region_code"', page)
    county = _grant(client, "person", Role.COUNTY_REVIEWER, "330000", "330600", "330602")
    assert county.status_code == 302
    assert RoleAssignment.objects.filter(
        user=user, role=Role.COUNTY_REVIEWER, region_code="330602"
    ).exists()
    for province, city, message in (
        ("330000", "339900", "不在国家标准（GB/T 2260）行政区划中"),
        ("330000", "330600", "应授权到区县级地区"),
        ("", "", "请选择授权地区"),
    ):
        refused = _grant(client, "person", Role.COUNTY_REVIEWER, province, city)
        html = refused.content.decode()
        assert refused.status_code == 422 and message in html, message
        assert 'value="person"' in html
        assert re.search(r'<ul class="errorlist">\s*<li>[^<]*' + re.escape(message), html)
    other = get_user_model().objects.create_user("other-admin", password="Some-Password-1")
    html = _grant(client, "other-admin", Role.AUDIT_ADMIN, "330000").content.decode()
    assert "授权地区应选“全国（平台）”" in html
    platform = _grant(client, "other-admin", Role.AUDIT_ADMIN, PLATFORM_REGION, "330600")
    assert platform.status_code == 302  # a stale city under 全国 is dropped
    assert RoleAssignment.objects.get(user=other).region_code == PLATFORM_REGION
    # the htmx fragment keeps 全国 chosen and lists nothing below it
    fragment = client.get(
        "/regions/picker/",
        {"field": "region_code", "national": "1", "region_code__province": PLATFORM_REGION},
    ).content.decode()
    assert f'<option value="{PLATFORM_REGION}" selected>全国（平台）</option>' in fragment
    assert 'value="330600"' not in fragment
    plain = client.get("/regions/picker/", {"field": "region_code"}).content.decode()
    assert "全国（平台）" not in plain
