"""Payment batches: create, export to the bank (posting the reservations), import results.

Idempotency, step by step:
- creating a batch twice for the same office, cadence and period returns the first one;
- exporting posts each reserved share once (`post:<pending id>`, and a pending transfer can
  be resolved only once), so a second export changes nothing and yields the same file;
- a "paid" result pays each share once (`pay:<share id>`) and moves the line exported → paid
  by compare-and-swap, all shares of a line in one transaction (province + city: all or none);
  a repeated result file changes nothing; a "failed" line frees its claim for the next batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.ledger import bankfiles, permissions
from innovoucher.ledger.domain import period_problem
from innovoucher.ledger.models import (
    Cadence,
    Claim,
    ClaimShare,
    FunderLevel,
    PaymentBatch,
    PaymentLine,
    Purpose,
    Transfer,
)
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.ledger.services.engine import TransferSpec, transfers_execute

LineStatus = PaymentLine.Status
ShareStatus = ClaimShare.Status


def _label(actor) -> str:
    return getattr(actor, "username", "") or "system"


@atomic_service
def batch_create(*, actor, payer_region: str, cadence: str, period: str) -> PaymentBatch:
    """A batch of every reserved, unpaid claim share held at `payer_region` and not in a batch."""
    permissions.require_write(actor, payer_region)
    period = (period or "").strip()
    problem = (
        period_problem(cadence, period)
        if cadence in Cadence.values
        else "支付周期须为按月、按季或按批次通知"
    )
    if problem:
        raise ValidationFailed(problem, code="period_invalid")
    existing = PaymentBatch.objects.filter(
        payer_region=payer_region, cadence=cadence, period=period
    ).first()
    if existing is not None:
        return existing
    batch = PaymentBatch.objects.create(
        payer_region=payer_region,
        cadence=cadence,
        period=period,
        created_at=clock.now(),
        created_by=_label(actor),
    )
    if not _add_lines(batch):
        raise ValidationFailed("该付款单位目前没有待支付的款项", code="nothing_to_pay")
    audit.record(
        actor=actor,
        action="ledger.batch.create",
        obj=batch,
        region_code=payer_region,
        data={"lines": batch.lines.count()},
    )
    return batch


def _eligible(payer_region: str) -> dict[Claim, list[ClaimShare]]:
    busy = PaymentLine.objects.filter(
        payer_region=payer_region, status__in=PaymentLine.LIVE
    ).values("claim_id")
    shares = (
        ClaimShare.objects.filter(
            budget__region_code=payer_region,
            status__in=[ShareStatus.RESERVED, ShareStatus.PAYABLE],
            claim__status=Claim.Status.RESERVED,
        )
        .exclude(claim_id__in=busy)
        .select_related("claim")
        .order_by("claim__completed_at", "claim_id", "funder_level")
    )
    grouped: dict[Claim, list[ClaimShare]] = {}
    for share in shares:
        grouped.setdefault(share.claim, []).append(share)
    return grouped


def _add_lines(batch: PaymentBatch) -> int:
    added = 0
    for claim, shares in _eligible(batch.payer_region).items():
        line = PaymentLine(
            batch=batch,
            claim=claim,
            payer_region=batch.payer_region,
            position=added + 1,
            payee_kind=claim.payee_kind,
            payee_name=claim.payee_name,
            payee_account_masked=claim.payee_account_masked,
            amount_fen=sum(s.amount_fen for s in shares),
            shares={s.funder_level: s.amount_fen for s in shares},
        )
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:  # another batch took this claim at the same moment
            continue
        added += 1
    return added


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


@atomic_service
def batch_export(*, actor, batch: PaymentBatch, fmt: str = "csv") -> ExportFile:
    """Post the batch's reservations (once) and return the bank payment file."""
    permissions.require_write(actor, batch.payer_region)
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("导出格式须为 csv 或 xlsx", code="format_invalid")
    if batch.status == PaymentBatch.Status.DRAFT:
        for line in batch.lines.filter(status=LineStatus.PENDING).select_related("claim"):
            _post_line(line, _label(actor))
        if PaymentBatch.objects.filter(pk=batch.pk, status=PaymentBatch.Status.DRAFT).update(
            status=PaymentBatch.Status.EXPORTED, exported_at=clock.now()
        ):
            audit.record(
                actor=actor,
                action="ledger.batch.export",
                obj=batch,
                region_code=batch.payer_region,
                data={"format": fmt},
            )
        batch.refresh_from_db()
    return _file(batch, fmt)


