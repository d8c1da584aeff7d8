"""Database leases: one holder at a time for a named job (the tick, the scheduler's leadership).

    holder = lease_holder()
    if lease_acquire(name="tick", holder=holder, ttl=900):
        try: ...
        finally: lease_release(name="tick", holder=holder)

Acquiring is one conditional UPDATE (free, expired, or already ours) or, for a name never seen,
an INSERT that the primary key makes unique. Under PostgreSQL's READ COMMITTED a second updater
waits for the first one's row lock and re-checks the condition, so two processes never both win;
SQLite serialises writers. Times are wall-clock (`timezone.now()`), not `clock.now()`: a frozen
business clock (INNOVOUCHER_NOW) must not freeze the lease.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from innovoucher.jobs.models import Lease


def lease_holder(role: str = "") -> str:
    """A name unique to this process and call: host, pid and a random suffix."""
    return (
        f"{role + '@' if role else ''}{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[
            :120
        ]
    )


def lease_acquire(*, name: str, holder: str, ttl: float) -> bool:
    now = timezone.now()
    until = now + dt.timedelta(seconds=ttl)
    with transaction.atomic():
        taken = Lease.objects.filter(Q(expires_at__lte=now) | Q(holder=holder), name=name).update(
            holder=holder,
            expires_at=until,
            acquired_at=Case(When(holder=holder, then=F("acquired_at")), default=Value(now)),
        )
    if taken:
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, acquired_at=now, expires_at=until)
    except IntegrityError:
        return False  # someone else holds it
    return True


def lease_renew(*, name: str, holder: str, ttl: float) -> bool:
    """Extend a lease we hold; False when it is no longer ours (it expired and was taken)."""
    until = timezone.now() + dt.timedelta(seconds=ttl)
    return bool(Lease.objects.filter(name=name, holder=holder).update(expires_at=until))


def lease_release(*, name: str, holder: str, note: dict | None = None) -> bool:
    fields = {"expires_at": timezone.now()}
    if note is not None:
        fields["note"] = note
    return bool(Lease.objects.filter(name=name, holder=holder).update(**fields))


def lease_get(name: str) -> Lease | None:
    return Lease.objects.filter(name=name).first()
