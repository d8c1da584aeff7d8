import pytest
from django.core.management import call_command

from innovoucher.core import audit, clock
from innovoucher.core.models import AuditEvent


@pytest.mark.django_db
def test_tick_is_idempotent_and_seals_audit_events(capsys):
    with clock.frozen_now("2026-11-01T09:00:00+08:00"):
        audit.record(actor=None, action="test.audit.tick")
    call_command("tick", "--now", "2026-11-21")
    assert AuditEvent.objects.exclude(digest="").count() == 1
    digests = list(AuditEvent.objects.values_list("digest", flat=True))
    call_command("tick", "--now", "2026-11-21")
    assert list(AuditEvent.objects.values_list("digest", flat=True)) == digests
    assert "审计日志封存" in capsys.readouterr().out


@pytest.mark.django_db
def test_tick_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("tick", "--now", "21/11/2026")
