"""身份鉴别 — password policy (Chinese messages), the password change page reachable from the
user menu, and the idle session timeout with its warning script."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from innovoucher.accounts.services import check_new_account
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.models import AuditEvent
from testsupport import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password,expected",
    [
        ("Ab1!", "密码太短"),
        ("12345678901", "全是数字"),
        ("abcdefghijk", "至少3类"),
        ("password123", "过于常见"),
    ],
)
def test_password_policy_speaks_chinese(password, expected):
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password)
    assert any(expected in m for m in exc.value.messages), exc.value.messages


def test_a_password_like_the_username_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        check_new_account(username="zhangwei2026", password="Zhangwei2026", display_name="张伟")
    assert "相似" in exc.value.message


def test_password_change_page(client):
    user = make_user("changer")
    client.force_login(user)
    home = client.get("/").content.decode()
    assert 'href="/accounts/security/"' in home  # the user menu
    assert 'href="/accounts/password/"' in client.get("/accounts/security/").content.decode()
    html = client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "New-Pass-2026x",
            "new_password2": "New-Pass-2026x",
        },
    ).content.decode()
    assert "原密码不正确" in html
    html = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    ).content.decode()
    assert "密码太短" in html
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "New-Pass-2026x",
            "new_password2": "New-Pass-2026x",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Pass-2026x")
    assert client.get("/accounts/security/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="accounts.password.change", actor=user).exists()


def test_sessions_end_after_idle_minutes_not_two_weeks(client):
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSION_IDLE_MINUTES * 60
    assert django_settings.SESSION_COOKIE_AGE <= 30 * 60
    assert "innovoucher.accounts.middleware.SessionRenewMiddleware" in django_settings.MIDDLEWARE
    client.force_login(make_user("idle"))
    html = client.get("/").content.decode()
    assert f'data-session-seconds="{django_settings.SESSION_COOKIE_AGE}"' in html
    assert "security/session.js" in html and "data-session-extend" in html
    assert client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE
    response = client.post("/accounts/session/extend/")
    assert response.status_code == 200 and response.json()["seconds"] > 0
    client.logout()
    assert "session.js" not in client.get("/").content.decode()
