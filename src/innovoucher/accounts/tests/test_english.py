"""Sign-in and account pages in English (issue 15): the login page with an error, the TOTP
enrolment and verification steps (re-rendered with a wrong code), recovery codes, account
security (with and without an authenticator), the password form with errors, and the security
administrator's role pages with an active, a revoked and a pending-removal grant. Display names
and reasons typed in Chinese stay Chinese inside lang="zh-Hans"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.accounts.services import role_removal_request, role_revoke
from testsupport import PASSWORD, make_user
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.otp import totp_code, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _check(problems, label, response):
    assert response.status_code < 500, label
    if found := untranslated(response.content.decode()):
        problems[label] = found


def test_sign_in_and_account_pages_in_english(client, otp_enforced):
    reviewer = make_user("en-reviewer", Role.COUNTY_REVIEWER, "330602")
    reviewer.display_name = "张审核"
    reviewer.save()
    switch_to_english(client)
    problems = english_problems(client, ["/accounts/login/"])
    _check(
        problems,
        "POST login (wrong password)",
        client.post("/accounts/login/", {"username": "en-reviewer", "password": "wrong"}),
    )
    # The reviewer must enrol an authenticator first: the enrolment page, then a wrong code.
    client.post("/accounts/login/", {"username": "en-reviewer", "password": PASSWORD})
    problems.update(english_problems(client, ["/accounts/otp/enrol/"]))
    _check(problems, "POST enrol", client.post("/accounts/otp/enrol/", {"token": "000000"}))
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    device.throttle_reset()  # the wrong code above started django-otp's back-off
    enrolled = client.post("/accounts/otp/enrol/", {"token": totp_code(device.key)})
    assert "otp-secret" not in enrolled.content.decode()
    _check(problems, "POST enrol (recovery codes)", enrolled)
    # Enrolled, signed in again: the verification step, with a wrong code.
    client.post("/accounts/logout/")
    switch_to_english(client)
    client.post("/accounts/login/", {"username": "en-reviewer", "password": PASSWORD})
    problems.update(english_problems(client, ["/accounts/otp/"]))
    _check(problems, "POST otp", client.post("/accounts/otp/", {"token": "000000"}))
    # Verified: account security, new recovery codes, the password form with errors.
    verified = verified_login(Client(), reviewer)
    switch_to_english(verified)
    problems.update(
        {
            f"verified {u}": p
            for u, p in english_problems(
                verified, ["/accounts/security/", "/accounts/password/"]
            ).items()
        }
    )
    _check(problems, "POST recovery codes", verified.post("/accounts/security/recovery-codes/"))
    _check(
        problems,
        "POST password",
        verified.post(
            "/accounts/password/",
            {"old_password": "nope", "new_password1": "short", "new_password2": "other"},
        ),
    )
    _check(
        problems,
        "POST password (wrong old)",
        verified.post(
            "/accounts/password/",
            {
                "old_password": "nope",
                "new_password1": "Abcdef12345!",
                "new_password2": "Abcdef12345!",
            },
        ),
    )
    assert not problems, problems


def test_role_pages_in_english(client):
    secadmin = make_user("en-secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)
    secadmin.display_name = "安全管理员甲"
    secadmin.save()
    make_user("en-sysadmin", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    auditor = make_user("en-auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    revoked = make_user("en-revoked", Role.COUNTY_REVIEWER, "330602")
    role_revoke(actor=secadmin, assignment=RoleAssignment.objects.get(user=revoked))
    removal_target = RoleAssignment.objects.get(user=auditor)
    role_removal_request(actor=secadmin, assignment=removal_target, reason="岗位调整")
    client.force_login(secadmin)
    assert "角色授权管理" in client.get("/accounts/roles/").content.decode()
    switch_to_english(client)
    problems = english_problems(
        client,
        ["/accounts/roles/", "/accounts/roles/removals/", "/accounts/roles/?q=en-"],
    )
    _check(
        problems,
        "POST grant (bad)",
        client.post("/accounts/roles/", {"username": "nobody", "role": "county_reviewer"}),
    )
    _check(
        problems,
        "POST grant (ok)",
        client.post(
            "/accounts/roles/",
            {
                "username": "en-revoked",
                "role": "county_reviewer",
                "region_code__province": "330000",
                "region_code__city": "330600",
                "region_code": "330602",
            },
            follow=True,
        ),
    )
    other = make_user("en-sysadmin2", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    sysadmin_grant = RoleAssignment.objects.get(user=other)
    problems.update(english_problems(client, [f"/accounts/roles/{sysadmin_grant.pk}/removal/"]))
    _check(
        problems,
        "POST removal (empty)",
        client.post(f"/accounts/roles/{sysadmin_grant.pk}/removal/", {"reason": ""}),
    )
    # A second administrator sees the confirm and refuse buttons.
    confirmer = Client()
    confirmer.force_login(make_user("en-sysadmin3", Role.SYSTEM_ADMIN, PLATFORM_REGION))
    switch_to_english(confirmer)
    problems.update(
        {
            f"confirmer {u}": p
            for u, p in english_problems(confirmer, ["/accounts/roles/removals/"]).items()
        }
    )
    assert not problems, problems
