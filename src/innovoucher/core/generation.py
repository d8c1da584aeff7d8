"""Generation counters: a named counter bumped in the same transaction as a change of the data a
cache reads, and read into the cache key, so a committed change is never answered from an older
entry in any process (web workers, the worker). A lower app bumps the name of what it changed
(`redemptions.paid:<year>`), a higher one (`stats.cache`) reads it: no import upwards."""

from __future__ import annotations

import uuid

from django.db import IntegrityError
from django.db.models import F

from innovoucher.core.models import Generation


def _row(name: str) -> Generation:
    try:
        row, _ = Generation.objects.get_or_create(name=name, defaults={"token": uuid.uuid4().hex})
    except IntegrityError:  # created by a concurrent request meanwhile
        row = Generation.objects.get(name=name)
    return row


def current(name: str) -> str:
    """The cache-key part of `name`: the row's token and its counter."""
    row = _row(name)
    return f"{row.token}.{row.value}"


def bump(name: str) -> None:
    """The data behind `name` changed: bump it (in the caller's transaction; the row lock orders
    concurrent bumps)."""
    if not Generation.objects.filter(name=name).update(value=F("value") + 1):
        _row(name)
        Generation.objects.filter(name=name).update(value=F("value") + 1)