def _line_shares(line: PaymentLine) -> list[ClaimShare]:
    shares = line.claim.shares.filter(funder_level__in=list(line.shares)).select_related(
        "pending_transfer", "budget"
    )
    return sorted(shares, key=lambda s: s.funder_level)


def _post_line(line: PaymentLine, label: str) -> None:
    for share in _line_shares(line):
        if share.status == ShareStatus.RESERVED:
            spec = TransferSpec(
                key=f"post:{share.pending_transfer_id}",
                code=Transfer.Code.POST,
                reference=line.claim.reference,
                kind=Transfer.Kind.POST,
                pending=share.pending_transfer,
                memo=f"支付批次 {line.batch_id}",
            )
            transfers_execute([spec], actor_label=label)
            ClaimShare.objects.filter(pk=share.pk, status=ShareStatus.RESERVED).update(
                status=ShareStatus.PAYABLE
            )
    PaymentLine.objects.filter(pk=line.pk, status=LineStatus.PENDING).update(
        status=LineStatus.EXPORTED
    )


def _file(batch: PaymentBatch, fmt: str) -> ExportFile:
    levels = dict(FunderLevel.choices)
    rows = [
        bankfiles.ExportRow(
            line.code,
            line.position,
            line.get_payee_kind_display(),
            line.payee_name,
            line.payee_account_masked,
            line.amount_fen,
            "；".join(
                f"{levels.get(k, k)} {fen_to_yuan(v)}元" for k, v in sorted(line.shares.items())
            ),
            line.claim.reference,
            f"科技创新券兑付 {batch.period}",
        )
        for line in batch.lines.exclude(status=LineStatus.CANCELLED).select_related("claim")
    ]
    stem = f"payment-{batch.payer_region}-{batch.cadence}-{batch.period}"
    if fmt == "xlsx":
        title = f"科技创新券资金支付明细（付款单位 {batch.payer_region}，{batch.get_cadence_display()} {batch.period}）"
        return ExportFile(
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bankfiles.render_xlsx(rows, title=title),
        )
    return ExportFile(f"{stem}.csv", "text/csv; charset=utf-8", bankfiles.render_csv(rows))


@dataclass
class ImportSummary:
    paid: int = 0
    failed: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def batch_import_results(
    *, actor, batch: PaymentBatch, filename: str, content: bytes
) -> ImportSummary:
    """Apply the bank's result file: each line in its own transaction; rerunning is harmless."""
    permissions.require_write(actor, batch.payer_region)
    if batch.status == PaymentBatch.Status.DRAFT:
        raise ValidationFailed("批次尚未导出，不能导入银行回执", code="batch_not_exported")
    rows, problems = bankfiles.parse_results(filename, content)
    summary = ImportSummary(problems=problems)
    lines = {line.code: line for line in batch.lines.select_related("claim")}
    for row in rows:
        line = lines.get(row.code)
        if line is None:
            summary.problems.append(f"第 {row.row} 行：明细编号 {row.code} 不属于本批次")
            continue
        _count(summary, row, _settle_safely(actor, line, row))
    _close_if_settled(actor, batch, summary)
    return summary


def _settle_safely(actor, line: PaymentLine, row) -> str:
    try:
        return settle_line(
            actor=actor,
            line=line,
            status=row.status,
            bank_reference=row.bank_reference,
            reason=row.reason,
        )
    except Conflict as exc:
        return f"conflict:{exc.message}"


