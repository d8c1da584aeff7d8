"""One tick under the database lease: every app's TICK_STEPS at one moment, never two at once.

`tick_run()` is what the `tick` task (tasks.py) calls. When another process holds the lease the
call is skipped and says so loudly in the log (WARNING) and in its result; the tick is idempotent,
so the next cycle catches up. A heartbeat thread renews the lease while the steps run, so a long
tick keeps it, and a crashed one loses it after INNOVOUCHER_TICK_LEASE_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.steps import run_tick
from innovoucher.jobs.lease import (
    lease_acquire,
    lease_get,
    lease_holder,
    lease_release,
    lease_renew,
)

log = logging.getLogger("innovoucher.jobs")
TICK_LEASE = "tick"


def parse_moment(text: str | None) -> dt.datetime:
    if not text:
        return clock.now()
    if len(text) == 10:
        return timezone.make_aware(
            dt.datetime.combine(dt.date.fromisoformat(text), dt.time(23, 59, 59))
        )
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


class _Heartbeat(threading.Thread):
    def __init__(self, holder: str, ttl: float):
        super().__init__(daemon=True, name="tick-lease-heartbeat")
        self.holder, self.ttl, self.stop = holder, ttl, threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.wait(self.ttl / 3):
                if not lease_renew(name=TICK_LEASE, holder=self.holder, ttl=self.ttl):
                    log.error("定时事项租约已失效（%s），另一进程可能已接手", self.holder)
                    return
        finally:
            connection.close()


def tick_run(now: str | None = None, *, ttl: float | None = None) -> dict:
    """Run the tick at `now` (ISO date/datetime; default the platform clock) if the lease is
    free."""
    ttl = ttl or settings.INNOVOUCHER_TICK_LEASE_SECONDS
    holder = lease_holder("tick")
    if not lease_acquire(name=TICK_LEASE, holder=holder, ttl=ttl):
        other = lease_get(TICK_LEASE)
        log.warning(
            "定时事项正由 %s 执行（租约至 %s），本次跳过",
            other.holder if other else "?",
            f"{timezone.localtime(other.expires_at):%H:%M:%S}" if other else "?",
        )
        return {"skipped": True, "holder": other.holder if other else ""}
    heartbeat = _Heartbeat(holder, ttl)
    heartbeat.start()
    moment = parse_moment(now)
    result: dict = {"skipped": False, "moment": moment.isoformat(), "steps": {}}
    try:
        for label, changed in run_tick(moment):
            result["steps"][label] = changed
        changed = {k: v for k, v in result["steps"].items() if v}
        log.info("定时事项已处理至 %s：%s", f"{moment:%Y-%m-%d %H:%M}", changed or "无到期事项")
        return result
    finally:
        heartbeat.stop.set()
        heartbeat.join()
        lease_release(
            name=TICK_LEASE,
            holder=holder,
            note={**result, "finished_at": timezone.now().isoformat()},
        )
