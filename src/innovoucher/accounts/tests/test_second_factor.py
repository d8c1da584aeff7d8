"""身份鉴别 — TOTP second factor: required for officials, finance, operator and the three
administrators; enrolment after the first login (QR code, recovery codes shown once), the
verification step at every later login, recovery codes usable once, opt-in for firms."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.codes import Code
from innovoucher.accounts.roles import Role
from innovoucher.core.models import AuditEvent
from testsupport import PASSWORD, make_user
from testsupport.otp import login_code, totp_code, totp_enrol, verified_login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_enforced")]


def _login(client, username):
    return client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD, "next": "/notifications/"}
    )


def _key_from_page(html: str) -> str:
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    return hexlify(b32decode(secret)).decode()


@pytest.mark.parametrize(
    "role,region",
    [
        (Role.COUNTY_REVIEWER, "330602"),
        (Role.FINANCE_OFFICER, "330600"),
        (Role.OPERATOR, "330000"),
        (Role.SYSTEM_ADMIN, "100000"),
        (Role.SECURITY_ADMIN, "100000"),
        (Role.AUDIT_ADMIN, "100000"),
    ],
)
def test_a_new_official_is_forced_through_enrolment(client, role, region):
    make_user("newofficial", role, region)
    response = _login(client, "newofficial")
    # Password accepted; every other page now sends to the TOTP step, which sends to enrolment.
    page = client.get("/notifications/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/otp/")
    page = client.get("/notifications/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/otp/enrol/")
    assert response.status_code == 302
    api = client.get("/api/v1/notifications/todos")
    assert api.status_code == 403 and api.json()["code"] == Code.OTP_REQUIRED


@pytest.fixture
def no_throttle(settings):
    """django-otp delays the next try after a wrong code (1 s, doubling); tests retry at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_enrolment_with_qr_code_then_recovery_codes_once(client, no_throttle):
    user = make_user("yc-new", Role.COUNTY_REVIEWER, "330602")
    _login(client, "yc-new")
    html = client.get("/accounts/otp/enrol/?next=/notifications/").content.decode()
    assert "data:image/svg+xml" in html and "绑定身份验证器" in html
    key = _key_from_page(html)
    # A wrong code: the form again, with the message at the field.
    html = client.post("/accounts/otp/enrol/", {"token": "000000", "next": "/"}).content.decode()
    assert "验证码不正确" in html
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    html = client.post(
        "/accounts/otp/enrol/", {"token": totp_code(key), "next": "/notifications/"}
    ).content.decode()
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", html)
    assert len(codes) == 10 and "只显示这一次" in html
    assert TOTPDevice.objects.get(user=user).confirmed
    # The session passed the second factor: pages open.
    assert client.get("/notifications/").status_code in (200, 302)
    assert client.get("/notifications/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.totp_device.confirm", actor=user).exists()
    # Codes are stored for verification only; the page that showed them is not shown again.
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert "<li>" + codes[0] + "</li>" not in client.get("/accounts/security/").content.decode()


def test_verification_at_each_login_and_recovery_code_once(client, no_throttle):
    user = make_user("yc-two", Role.CITY_REVIEWER, "330600")
    totp_enrol(user)
    _login(client, "yc-two")
    assert client.get("/notifications/")["Location"].startswith("/accounts/otp/")
    html = client.post("/accounts/otp/", {"token": "123456", "next": "/"}).content.decode()
    assert "验证码不正确" in html
    assert AuditEvent.objects.filter(action="accounts.otp.fail").exists()
    response = client.post("/accounts/otp/", {"token": totp_code(), "next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert client.get("/notifications/").status_code == 200
    # A recovery code works once.
    code = login_code(user)
    client.post("/accounts/logout/")
    _login(client, "yc-two")
    assert client.post("/accounts/otp/", {"token": code, "next": "/"}).status_code == 302
    client.post("/accounts/logout/")
    _login(client, "yc-two")
    assert client.post("/accounts/otp/", {"token": code, "next": "/"}).status_code == 200
    assert client.get("/notifications/").status_code == 302


def test_enrolled_but_unverified_cannot_rebind_to_skip_the_step(client):
    user = make_user("yc-three", Role.COUNTY_REVIEWER, "330602")
    totp_enrol(user)
    _login(client, "yc-three")
    response = client.get("/accounts/otp/enrol/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/?")


def test_firms_may_opt_in(client):
    firm = make_user("firm-user")
    _login(client, "firm-user")
    assert client.get("/notifications/").status_code == 200  # no second factor asked
    html = client.get("/accounts/security/").content.decode()
    assert "未绑定" in html and "绑定身份验证器" in html
    key = _key_from_page(client.get("/accounts/otp/enrol/").content.decode())
    client.post("/accounts/otp/enrol/", {"token": totp_code(key), "next": "/"})
    client.post("/accounts/logout/")
    _login(client, "firm-user")
    assert client.get("/notifications/").status_code == 302  # now asked at every login
    assert TOTPDevice.objects.filter(user=firm, confirmed=True).exists()


def test_verified_login_helper_passes_the_step(client):
    user = make_user("yc-helper", Role.COUNTY_REVIEWER, "330602")
    verified_login(client, user)
    assert client.get("/notifications/").status_code == 200