def _count(summary: ImportSummary, row, outcome: str) -> None:
    if outcome.startswith("conflict:"):
        summary.problems.append(
            f"第 {row.row} 行（{row.code}）：{outcome.removeprefix('conflict:')}"
        )
    else:
        setattr(summary, outcome, getattr(summary, outcome) + 1)


@atomic_service
def settle_line(
    *, actor, line: PaymentLine, status: str, bank_reference: str = "", reason: str = ""
) -> str:
    """Mark one line paid (paying every share of it, all or none) or failed. Returns the outcome."""
    permissions.require_write(actor, line.payer_region)
    line.refresh_from_db()
    if line.status == status:
        return "unchanged"
    if line.status != LineStatus.EXPORTED:
        raise Conflict(
            f"该明细已是“{line.get_status_display()}”，与回执“{'成功' if status == 'paid' else '失败'}”不符，请核对",
            code="line_settled",
        )
    if status == LineStatus.FAILED:
        return _fail(actor, line, reason)
    return _pay(actor, line, bank_reference)


def _fail(actor, line: PaymentLine, reason: str) -> str:
    PaymentLine.objects.filter(pk=line.pk, status=LineStatus.EXPORTED).update(
        status=LineStatus.FAILED, failure_reason=reason or "银行退回", settled_at=clock.now()
    )
    audit.record(
        actor=actor,
        action="ledger.line.failed",
        obj=line,
        region_code=line.payer_region,
        data={"reason": reason},
    )
    return "failed"


def _pay(actor, line: PaymentLine, bank_reference: str) -> str:
    if not PaymentLine.objects.filter(pk=line.pk, status=LineStatus.EXPORTED).update(
        status=LineStatus.PAID, bank_reference=bank_reference, settled_at=clock.now()
    ):
        raise Conflict("该明细正由他人处理，请刷新后重试", code="line_changed")
    for share in _line_shares(line):
        _pay_share(line, share, _label(actor))
    claim = line.claim
    if not claim.shares.exclude(status=ShareStatus.PAID).exists():
        Claim.objects.filter(pk=claim.pk, status=Claim.Status.RESERVED).update(
            status=Claim.Status.PAID, updated_at=clock.now()
        )
    audit.record(
        actor=actor,
        action="ledger.line.paid",
        obj=line,
        region_code=line.payer_region,
        data={"amount_fen": line.amount_fen, "bank_reference": bank_reference},
    )
    return "paid"


def _pay_share(line: PaymentLine, share: ClaimShare, label: str) -> None:
    if share.status != ShareStatus.PAYABLE:
        raise Conflict(f"{share} 不处于待支付状态，不能支付", code="share_not_payable")
    accounts = {a.purpose: a for a in share.budget.accounts.all()}
    spec = TransferSpec(
        key=f"pay:{share.pk}",
        code=Transfer.Code.PAY,
        reference=line.claim.reference,
        amount_fen=share.amount_fen,
        debit=accounts[Purpose.PAYABLE],
        credit=accounts[Purpose.PAID],
        memo=f"支付明细 {line.code}",
    )
    transfers_execute([spec], actor_label=label)
    ClaimShare.objects.filter(pk=share.pk, status=ShareStatus.PAYABLE).update(
        status=ShareStatus.PAID
    )


def _close_if_settled(actor, batch: PaymentBatch, summary: ImportSummary) -> None:
    if batch.lines.filter(status__in=[LineStatus.PENDING, LineStatus.EXPORTED]).exists():
        return
    if PaymentBatch.objects.filter(pk=batch.pk, status=PaymentBatch.Status.EXPORTED).update(
        status=PaymentBatch.Status.RECONCILED, reconciled_at=clock.now()
    ):
        audit.record(
            actor=actor,
            action="ledger.batch.reconcile",
            obj=batch,
            region_code=batch.payer_region,
            data={"paid": summary.paid, "failed": summary.failed},
        )
