"""The TOTP second factor in tests (accounts.selectors.otp_required, docs/security.md).

Unit tests run with the enforcement off (the root conftest sets INNOVOUCHER_OTP_ENFORCED =
False); tests of the second factor request the `otp_enforced` fixture. The browser tests run
with it on and log in through `browser_login`, which passes the TOTP step with a fresh
one-time recovery code (so logging the same person in twice within 30 s still works).

- `totp_enrol(user, key=TEST_TOTP_KEY)`: a confirmed authenticator with a known key;
- `totp_code(key)`: the code an authenticator with `key` shows now;
- `login_code(user)`: enrol if needed and return a fresh recovery code (used once);
- `verified_login(client, user)`: `client.force_login` plus a session that passed the TOTP step;
- `browser_login(page, base, username, password)`: the login page, then the TOTP step if asked.
"""

from __future__ import annotations

from binascii import unhexlify

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.selectors import otp_required

# Hex (20 bytes) = base32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" ("12345678901234567890").
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def totp_enrol(user, key: str = TEST_TOTP_KEY) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试验证器", key=key, confirmed=True)
    return device


def totp_code(key: str = TEST_TOTP_KEY) -> str:
    return "%06d" % totp(unhexlify(key))


def login_code(user) -> str:
    totp_enrol(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="恢复码", defaults={"confirmed": True}
    )
    token = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=token)
    return token


def verified_login(client, user):
    client.force_login(user)
    device = totp_enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def browser_login(page, base: str, username: str, password: str) -> None:
    """Log in on the login page; pass the TOTP step when the account has or needs one."""
    user = get_user_model().objects.get(username=username)
    code = login_code(user) if otp_required(user) else ""
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/?next=/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if code and "/accounts/otp/" in page.url:
        page.fill("input[name=token]", code)
        page.locator("main button[type=submit]").first.click()
        page.wait_for_load_state()
