"""The restore drill (issue 14, 数据备份恢复): back up, change data, restore, verify the data,
`innovoucher audit verify` and `innovoucher ledger verify`; the keys in the archive are encrypted
with the passphrase, a wrong passphrase or a changed archive is refused."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from innovoucher.core import clock, crypto
from innovoucher.core.audit import audit_seal, audit_verify
from innovoucher.core.backup import backup_create, backup_restore
from innovoucher.core.codes import Code
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.ledger.models import Transfer
from innovoucher.orders import services as orders
from innovoucher.orders.models import Order, OrderAttachment
from innovoucher.registry.models import Organisation
from testsupport.world import START, pdf, register_party

PASSPHRASE = "drill-passphrase-2026"


@pytest.fixture
def drill(transactional_db, make_world, monkeypatch, tmp_path):
    monkeypatch.setenv("INNOVOUCHER_BACKUP_PASSPHRASE", PASSPHRASE)
    w = make_world("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        order = orders.order_place(
            actor=w.applicant_user, client=w.applicant, service=w.service, subject="委托检测"
        )
        orders.attachment_add(
            actor=w.applicant_user, order=order, kind="other", upload=pdf("检测方案.pdf")
        )
    audit_seal(until=clock.now())
    return w, order, tmp_path / "backups" / "drill.tar.gz"


def test_backup_change_restore_verify(drill, capsys):
    w, order, archive = drill
    before = {
        "orgs": Organisation.objects.count(),
        "orders": Order.objects.count(),
        "transfers": Transfer.objects.count(),
        "events": AuditEvent.objects.count(),
    }
    id_cipher = Organisation.objects.get(pk=w.applicant.pk).legal_rep_id_cipher
    attachment = OrderAttachment.objects.get(order=order)
    content = attachment.file.read()
    call_command("backup", "--output", str(archive))
    assert archive.exists() and oct(archive.stat().st_mode & 0o777) == "0o600"

    # The keys are in the archive, but only encrypted with the passphrase.
    keys = crypto.keys()
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        everything = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert {"manifest.json", "keys.enc", "data.backupjson"} <= set(names)
    assert any(n.startswith("media/") for n in names)
    assert (keys.sm4 + keys.mac).hex().encode() not in everything
    assert (keys.sm4 + keys.mac).hex().upper().encode() not in everything

    # Change data after the backup: a new party, an order gone, a changed name, a file gone.
    with clock.frozen_now(START["shaoxing"]):
        register_party("330602", reviewer=w.officials["county"], username="after-backup")
    Organisation.objects.filter(pk=w.applicant.pk).update(name="备份之后改过的名字")
    attachment.file.delete(save=False)
    OrderAttachment.objects.filter(pk=attachment.pk).delete()
    Order.objects.filter(pk=order.pk).update(subject="备份之后改过")
    assert Organisation.objects.count() > before["orgs"]

    with pytest.raises(CommandError):
        call_command("restore", str(archive))  # without --yes nothing happens
    call_command("restore", str(archive), "--yes")
    assert Organisation.objects.count() == before["orgs"]
    assert Order.objects.count() == before["orders"]
    assert Transfer.objects.count() == before["transfers"]
    # + the backup's own event (inside the archive) and the restore's
    assert AuditEvent.objects.count() == before["events"] + 2
    last_two = AuditEvent.objects.order_by("-id").values_list("action", flat=True)[:2]
    assert list(last_two) == ["core.backup.restore", "core.backup.create"]
    restored = Organisation.objects.get(pk=w.applicant.pk)
    assert restored.name == w.applicant.name and restored.legal_rep_id_cipher == id_cipher
    assert crypto.decrypt(id_cipher, purpose="id_number")  # the PII key still opens it
    assert Order.objects.get(pk=order.pk).subject == "委托检测"
    again = OrderAttachment.objects.get(pk=attachment.pk)
    assert again.file.read() == content

    assert audit_verify() == []
    call_command("audit", "verify")
    call_command("ledger", "verify")
    out = capsys.readouterr().out
    assert "审计日志哈希链完整" in out

    # New rows after a restore get fresh ids (sequences reset on PostgreSQL).
    with clock.frozen_now(START["shaoxing"]):
        new = orders.order_place(
            actor=w.applicant_user, client=w.applicant, service=w.service, subject="恢复后下单"
        )
    assert new.pk > order.pk


def test_wrong_passphrase_and_changed_archive_are_refused(drill, tmp_path):
    _, _, archive = drill
    backup_create(output=archive, passphrase=PASSPHRASE)
    count = Organisation.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        backup_restore(path=archive, passphrase="not-the-passphrase")
    assert exc.value.code == Code.BACKUP_PASSPHRASE_WRONG
    with pytest.raises(ValidationFailed) as exc:
        backup_create(output=archive, passphrase="short")
    assert exc.value.code == Code.BACKUP_PASSPHRASE_MISSING

    changed = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(changed, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "data.backupjson":
                data = data.replace(b"\\u59d4\\u6258", b"\\u6539\\u52a8", 1) or data + b" "
                data = data if data != src.extractfile(member).read() else data + b" "
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(ValidationFailed) as exc:
        backup_restore(path=changed, passphrase=PASSPHRASE)
    assert exc.value.code == Code.BACKUP_INVALID
    assert Organisation.objects.count() == count  # nothing touched
