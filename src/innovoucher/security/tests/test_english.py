"""The security pages in English (issue 15): the lock-out page a person sees after too many
failed sign-ins, the security administrator's lock-outs and login history, and the audit
administrator's audit log (filtered, and re-rendered with a date error). User agents, display
names and audit contents stay as recorded, marked lang="zh-Hans"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from testsupport import make_user
from testsupport.english import english_problems, switch_to_english, untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_security_pages_in_english(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("en-victim")
    switch_to_english(client)
    problems = {}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(
            "/accounts/login/", {"username": "en-victim", "password": "wrong-Password-1"}
        )
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed sign-ins" in html
    if found := untranslated(html):
        problems["locked"] = found

    secadmin = Client()
    secadmin.force_login(make_user("en-secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION))
    assert "登录锁定" in secadmin.get("/security/lockouts/").content.decode()
    switch_to_english(secadmin)
    problems.update(
        english_problems(
            secadmin,
            ["/security/lockouts/", "/security/logins/", "/security/logins/?q=en-victim"],
        )
    )
    cleared = secadmin.post("/security/lockouts/clear/", {"username": "en-victim"}, follow=True)
    assert "unlocked" in cleared.content.decode()
    if found := untranslated(cleared.content.decode()):
        problems["cleared"] = found

    auditor = Client()
    auditor.force_login(make_user("en-auditor", Role.AUDIT_ADMIN, PLATFORM_REGION))
    switch_to_english(auditor)
    problems.update(
        english_problems(
            auditor,
            [
                "/security/audit-log/",
                "/security/audit-log/?user=en-secadmin",
                "/security/audit-log/?date_from=2026-03-02&date_to=2026-03-01",
            ],
            allowed=(200, 400),
        )
    )
    assert not problems, problems
