"""The generation of the cached public statistics of a year (`stats.cache`): read by the cache,
bumped by the services that move a redemption into or out of `paid`. Imports only its model, so
the services below `stats` may call it."""

from __future__ import annotations

import uuid

from django.db import IntegrityError
from django.db.models import F

from innovoucher.stats.models import Generation


def _name(year: int) -> str:
    return f"public:{int(year)}"


def _row(name: str) -> Generation:
    try:
        row, _ = Generation.objects.get_or_create(name=name, defaults={"token": uuid.uuid4().hex})
    except IntegrityError:  # created by a concurrent request meanwhile
        row = Generation.objects.get(name=name)
    return row


def generation(year: int) -> str:
    """The cache-key part of `year`: the row's token and its counter."""
    row = _row(_name(year))
    return f"{row.token}.{row.value}"


def public_changed(year: int) -> None:
    """The paid redemptions of `year` changed: bump its generation (in the caller's transaction;
    the row lock orders concurrent payments, which the ledger already serialises per budget)."""
    name = _name(year)
    if not Generation.objects.filter(name=name).update(value=F("value") + 1):
        _row(name)
        Generation.objects.filter(name=name).update(value=F("value") + 1)
