"""The Redis queue (INNOVOUCHER_TASKS_BACKEND=rq), the production option for many nodes: the tick
enqueued through django-tasks-rq runs in `innovoucher worker`'s RQ worker and performs the due
steps; the scheduler does not stack ticks while one waits in Redis. Needs Redis on 127.0.0.1:6379
(CI sets REQUIRE_REDIS=1, so a missing Redis fails there instead of skipping)."""

import datetime as dt
import os

import pytest
import redis
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus, task_backends

from innovoucher.jobs.scheduler import Scheduler
from innovoucher.jobs.tasks import tick
from innovoucher.jobs.tests.test_tick_task import _due_publicity
from innovoucher.redemptions.states import PublicityStatus
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (autouse fixture)
    _fast_private_calendar,
)

pytestmark = pytest.mark.django_db

RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def _redis_url() -> str:
    # one Redis database per xdist worker, so parallel test processes never share a queue
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    return f"redis://127.0.0.1:6379/{10 + int(worker) % 5}"


@pytest.fixture
def rq_queue(settings, monkeypatch):
    url = _redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = RQ_TASKS
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    # Inside the test's transaction, closing "obsolete" connections would close the test database.
    monkeypatch.setattr("innovoucher.jobs.rq.close_old_connections", lambda: None)
    monkeypatch.setattr("innovoucher.jobs.scheduler.close_old_connections", lambda: None)
    yield connection
    connection.flushdb()


def test_a_tick_through_redis_runs_in_the_rq_worker(rq_queue):
    redemption, publicity = _due_publicity()
    after = publicity.ends_on + dt.timedelta(days=1)
    result = tick.enqueue(now=after.isoformat())
    assert rq_queue.llen("rq:queue:default") == 1, "the task waits in Redis"
    redemption.refresh_from_db()
    assert redemption.status != S.PAYABLE, "nothing runs before the worker"

    call_command("worker", "--batch", verbosity=0)

    done = task_backends["default"].get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.errors
    assert done.return_value["steps"]["兑付公示期满处理"] == 2
    publicity.refresh_from_db()
    redemption.refresh_from_db()
    assert publicity.status == PublicityStatus.CLOSED and redemption.status == S.PAYABLE


def test_the_scheduler_does_not_stack_ticks_waiting_in_redis(rq_queue):
    s = Scheduler(interval=60, holder="node-a")
    assert s.cycle() == "enqueued"
    assert s.cycle() == "waiting", "the tick it enqueued still waits in Redis"
    assert rq_queue.llen("rq:queue:default") == 1
    call_command("worker", "--batch", verbosity=0)
    assert s.cycle() == "enqueued", "once run, the next cycle enqueues again"


def test_the_worker_says_clearly_when_redis_is_down(rq_queue, settings):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.INNOVOUCHER_REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError, match="无法连接 Redis 任务队列"):
        call_command("worker", "--batch", verbosity=0)
