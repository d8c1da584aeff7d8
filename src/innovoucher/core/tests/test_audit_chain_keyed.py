"""The keyed chain and its anchors: an edited row, deleted last rows and recomputed digests are
each detected; sealing never skips ahead of an unsealed event."""

import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives import hashes
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from innovoucher.core import audit, clock
from innovoucher.core.models import AuditEvent
from testsupport.audit import tampering


def _events(n: int, at: str = "2026-11-20T10:00:00+08:00") -> None:
    with clock.frozen_now(at):
        for i in range(n):
            audit.record(actor=None, action="test.audit.event", object_id=str(i), data={"n": i})


def _seal(capture) -> int:
    with clock.frozen_now("2026-11-21T10:00:00+08:00"), capture(execute=True):
        return audit.audit_seal()


def _raw(sql: str, params: list) -> None:
    with tampering() as cursor:  # behind the application's back
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_seal_writes_an_anchor_and_an_intact_log_verifies(django_capture_on_commit_callbacks):
    _events(4)
    assert _seal(django_capture_on_commit_callbacks) == 4
    anchors = audit.anchor_path().read_text().splitlines()
    head = AuditEvent.objects.order_by("-id").first()
    assert json.loads(anchors[-1]) == {"count": 4, "head_id": head.id, "head": head.digest}
    assert audit.audit_verify() == []
    assert audit.audit_verify_anchors() == []
    call_command("audit", "verify")


@pytest.mark.django_db
def test_edited_row_is_detected(django_capture_on_commit_callbacks):
    _events(3)
    _seal(django_capture_on_commit_callbacks)
    victim = AuditEvent.objects.order_by("id")[1]
    _raw("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["mallory", victim.id])
    assert audit.audit_verify() == [victim.id]
    with pytest.raises(CommandError, match=f"#{victim.id}"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_deleted_last_rows_are_detected_by_the_anchor(django_capture_on_commit_callbacks):
    _events(5)
    _seal(django_capture_on_commit_callbacks)
    last_two = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[:2])
    _raw("DELETE FROM core_auditevent WHERE id IN (%s, %s)", last_two)
    assert audit.audit_verify() == []  # the remaining prefix of the chain is consistent …
    problems = audit.audit_verify_anchors()
    assert problems and any(str(last_two[0]) in p for p in problems)  # … the anchor is not
    with pytest.raises(CommandError):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_recomputed_digests_are_detected(django_capture_on_commit_callbacks):
    """An attacker edits a row and recomputes every digest with plain SM3 (they lack the key)."""
    _events(3)
    _seal(django_capture_on_commit_callbacks)
    first = AuditEvent.objects.order_by("id").first()
    _raw("UPDATE core_auditevent SET data = %s WHERE id = %s", ['{"n": 42}', first.id])
    previous = audit.GENESIS
    for event in AuditEvent.objects.order_by("id"):
        h = hashes.Hash(hashes.SM3())
        h.update(previous.encode() + audit._content(event))
        previous = h.finalize().hex()
        _raw("UPDATE core_auditevent SET digest = %s WHERE id = %s", [previous, event.id])
    assert audit.audit_verify() == list(
        AuditEvent.objects.order_by("id").values_list("id", flat=True)
    )
    assert audit.audit_verify_anchors()  # the anchored head digest differs as well


@pytest.mark.django_db
def test_chain_depends_on_the_key(monkeypatch, django_capture_on_commit_callbacks):
    _events(2)
    _seal(django_capture_on_commit_callbacks)
    assert audit.audit_verify() == []
    monkeypatch.setenv(audit.AUDIT_KEY_ENV, "ab" * 32)
    assert len(audit.audit_verify()) == 2


@pytest.mark.django_db
def test_seal_is_strictly_in_id_order(django_capture_on_commit_callbacks):
    """An event still inside the seal lag blocks every later id, even an older-stamped one."""
    now = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
    with clock.frozen_now(now):
        audit.record(actor=None, action="test.audit.recent")
    with clock.frozen_now(now - dt.timedelta(hours=1)):  # a later id with an earlier timestamp
        audit.record(actor=None, action="test.audit.older")
    with clock.frozen_now(now + dt.timedelta(seconds=5)):
        assert audit.audit_seal() == 0
    with (
        clock.frozen_now(now + dt.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert audit.audit_seal() == 2
    assert audit.audit_verify() == [] and audit.audit_verify_anchors() == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_delete_and_any_update_but_the_seal(
    django_capture_on_commit_callbacks,
):
    _events(2)
    event = AuditEvent.objects.order_by("id").first()
    for sql, params in [
        ("UPDATE core_auditevent SET data = %s WHERE id = %s", ['{"n": 7}', event.id]),
        (
            "UPDATE core_auditevent SET digest = %s, actor_label = 'x' WHERE id = %s",
            ["a", event.id],
        ),
        ("DELETE FROM core_auditevent WHERE id = %s", [event.id]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    _seal(django_capture_on_commit_callbacks)  # setting an empty digest once is allowed
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET digest = %s WHERE id = %s", ["b", event.id])
    assert audit.audit_verify() == []
