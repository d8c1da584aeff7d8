"""Read-only pages read from a streaming replica (issue 13, docs/deployment.md section 4).

With `DATABASE_REPLICA_URL` set, settings add the `replica` alias, this router and
`ReplicaMiddleware`. A read goes to the replica only when all of these hold:

- the request is a GET or HEAD to a read-only page (`INNOVOUCHER_REPLICA_PATHS`, default the
  public portal: home, directory search, notice list, public statistics, the directory API), which
  shows nobody's
  own writes, so a replica a moment behind is harmless;
- nothing was written in this request yet (sticky: after the first write every read of the
  request goes to the primary, so a page reads its own writes);
- the read is not inside a transaction on the primary (a service's reads before its write);
- the model is not one of the sign-in state (sessions, users, roles, lockouts, second factor):
  a session just created on the primary must not look absent on the replica.

Everything else — writes, migrations, the tick, the worker, signed-in pages — uses `default`.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions", "auth", "accounts", "axes", "otp_totp", "otp_static", "django_otp"}
# An entry is one page, or every page under it when it ends with "*".
DEFAULT_PATHS = ("/", "/providers/", "/notices/", "/stats/public/", "/api/v1/providers/*")


@dataclass
class _RequestState:
    eligible: bool
    wrote: bool = False


_state: ContextVar[_RequestState | None] = ContextVar("innovoucher_replica_state", default=None)


def replica_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "INNOVOUCHER_REPLICA_PATHS", DEFAULT_PATHS))


def path_reads_replica(method: str, path: str) -> bool:
    if method not in ("GET", "HEAD"):
        return False
    return any(path.startswith(p[:-1]) if p.endswith("*") else path == p for p in replica_paths())


def _in_transaction() -> bool:
    """A transaction open on the primary (the test case's own wrapping block does not count)."""
    conn = connections["default"]
    return conn.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in conn.atomic_blocks
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state.get()
        if (
            state is None
            or not state.eligible
            or state.wrote
            or REPLICA not in connections.databases
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or _in_transaction()
        ):
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True  # sticky: the rest of the request reads the primary
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"  # the replica is the primary's copy


class ReplicaMiddleware:
    """Marks the request eligible for replica reads (first in the chain, before sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _state.set(_RequestState(path_reads_replica(request.method, request.path_info)))
        try:
            return self.get_response(request)
        finally:
            _state.reset(token)
