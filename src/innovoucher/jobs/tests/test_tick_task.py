"""The tick as a task of Django's tasks framework: enqueued in the database queue, run by the
worker, it performs the due steps (a publicity list closes, its redemptions become payable)."""

import datetime as dt
import logging

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from innovoucher.core import clock
from innovoucher.jobs import scheduler as scheduler_module
from innovoucher.jobs.lease import lease_acquire
from innovoucher.jobs.scheduler import SCHEDULER_LEASE, Scheduler
from innovoucher.jobs.tasks import tick
from innovoucher.redemptions.states import PublicityStatus
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (autouse fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    world_for,
)
from testsupport.world import START

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    # The worker closes "obsolete" connections between tasks; inside the test's transaction that
    # would close the test database itself.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    monkeypatch.setattr("innovoucher.jobs.scheduler.close_old_connections", lambda: None)


def _drain() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def _due_publicity():
    world = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        redemption = pass_review(world, redemption_in_review(world))
    return redemption, redemption.publicity_items.get().publicity


def test_a_tick_enqueued_through_the_tasks_framework_runs_the_steps(queue):
    redemption, publicity = _due_publicity()
    after = publicity.ends_on + dt.timedelta(days=1)
    result = tick.enqueue(now=after.isoformat())
    assert result.status == TaskResultStatus.READY and redemption.status != S.PAYABLE, (
        "nothing runs before the worker"
    )
    _drain()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    steps = row.return_value["steps"]
    assert steps["兑付公示期满处理"] == 2 and steps["兑付批复下达与资金预留"] == 1
    publicity.refresh_from_db()
    redemption.refresh_from_db()
    assert publicity.status == PublicityStatus.CLOSED and redemption.status == S.PAYABLE
    again = tick.enqueue(now=after.isoformat())
    _drain()
    assert sum(DBTaskResult.objects.get(id=again.id).return_value["steps"].values()) == 0, (
        "a second tick changes nothing more"
    )


def test_the_scheduler_enqueues_one_tick_at_a_time(queue):
    s = Scheduler(interval=60, holder="node-a")
    assert s.cycle() == "enqueued"
    assert s.cycle() == "waiting", "a tick already in the queue is not enqueued twice"
    assert DBTaskResult.objects.filter(task_path=tick.module_path).count() == 1
    _drain()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert s.cycle() == "enqueued"


def test_a_second_scheduler_stands_by_and_says_so(queue, caplog):
    assert lease_acquire(name=SCHEDULER_LEASE, holder="node-a", ttl=60)
    with caplog.at_level(logging.WARNING, logger="innovoucher.jobs"):
        assert Scheduler(interval=60, holder="node-b").cycle() == "standby"
    assert "调度器 node-b 待命：调度租约由 node-a 持有" in caplog.text
    assert not DBTaskResult.objects.exists()


def test_with_the_immediate_backend_the_scheduler_runs_the_tick_itself(settings, monkeypatch):
    monkeypatch.setattr("innovoucher.jobs.scheduler.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ran = []
    monkeypatch.setattr(
        "innovoucher.jobs.ticking.run_tick", lambda moment: ran.append(moment) or []
    )
    assert scheduler_module._tick_waiting() is False
    assert Scheduler(interval=60, holder="node-a").cycle() == "enqueued" and len(ran) == 1


def test_notification_email_goes_through_the_queue_after_commit(
    queue, django_capture_on_commit_callbacks
):
    from django.core import mail

    from innovoucher.notifications.services import notify
    from testsupport.world import make_user

    alice = make_user("alice", email="alice@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[alice], subject="请审核", body="内容", key="k:1")
    assert mail.outbox == [] and DBTaskResult.objects.get().task_path.endswith(
        "send_notification_emails"
    )
    _drain()
    assert [m.to for m in mail.outbox] == [["alice@example.cn"]] and mail.outbox[
        0
    ].subject == "【科技创新券】请审核"
