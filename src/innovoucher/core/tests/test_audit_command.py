"""`innovoucher audit verify` names the first broken event; `audit seal` chains the events."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innovoucher.core import audit, clock
from innovoucher.core.models import AuditEvent
from testsupport.audit import tampering

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    with clock.frozen_now(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)):
        events = [
            audit.record(actor=None, action="test.audit.event", data={"n": i}) for i in range(n)
        ]
    call_command("audit", "seal")
    return events


def test_an_intact_chain_verifies(capsys):
    _events(3)
    call_command("audit", "verify")
    assert "已封存 3 条" in capsys.readouterr().out


def test_an_edited_row_is_named_as_the_first_broken_event():
    events = _events(4)
    with tampering():
        AuditEvent.objects.filter(pk=events[1].pk).update(data={"n": 99})
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1
    assert f"#{events[1].pk}" in str(exc.value)


def test_a_deleted_row_breaks_the_chain_after_it():
    events = _events(3)
    with tampering():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert f"#{events[1].pk}" in str(exc.value)
