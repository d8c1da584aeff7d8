"""The replica router (core.dbrouter): read-only public pages read the `replica` alias, writes and
everything else the primary, sticky to the primary after a write in the request.

The test database has one copy; a second alias `replica` (as settings declare it when
DATABASE_REPLICA_URL is set, a TEST MIRROR of default) is declared for the duration of a test, and
the router's choice for every read of a real page load is recorded (the query itself then runs on
the test database: pytest-django forbids a second connection inside a test)."""

import pytest
from django.db import connections
from django.test import override_settings

from innovoucher.core import dbrouter
from innovoucher.registry.models import Organisation
from testsupport import make_user

pytestmark = pytest.mark.django_db

ROUTERS = ["innovoucher.core.dbrouter.ReplicaRouter"]


@pytest.fixture
def replica_alias(monkeypatch):
    monkeypatch.setitem(connections.databases, "replica", connections.databases["default"])


@pytest.fixture
def replica(monkeypatch):
    """`replica` names the same database as default (what TEST MIRROR does in CI)."""
    monkeypatch.setitem(connections.databases, "replica", connections.databases["default"])
    seen = []
    monkeypatch.setattr(dbrouter.ReplicaRouter, "db_for_read", _recording(seen))
    yield seen
    connections.__dict__.pop("replica", None)  # drop the cached connection object
    try:
        del connections._connections.replica
    except AttributeError:
        pass


def _recording(seen):
    original = dbrouter.ReplicaRouter.db_for_read

    def db_for_read(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append((model._meta.label, alias))
        return "default"  # the choice is recorded; the query runs on the one test database

    return db_for_read


def test_paths_that_read_the_replica():
    assert dbrouter.path_reads_replica("GET", "/")
    assert dbrouter.path_reads_replica("GET", "/providers/")
    assert dbrouter.path_reads_replica("HEAD", "/api/v1/providers/12/")
    assert not dbrouter.path_reads_replica("POST", "/providers/")
    assert not dbrouter.path_reads_replica("GET", "/providers/mine/")
    assert not dbrouter.path_reads_replica("GET", "/vouchers/")
    assert not dbrouter.path_reads_replica("GET", "/redemptions/review/")


@override_settings(DATABASE_ROUTERS=ROUTERS)
def test_a_public_page_reads_the_replica(client, replica):
    assert client.get("/providers/").status_code == 200
    aliases = {
        alias for label, alias in replica if not label.startswith(("sessions.", "accounts."))
    }
    assert aliases == {"replica"}, replica


@override_settings(DATABASE_ROUTERS=ROUTERS)
def test_signed_in_pages_and_the_session_read_the_primary(client, replica):
    client.force_login(make_user("replica1"))
    assert client.get("/vouchers/").status_code == 200
    assert replica and {alias for _, alias in replica} == {"default"}


def test_reads_after_a_write_in_the_request_stay_on_the_primary(replica_alias):
    router = dbrouter.ReplicaRouter()
    token = dbrouter._state.set(dbrouter._RequestState(eligible=True))
    try:
        assert router.db_for_read(Organisation) == "replica"
        from django.contrib.sessions.models import Session

        assert router.db_for_read(Session) == "default"  # sign-in state: always the primary
        assert router.db_for_write(Organisation) == "default"
        assert router.db_for_read(Organisation) == "default"  # sticky
    finally:
        dbrouter._state.reset(token)


def test_outside_a_request_and_without_a_replica_everything_is_the_primary(monkeypatch):
    router = dbrouter.ReplicaRouter()
    assert router.db_for_read(Organisation) == "default"  # tick, worker, commands
    monkeypatch.delitem(connections.databases, "replica", raising=False)
    token = dbrouter._state.set(dbrouter._RequestState(eligible=True))
    try:
        assert router.db_for_read(Organisation) == "default"
    finally:
        dbrouter._state.reset(token)
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


def test_reads_inside_a_transaction_stay_on_the_primary(replica_alias):
    from django.db import transaction

    router = dbrouter.ReplicaRouter()
    token = dbrouter._state.set(dbrouter._RequestState(eligible=True))
    try:
        with transaction.atomic():
            assert router.db_for_read(Organisation) == "default"
        assert router.db_for_read(Organisation) == "replica"
    finally:
        dbrouter._state.reset(token)
