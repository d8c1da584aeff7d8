"""The Redis queue (INNOVOUCHER_TASKS_BACKEND=rq): django-tasks-rq stores Django's tasks as RQ jobs.

The worker is RQ's `SimpleWorker` (the job runs in the worker process, not in a forked child), so
Django's database connections are never shared across a fork; each job closes stale connections
before it starts, as a request would. The tick lease and the scheduler live in the database
(ADR 0015), so the same tick runs once however many workers and nodes pull from Redis.
"""

from __future__ import annotations

import django_rq
from django.db import close_old_connections
from django_tasks_rq import Job
from rq import SimpleWorker


class TaskJob(Job):
    """django-tasks-rq's job class, with the connection hygiene of a Django request."""

    def perform(self):
        close_old_connections()
        try:
            return super().perform()
        finally:
            close_old_connections()


class BatchWorker(SimpleWorker):
    """`worker --batch`: runs what is queued and leaves. It does not listen on the worker's
    command channel (suspend, kill-horse): closing that listener waits for its 60-second poll."""

    def subscribe(self):
        self.pubsub_thread = None


def rq_worker(backend, *, batch: bool = False) -> SimpleWorker:
    queues = [django_rq.get_queue(name, job_class=TaskJob) for name in backend.queues]
    cls = BatchWorker if batch else SimpleWorker
    return cls(queues, connection=queues[0].connection, job_class=TaskJob)


def rq_queue_reachable(backend) -> bool:
    """Whether Redis answers: the worker and `serve` say so clearly instead of a traceback."""
    try:
        return bool(django_rq.get_queue(sorted(backend.queues)[0]).connection.ping())
    except Exception:  # redis.exceptions.ConnectionError and friends
        return False
