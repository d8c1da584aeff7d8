"""Voucher test helpers: fast hashing, private media, and worlds built through the services."""

from __future__ import annotations

import pytest

from innovoucher.core import clock
from testsupport.world import START, build_world


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_world(seed_policies):
    def make(family: str, **kwargs):
        with clock.frozen_now(START[family]):
            return build_world(family, **kwargs)

    return make
