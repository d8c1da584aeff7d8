"""Tasks of Django's tasks framework (`django.tasks`), run by `innovoucher worker`.

Enqueue only after commit (`transaction.on_commit(lambda: tick.enqueue())`): a task enqueued
inside a transaction that rolls back would run on data that never existed.
"""

from __future__ import annotations

from django.tasks import task

from innovoucher.jobs.ticking import tick_run


@task()
def tick(now: str | None = None) -> dict:
    """Every time-based step due at `now` (default: the platform clock), under the tick lease."""
    return tick_run(now)
