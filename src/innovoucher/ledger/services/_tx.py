"""One transaction per service call, retried when PostgreSQL picks it as a deadlock victim.

Conditional updates make concurrent writers queue on row locks; two services that touch the
same rows in a different order (an allocation serving the queue while a new approval reserves)
can still deadlock, and PostgreSQL then aborts one of them. Every ledger service is all-or-none
and idempotent, so the victim is simply run again. Inside an outer transaction nothing can be
retried: the error goes up to the caller's transaction.
"""

from __future__ import annotations

import functools

from django.db import OperationalError, connection, transaction

RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock_detected, serialization_failure
ATTEMPTS = 4


def _retryable(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def atomic_service(fn):
    """Run `fn` in one transaction; retry a deadlock victim when we own the transaction."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return fn(*args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    return fn(*args, **kwargs)
            except OperationalError as exc:
                if attempt == ATTEMPTS - 1 or not _retryable(exc):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


class OutsideTransaction(RuntimeError):
    """A ledger sub-step was called on its own: a programming error, not bad input."""


def require_outer_transaction(step: str) -> None:
    """Sub-steps (caps, queue refusals) are correct only inside the transaction of the ledger
    service that calls them; alone, a failure half-way would leave counters and claims apart."""
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransaction(
            f"{step} must run inside the transaction of a ledger service "
            "(call claim_reserve / claim_release, not the sub-step)"
        )
