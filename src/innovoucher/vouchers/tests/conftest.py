"""Voucher test helpers: worlds built through the services."""

from __future__ import annotations

import pytest

from innovoucher.core import clock
from testsupport.world import START, build_world


@pytest.fixture
def make_world(seed_policies):
    def make(family: str, **kwargs):
        with clock.frozen_now(START[family]):
            return build_world(family, **kwargs)

    return make
