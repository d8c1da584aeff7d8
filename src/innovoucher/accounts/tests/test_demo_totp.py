"""The demo accounts that need the second factor share the documented demo TOTP key."""

from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from innovoucher.accounts.demo import DEMO_STEPS, DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from innovoucher.accounts.roles import Role
from innovoucher.core.demo import DEMO_STEPS as CORE_STEPS
from innovoucher.core.demo_accounts import register
from innovoucher.core.steps import Progress
from testsupport import make_user

pytestmark = pytest.mark.django_db


def test_demo_officials_get_the_documented_key_and_firms_none():
    assert hexlify(b32decode(DEMO_TOTP_SECRET)).decode() == DEMO_TOTP_KEY
    official = make_user("demo-county-x", Role.COUNTY_REVIEWER, "330602")
    firm = make_user("demo-firm-x")
    register("demo-county-x", "区县审核人")
    register("demo-firm-x", "企业")
    for _, _, step in CORE_STEPS + DEMO_STEPS + DEMO_STEPS:  # idempotent
        step(Progress())
    assert TOTPDevice.objects.get(user=official, confirmed=True).key == DEMO_TOTP_KEY
    assert TOTPDevice.objects.get(user__username="admin").key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user=firm).exists()
    # A new official created after the demo still has to enrol.
    assert not TOTPDevice.objects.filter(
        user=make_user("new-official", Role.CITY_REVIEWER, "330600")
    ).exists()
