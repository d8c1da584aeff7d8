"""The one clock. Tests and demos move time with `frozen_now` or the INNOVOUCHER_NOW variable."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterator

from django.utils import timezone

_override: dt.datetime | None = None
_open: list[tuple[object, dt.datetime]] = []  # the frozen_now blocks still open, oldest first
_lock = threading.Lock()


def now() -> dt.datetime:
    if _override is not None:
        return _override
    env = os.environ.get("INNOVOUCHER_NOW")
    if env:
        return _parse(env)
    return timezone.now()


def today() -> dt.date:
    return timezone.localtime(now()).date()


def _parse(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed)
    return parsed


@contextlib.contextmanager
def frozen_now(value: dt.datetime | dt.date | str) -> Iterator[None]:
    """Set the clock for the duration of the block (tests, `tick --now`, demo simulation).

    The override is process-wide (a live server's threads see the test's time). Blocks entered
    in several threads at once end in any order: each removes its own entry and the clock
    returns to the newest one still open, or to real time when none is.
    """
    global _override
    if isinstance(value, str):
        value = _parse(value)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = timezone.make_aware(dt.datetime.combine(value, dt.time(9, 0)))
    entry = (object(), value)
    with _lock:
        _open.append(entry)
        _override = value
    try:
        yield
    finally:
        with _lock:
            _open.remove(entry)
            _override = _open[-1][1] if _open else None
