"""Payment batches: bank files, results, failed lines back in the queue, idempotent reruns."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.ledger import bankfiles, services
from innovoucher.ledger.models import (
    Claim,
    ClaimShare,
    PaymentBatch,
    PaymentLine,
    Purpose,
    Transfer,
)
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.services import payments
from innovoucher.ledger.tests.helpers import account, funded, reserve, result_csv

pytestmark = pytest.mark.django_db
L = PaymentLine.Status


@pytest.fixture
def shanxi(officer):
    prov = funded(officer, "140000", 100_000, region="140100")
    own = funded(officer, "140100", 100_000)
    reserve(officer, "redemption:1", {"province": 10_000, "city": 10_000}, day=1)
    reserve(
        officer,
        "redemption:2",
        {"province": 5_000, "city": 5_000},
        day=2,
        payee=services.Payee("provider", "山西某检测中心", "6217****0009"),
    )
    return prov, own


def _batch(officer, period="2026-05"):
    return services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period=period
    )


def test_a_batch_has_one_line_per_claim_with_its_shares(officer, shanxi):
    batch = _batch(officer)
    lines = list(batch.lines.order_by("position"))
    assert [(line.claim.reference, line.amount_fen, line.shares) for line in lines] == [
        ("redemption:1", 20_000, {"city": 10_000, "province": 10_000}),
        ("redemption:2", 10_000, {"city": 5_000, "province": 5_000}),
    ]
    assert _batch(officer).pk == batch.pk, "creating the same batch again returns it"


def test_a_batch_of_one_budget_line_leaves_the_other_lines_for_their_own_batch(officer, shanxi):
    funded(officer, "140000", 100_000, region="140100", line="provider_subsidies")
    funded(officer, "140100", 100_000, line="provider_subsidies")
    reserve(
        officer, "award:1", {"province": 3_000, "city": 3_000}, day=3, line="provider_subsidies"
    )
    awards = services.batch_create(
        actor=officer,
        payer_region="140100",
        cadence="per_notice",
        period="奖补-1",
        budget_line="provider_subsidies",
    )
    assert [line.claim.reference for line in awards.lines.all()] == ["award:1"]
    vouchers = _batch(officer)
    assert sorted(line.claim.reference for line in vouchers.lines.all()) == [
        "redemption:1",
        "redemption:2",
    ]
    with pytest.raises(ValidationFailed):  # nothing of that line left to pay
        services.batch_create(
            actor=officer,
            payer_region="140100",
            cadence="per_notice",
            period="奖补-2",
            budget_line="provider_subsidies",
        )


def test_export_posts_once_and_the_file_is_the_same_every_time(officer, shanxi):
    prov, _ = shanxi
    batch = _batch(officer)
    first = services.batch_export(actor=officer, batch=batch, fmt="csv")
    second = services.batch_export(actor=officer, batch=batch, fmt="csv")
    assert first.content == second.content and first.filename.endswith(".csv")
    assert Transfer.objects.filter(code="post").count() == 4
    assert account(prov, Purpose.PAYABLE).balance_fen == 15_000
    text = first.content.decode("utf-8-sig")
    assert (
        "明细编号" in text
        and "收款户名" in text
        and "1211000012345678901" in text  # the full number a bank can pay
        and "中国工商银行太原分行" in text
        and "*" not in text
        and "200.00" in text
    )
    assert ledger_verify().ok


def test_excel_export_lists_every_line(officer, shanxi):
    batch = _batch(officer)
    exported = services.batch_export(actor=officer, batch=batch, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "明细编号" and len(rows) == 4 and rows[2][5] == "200.00"


def test_results_pay_each_line_once_even_when_imported_twice(officer, shanxi):
    prov, own = shanxi
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    content = result_csv(batch)
    summary = services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=content
    )
    again = services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=content
    )
    assert (summary.paid, summary.failed, summary.problems) == (2, 0, [])
    assert (again.paid, again.unchanged) == (0, 2)
    assert Transfer.objects.filter(code="pay").count() == 4
    assert (
        account(prov, Purpose.PAID).balance_fen == 15_000
        and account(own, Purpose.PAID).balance_fen == 15_000
    )
    assert set(Claim.objects.values_list("status", flat=True)) == {"paid"}
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.RECONCILED and ledger_verify().ok


def test_a_failed_line_returns_to_the_queue_and_is_paid_in_the_next_batch(officer, shanxi):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    failing = batch.lines.get(position=1)
    services.batch_import_results(
        actor=officer,
        batch=batch,
        filename="r.csv",
        content=result_csv(batch, {failing.code: "失败"}),
    )
    failing.refresh_from_db()
    assert failing.status == L.FAILED and failing.failure_reason == "账户已销户"
    assert Claim.objects.get(reference="redemption:1").status == "reserved"
    nxt = _batch(officer, "2026-06")
    assert [line.claim.reference for line in nxt.lines.all()] == ["redemption:1"]
    services.batch_export(actor=officer, batch=nxt)
    assert Transfer.objects.filter(code="post").count() == 4, (
        "the obligation was posted once, in the first export"
    )
    services.batch_import_results(
        actor=officer, batch=nxt, filename="r.csv", content=result_csv(nxt)
    )
    assert Transfer.objects.filter(code="pay", reference="redemption:1").count() == 2
    assert ledger_verify().ok


def test_contradicting_results_are_reported_not_applied(officer, shanxi):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    summary = services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch, default="失败")
    )
    assert summary.failed == 0 and len(summary.problems) == 2 and "已到账" in summary.problems[0]
    assert PaymentLine.objects.filter(status=L.PAID).count() == 2


def test_unreadable_rows_and_foreign_lines_are_reported(officer, shanxi):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    content = f"明细编号,结果\nPL99999999,成功\n{batch.lines.first().code},也许\n".encode()
    summary = services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=content
    )
    assert summary.paid == 0 and len(summary.problems) == 2
    with pytest.raises(ValidationFailed, match="无法读取回执文件"):
        services.batch_import_results(
            actor=officer, batch=batch, filename="r.xlsx", content=b"not a workbook"
        )


def test_excel_result_files_and_gbk_csv_are_read(officer, shanxi):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    book = Workbook()
    book.active.append(["明细编号", "结果", "银行流水号"])
    for line in batch.lines.all():
        book.active.append([line.code, "成功", "X1"])
    buffer = io.BytesIO()
    book.save(buffer)
    summary = services.batch_import_results(
        actor=officer, batch=batch, filename="回执.xlsx", content=buffer.getvalue()
    )
    assert summary.paid == 2
    rows, problems = bankfiles.parse_results("r.csv", "明细编号,结果\nPL1,失败\n".encode("gb18030"))
    assert rows[0].status == "failed" and problems == []


def test_a_multi_funder_line_is_paid_all_or_none(officer, shanxi, monkeypatch):
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    real = payments.transfers_execute_many
    calls = []

    def dies_after_the_transfers(specs, **kwargs):
        calls.append([s.key for s in specs])
        result = real(specs, **kwargs)
        raise RuntimeError("worker killed after the transfers, before the shares and the line")
        return result

    monkeypatch.setattr(payments, "transfers_execute_many", dies_after_the_transfers)
    with pytest.raises(RuntimeError):
        services.settle_line(actor=officer, line=batch.lines.get(position=1), status="paid")
    assert len(calls[0]) == 2, "both shares of the line are paid in the same batch of transfers"
    with pytest.raises(RuntimeError):
        services.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
        )
    assert not Transfer.objects.filter(code="pay").exists()
    assert (
        ClaimShare.objects.filter(status="paid").count() == 0
        and batch.lines.get(position=1).status == L.EXPORTED
    )
    monkeypatch.setattr(payments, "transfers_execute_many", real)
    services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    assert Transfer.objects.filter(code="pay").count() == 4 and ledger_verify().ok


def test_batches_need_the_finance_role_of_the_paying_region(officer, city_officer, shanxi):
    with pytest.raises(PermissionDenied):
        services.batch_create(
            actor=city_officer, payer_region="140200", cadence="monthly", period="2026-05"
        )
    with pytest.raises(ValidationFailed):
        services.batch_create(
            actor=officer, payer_region="140100", cadence="monthly", period="五月"
        )
    with pytest.raises(ValidationFailed):
        services.batch_create(
            actor=officer, payer_region="140200", cadence="monthly", period="2026-05"
        )


def test_releasing_a_claim_in_a_draft_batch_cancels_its_line_but_not_while_at_the_bank(
    officer, shanxi
):
    batch = _batch(officer)
    services.claim_release(actor=officer, reference="redemption:2", reason="撤回")
    assert batch.lines.get(claim__reference="redemption:2").status == L.CANCELLED
    services.batch_export(actor=officer, batch=batch)
    with pytest.raises(Conflict):
        services.claim_release(actor=officer, reference="redemption:1", reason="撤回")
    assert ledger_verify().ok


def test_releasing_a_posted_but_failed_claim_returns_the_money(officer, shanxi):
    prov, own = shanxi
    batch = _batch(officer)
    services.batch_export(actor=officer, batch=batch)
    services.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch, default="失败")
    )
    services.claim_release(
        actor=officer, reference="redemption:1", reason="收款账户无效，申请人放弃"
    )
    assert account(prov, Purpose.PAYABLE).balance_fen == 5_000
    assert account(prov, Purpose.AVAILABLE).spendable_fen == 95_000 and ledger_verify().ok
