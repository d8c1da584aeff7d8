"""Demo step of accounts: every demo account that must use the second factor gets an
authenticator with the one documented demo key (README, "Demo accounts"), so testers can log in:
add the key DEMO_TOTP_SECRET to any TOTP app (or compute the code with `oathtool --totp -b`).
A new account created later is still forced through enrolment like in production."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.selectors import otp_required
from innovoucher.core.demo_accounts import DEMO_TOTP_SECRET as CORE_DEMO_TOTP_SECRET
from innovoucher.core.demo_accounts import demo_usernames

DEMO_TOTP_SECRET = CORE_DEMO_TOTP_SECRET  # base32, 30 s, 6 digits, SHA-1
DEMO_TOTP_KEY = "435aeaba8239223231d374dea26253b3a48bdef7"  # the same key in hex


def _demo_authenticators(progress) -> None:
    users = list(get_user_model().objects.filter(username__in=demo_usernames()))
    progress.total(len(users))
    for user in users:
        if otp_required(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name="演示验证器", key=DEMO_TOTP_KEY, confirmed=True
            )
        progress.advance()


DEMO_STEPS = [(900, "身份鉴别：演示账户的身份验证器", _demo_authenticators)]
