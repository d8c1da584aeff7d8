"""身份鉴别 — every way in that checks a password or a code is throttled, not only the login form:
the login page and /admin/login/ (test_lockout_and_history.py), the old password on the password
change page (a stolen session must not try passwords without limit), the TOTP step (django-otp's
growing delay), and no other entrance exists: no API login, no password-reset-by-mail view, no
second LoginView."""

import pytest
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, get_resolver

from innovoucher.accounts.roles import Role
from testsupport import PASSWORD, make_user
from testsupport.otp import totp_code, totp_enrol

pytestmark = pytest.mark.django_db

NEW = "Neue-Passwort-2026x"


def _change(client, old):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": NEW, "new_password2": NEW},
    )


def test_wrong_old_passwords_on_the_change_page_lock_the_account(client, settings):
    user = make_user("pw-victim")
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _change(client, "guess-Password-1")
        assert response.status_code == 200 and "原密码不正确" in response.content.decode()
    assert _change(client, "guess-Password-1").status_code == 429
    # Locked: even the right old password no longer changes it, and the login page refuses too.
    assert _change(client, PASSWORD).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.check_password(NEW)
    client.logout()
    response = client.post("/accounts/login/", {"username": "pw-victim", "password": PASSWORD})
    assert response.status_code == 429


def test_the_right_old_password_changes_it(client):
    user = make_user("pw-owner")
    client.force_login(user)
    assert _change(client, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.usefixtures("otp_enforced")
def test_the_totp_step_delays_the_next_try_after_a_wrong_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp's default: 1 s, doubling per failure
    user = make_user("otp-victim", Role.CITY_REVIEWER, "330600")
    totp_enrol(user)
    client.post("/accounts/login/", {"username": "otp-victim", "password": PASSWORD})
    assert "验证码不正确" in client.post("/accounts/otp/", {"token": "000000"}).content.decode()
    # At once after a failure even the right code is refused: guessing 10⁶ codes is not possible.
    response = client.post("/accounts/otp/", {"token": totp_code(), "next": "/notifications/"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get("/notifications/").status_code == 302


def _views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _views(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


PASSWORD_VIEWS = (
    auth_views.LoginView,
    auth_views.PasswordResetView,
    auth_views.PasswordResetConfirmView,
    auth_views.PasswordChangeView,
)


def test_there_is_no_other_password_entrance(client):
    found = sorted(
        route
        for route, view in _views()
        if issubclass(getattr(view, "view_class", type(None)), PASSWORD_VIEWS)
    )
    assert found == ["accounts/login/"], found
    # The API authenticates by the session only: no operation takes a password to sign in.
    schema = client.get("/api/v1/openapi.json").json()
    logins = [
        path
        for path, ops in schema["paths"].items()
        if any(word in path.lower() for word in ("login", "token", "auth", "session"))
    ]
    assert logins == [], logins
