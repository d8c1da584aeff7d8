"""The scheduler: every INNOVOUCHER_TICK_SECONDS it enqueues the `tick` task, so time-based moves
happen by themselves while the platform runs.

Several schedulers may run (one per worker process, several nodes): the one holding the
`scheduler` lease enqueues, the others stand by and say so in the log; if the leader dies its
lease expires after three intervals and another takes over. A tick already waiting in the queue
is not enqueued twice. Even if two ticks were enqueued, the tick lease lets only one run at once.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection
from django.tasks import TaskResultStatus, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import RQBackend

from innovoucher.jobs.lease import lease_acquire, lease_get, lease_holder, lease_release
from innovoucher.jobs.tasks import tick

log = logging.getLogger("innovoucher.jobs")
SCHEDULER_LEASE = "scheduler"


WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def _tick_waiting(last_id: str | None = None) -> bool:
    """A tick already READY or RUNNING in the queue: in the database queue any such row; in the
    Redis queue the tick this scheduler enqueued last (`last_id`), while Redis still holds it."""
    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        return DBTaskResult.objects.filter(task_path=tick.module_path, status__in=WAITING).exists()
    if isinstance(backend, RQBackend) and last_id:
        try:
            return backend.get_result(last_id).status in WAITING
        except TaskResultDoesNotExist:
            return False
    return False


class Scheduler:
    def __init__(self, *, interval: float, holder: str | None = None):
        self.interval = interval
        self.holder = holder or lease_holder("scheduler")
        self.leading: bool | None = None
        self.last_id: str | None = None

    def cycle(self) -> str:
        """One scheduling decision: 'enqueued', 'waiting' (a tick is queued) or 'standby'."""
        close_old_connections()
        if not lease_acquire(name=SCHEDULER_LEASE, holder=self.holder, ttl=self.interval * 3 + 5):
            if self.leading is not False:
                other = lease_get(SCHEDULER_LEASE)
                log.warning(
                    "调度器 %s 待命：调度租约由 %s 持有",
                    self.holder,
                    other.holder if other else "?",
                )
            self.leading = False
            return "standby"
        if self.leading is not True:
            log.warning("调度器 %s 开始调度：每 %g 秒执行一次定时事项", self.holder, self.interval)
        self.leading = True
        if _tick_waiting(self.last_id):
            log.info("上一次定时事项尚在队列中，本周期不再入队")
            return "waiting"
        self.last_id = tick.enqueue().id
        return "enqueued"

    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    self.cycle()
                except (
                    Exception
                ):  # a database hiccup must not kill the scheduler; the next cycle retries
                    log.exception("调度周期失败，%g 秒后重试", self.interval)
                stop.wait(self.interval)
        finally:
            if self.leading:
                lease_release(
                    name=SCHEDULER_LEASE, holder=self.holder
                )  # a restart need not wait for expiry
            connection.close()
