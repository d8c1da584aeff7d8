"""The database lease: one holder at a time, taken back after expiry, released explicitly."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from innovoucher.jobs import ticking
from innovoucher.jobs.lease import lease_acquire, lease_get, lease_release, lease_renew
from innovoucher.jobs.models import Lease

pytestmark = pytest.mark.django_db


def test_one_holder_until_expiry_or_release():
    assert lease_acquire(name="x", holder="a", ttl=60)
    assert not lease_acquire(name="x", holder="b", ttl=60), "b must wait while a holds the lease"
    assert lease_acquire(name="x", holder="a", ttl=60), "a may renew by acquiring again"
    assert lease_renew(name="x", holder="a", ttl=60) and not lease_renew(
        name="x", holder="b", ttl=60
    )
    assert lease_release(name="x", holder="a")
    assert lease_acquire(name="x", holder="b", ttl=60) and lease_get("x").holder == "b"


def test_an_expired_lease_is_taken_over():
    assert lease_acquire(name="x", holder="a", ttl=60)
    Lease.objects.filter(name="x").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert lease_acquire(name="x", holder="b", ttl=60)
    assert not lease_renew(name="x", holder="a", ttl=60), "the old holder learns it lost the lease"


def test_the_lease_ignores_the_business_clock(monkeypatch):
    monkeypatch.setenv("INNOVOUCHER_NOW", "2030-01-01T00:00:00")  # far future business time
    assert lease_acquire(name="x", holder="a", ttl=60)
    assert not lease_acquire(name="x", holder="b", ttl=60)


def test_a_tick_while_another_holds_the_lease_is_skipped_loudly(caplog, monkeypatch):
    ran = []
    monkeypatch.setattr(ticking, "run_tick", lambda moment: ran.append(moment) or [])
    assert lease_acquire(name=ticking.TICK_LEASE, holder="other-node:1", ttl=60)
    with caplog.at_level(logging.WARNING, logger="innovoucher.jobs"):
        result = ticking.tick_run()
    assert result == {"skipped": True, "holder": "other-node:1"} and ran == []
    assert "定时事项正由 other-node:1 执行" in caplog.text and "本次跳过" in caplog.text
    lease_release(name=ticking.TICK_LEASE, holder="other-node:1")
    assert ticking.tick_run()["skipped"] is False and len(ran) == 1
    assert lease_acquire(name=ticking.TICK_LEASE, holder="next", ttl=60), (
        "a finished tick releases its lease"
    )


def test_the_tick_records_its_last_result_on_the_lease(monkeypatch):
    monkeypatch.setattr(ticking, "run_tick", lambda moment: [("步骤甲", 2), ("步骤乙", 0)])
    result = ticking.tick_run("2026-11-21")
    assert result["steps"] == {"步骤甲": 2, "步骤乙": 0} and result["moment"].startswith(
        "2026-11-21T23:59:59"
    )
    assert lease_get(ticking.TICK_LEASE).note["steps"] == {"步骤甲": 2, "步骤乙": 0}
