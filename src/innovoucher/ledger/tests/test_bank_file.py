"""The bank file a bank can pay: full account, holder, bank, amount and reference; a line without a
usable account is held (not in the file, its claim free for the next batch); receipt files with
the wrong columns are refused whole; the download is finance-only, an attachment, never cached."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.ledger import services
from innovoucher.ledger.models import PaymentLine, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import funded, reserve
from testsupport import make_user

pytestmark = pytest.mark.django_db
L = PaymentLine.Status


@pytest.fixture
def two_claims(officer):
    funded(officer, "140000", 100_000, region="140100")
    reserve(
        officer,
        "redemption:a",
        {"province": 10_000},
        day=1,
        payee=services.Payee("applicant", "甲", ref=":甲"),
    )
    reserve(
        officer,
        "redemption:b",
        {"province": 5_000},
        day=2,
        payee=services.Payee("applicant", "乙", ref=":乙"),
    )


def _batch(officer, period="2026-05"):
    return services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period=period
    )


def test_a_line_without_a_usable_account_is_held_and_paid_in_the_next_batch(
    officer, two_claims, fake_payees
):
    fake_payees.problems["乙"] = "“乙”尚未登记收款账户"
    batch = _batch(officer)
    flagged = {line.claim.reference: line.hold_reason for line in batch.lines.all()}
    assert flagged == {"redemption:a": "", "redemption:b": "“乙”尚未登记收款账户"}
    exported = services.batch_export(actor=officer, batch=batch)
    text = exported.content.decode("utf-8-sig")
    assert "redemption:a" in text and "redemption:b" not in text
    held = batch.lines.get(claim__reference="redemption:b")
    assert held.status == L.HELD and "尚未登记" in held.hold_reason
    assert not Transfer.objects.filter(code="post", reference="redemption:b").exists()
    # the account gets registered and verified: the next batch takes the claim and exports it
    fake_payees.problems.clear()
    later = _batch(officer, "2026-06")
    assert [line.claim.reference for line in later.lines.all()] == ["redemption:b"]
    services.batch_export(actor=officer, batch=later)
    assert later.lines.get().status == L.EXPORTED
    assert ledger_verify().ok


def test_an_account_verified_before_export_is_picked_up(officer, two_claims, fake_payees):
    fake_payees.problems["乙"] = "收款账户尚未通过审核"
    batch = _batch(officer)
    fake_payees.problems.clear()  # verified while the batch waits
    services.batch_export(actor=officer, batch=batch)
    assert set(batch.lines.values_list("status", flat=True)) == {L.EXPORTED}


def test_the_file_reveal_is_audited_and_the_account_is_fixed_at_export(officer, two_claims):
    batch = _batch(officer)
    first = services.batch_export(actor=officer, batch=batch, fmt="csv")
    again = services.batch_export(actor=officer, batch=batch, fmt="csv")
    assert first.content == again.content
    reveals = AuditEvent.objects.filter(action="ledger.batch.reveal")
    assert reveals.count() == 2 and reveals.first().data["pii"] == "bank_account"
    line = batch.lines.first()
    assert line.payee_account_cipher and "1211000012345678901" not in line.payee_account_cipher
    header = first.content.decode("utf-8-sig").splitlines()[0]
    for column in ("收款户名", "收款账号", "收款开户行", "金额（元）", "业务编号"):
        assert column in header


def test_a_receipt_with_wrong_columns_is_refused_whole(officer, two_claims):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    wrong = "编号,状态说明\nPL00000001,成功\n".encode("utf-8-sig")
    with pytest.raises(ValidationFailed) as exc:
        services.batch_import_results(actor=officer, batch=batch, filename="r.csv", content=wrong)
    assert "缺少“明细编号”“结果”列" in exc.value.message and exc.value.code == "result_file_invalid"
    assert not batch.lines.filter(status=L.PAID).exists()
    with pytest.raises(ValidationFailed, match="没有任何明细行"):
        services.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content="明细编号,结果\n".encode()
        )


def test_pages_download_is_finance_only_no_store_and_a_bad_receipt_is_red(
    client, officer, two_claims
):
    batch = _batch(officer)
    reader = make_user("auditor_sx", grants=[(Role.AUDITOR, "140000")])
    client.force_login(reader)
    assert client.post(f"/finance/batches/{batch.pk}/export/", {"format": "csv"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.batch_export(actor=reader, batch=batch)
    client.force_login(officer)
    response = client.post(f"/finance/batches/{batch.pk}/export/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    assert response["Content-Disposition"].startswith("attachment;")
    upload = {"file": _upload("r.csv", "编号,状态\nPL1,成功\n".encode())}
    page = client.post(f"/finance/batches/{batch.pk}/import/", upload)
    body = page.content.decode()
    assert page.status_code == 422 and "缺少" in body and "已导入" not in body
    assert client.get(f"/finance/batches/{batch.pk}/import/").status_code == 302


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/csv")
