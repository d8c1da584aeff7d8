import datetime as dt

import pytest
from django.db import connection

from innovoucher.core import audit, clock
from innovoucher.core.models import AuditEvent
from testsupport.audit import tampering


@pytest.mark.django_db
def test_events_seal_into_a_chain_and_tampering_is_detected():
    with clock.frozen_now("2026-11-20T10:00:00+08:00"):
        for i in range(3):
            audit.record(
                actor=None,
                action="test.audit.event",
                object_type="x",
                object_id=str(i),
                region_code="330602",
                data={"n": i},
            )
    with clock.frozen_now("2026-11-21T10:00:00+08:00"):
        assert audit.audit_seal() == 3
        assert audit.audit_seal() == 0  # idempotent
    assert audit.audit_verify() == []
    victim = AuditEvent.objects.order_by("id")[1]
    with tampering() as cursor:  # tamper behind the application's back
        cursor.execute(
            "UPDATE core_auditevent SET data = %s WHERE id = %s", ['{"n": 99}', victim.id]
        )
    assert audit.audit_verify() == [victim.id]


@pytest.mark.django_db
def test_recent_events_wait_for_the_seal_lag():
    now = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
    with clock.frozen_now(now):
        audit.record(actor=None, action="test.audit.recent")
        assert audit.audit_seal() == 0
    with clock.frozen_now(now + dt.timedelta(minutes=1)):
        assert audit.audit_seal() == 1
