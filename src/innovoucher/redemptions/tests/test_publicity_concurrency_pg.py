"""Real concurrency on PostgreSQL (threads with their own connections, released together):
an objection is decided once; simultaneous objections reopen review once; the tick twice at
once closes a list once and issues one 批复."""

import datetime as dt
import threading

import pytest
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.redemptions.models import Approval, Objection, RedemptionChange, ReviewStep
from innovoucher.redemptions.services.publicity import objection_decide, objection_submit
from innovoucher.redemptions.states import StepStatus
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    moment,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 6


def run_concurrently(fn, count=WORKERS) -> list:
    barrier, results = threading.Barrier(count), [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - asserted by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _listed():
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = pass_review(world, redemption_in_review(world))
    return world, r, r.publicity_items.get()


GROUNDS = "该项目服务内容与合同约定不符，请核查。"


def test_an_objection_is_decided_once():
    world, r, item = _listed()
    day = item.publicity.starts_on
    with clock.frozen_now(day):
        objection = objection_submit(
            actor=make_user("pg-citizen"),
            item=item,
            objector_name="赵六",
            contact="13700001111",
            grounds=GROUNDS,
        )
    officials = [world.officials["city"]] + [
        make_user(f"pg-city-{i}", role=Role.CITY_REVIEWER, region="650100")
        for i in range(WORKERS - 1)
    ]

    def decide(i):
        stale = Objection.objects.get(pk=objection.pk)
        return objection_decide(
            actor=officials[i],
            objection=stale,
            outcome=("upheld", "dismissed")[i % 2],
            resolution=f"处理意见{i}号",
        )

    with clock.frozen_now(day):  # the clock is process-wide: set it once, around the threads
        results = run_concurrently(decide)
    wins = [x for x in results if isinstance(x, Objection)]
    assert len(wins) == 1 and sum(isinstance(x, Conflict) for x in results) == WORKERS - 1, results
    stored = Objection.objects.get(pk=objection.pk)
    assert (stored.status, stored.resolution) == (wins[0].status, wins[0].resolution)


def test_simultaneous_objections_reopen_review_once():
    world, r, item = _listed()
    citizens = [make_user(f"pg-obj-{i}") for i in range(WORKERS)]

    def object_(i):
        return objection_submit(
            actor=citizens[i],
            item=item,
            objector_name=f"异议人{i}",
            contact="13700001111",
            grounds=GROUNDS,
        )

    with clock.frozen_now(item.publicity.starts_on):
        results = run_concurrently(object_)
    assert all(isinstance(x, Objection) for x in results), results
    assert RedemptionChange.objects.filter(redemption=r, action="reopen").count() == 1
    assert ReviewStep.objects.filter(redemption=r, status=StepStatus.PENDING).count() == 1


def test_two_ticks_at_once_issue_one_approval():
    world, r, item = _listed()
    after = item.publicity.ends_on + dt.timedelta(days=1)
    with clock.frozen_now(moment(after, 1)):
        results = run_concurrently(lambda i: tick(after), count=2)
    r.refresh_from_db()
    assert Approval.objects.count() == 1 and r.status == "payable", results
    assert RedemptionChange.objects.filter(redemption=r, action="publicity_pass").count() == 1
