"""Payment batches: create, export to the bank (posting the reservations), import results.

Idempotency, step by step:
- creating a batch twice for the same office, cadence and period returns the first one;
- exporting posts each reserved share once (`post:<pending id>`, and a pending transfer can
  be resolved only once), so a second export changes nothing and yields the same file;
- a "paid" result pays each share once (`pay:<share id>`) and moves the line exported → paid
  by compare-and-swap, all shares of a line in one transaction (province + city: all or none);
  a repeated result file changes nothing; a "failed" line frees its claim for the next batch.

Every status move (batch export / reconcile, line export / pay / fail, claim pay) goes through
`transition_apply` with the lifecycles of `ledger.states`; a compare-and-swap that finds the
record moved is a Conflict, never a silent success.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock, crypto
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.money import fen_to_yuan
from innovoucher.ledger import bankfiles, permissions
from innovoucher.ledger.codes import Code
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
from innovoucher.ledger.payees import NO_REFERENCE, PayeeAccount, payee_account, payee_tell_held
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.ledger.services.engine import TransferSpec, transfers_execute
from innovoucher.ledger.services.lifecycles import BATCH, CLAIM, LINE
from innovoucher.ledger.states import FINANCE

LineStatus = PaymentLine.Status
ShareStatus = ClaimShare.Status


def _label(actor) -> str:
    return getattr(actor, "username", "") or "system"


@atomic_service
def batch_create(
    *, actor, payer_region: str, cadence: str, period: str, budget_line: str = ""
) -> PaymentBatch:
    """A batch of every reserved, unpaid claim share held at `payer_region` and not in a batch
    (with `budget_line`, only the claims on that budget line: e.g. the 服务机构补助 paid under its
    own
    payment notice, apart from the vouchers)."""
    permissions.require_write(actor, payer_region)
    period = (period or "").strip()
    problem = (
        period_problem(cadence, period)
        if cadence in Cadence.values
        else "支付周期须为按月、按季或按批次通知"
    )
    if problem:
        raise ValidationFailed(problem, code=Code.PERIOD_INVALID)
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
    if not _add_lines(batch, budget_line):
        raise ValidationFailed("该付款单位目前没有待支付的款项", code=Code.NOTHING_TO_PAY)
    audit.record(
        actor=actor,
        action="ledger.batch.create",
        obj=batch,
        region_code=payer_region,
        data={"lines": batch.lines.count()},
    )
    return batch


def _eligible(payer_region: str, budget_line: str = "") -> dict[Claim, list[ClaimShare]]:
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
        .filter(**({"claim__line": budget_line} if budget_line else {}))
        .select_related("claim")
        .order_by("claim__completed_at", "claim_id", "funder_level")
    )
    grouped: dict[Claim, list[ClaimShare]] = {}
    for share in shares:
        grouped.setdefault(share.claim, []).append(share)
    return grouped


def _add_lines(batch: PaymentBatch, budget_line: str = "") -> int:
    """One line per payable claim. A line whose payee has no usable account yet is added with
    its reason (finance sees it; the payee is told to register one): the account is asked again
    at export, so an account verified in the meantime is used."""
    added = 0
    for claim, shares in _eligible(batch.payer_region, budget_line).items():
        account = payee_account(claim.payee_ref)
        line = PaymentLine(
            batch=batch,
            claim=claim,
            payer_region=batch.payer_region,
            position=added + 1,
            payee_kind=claim.payee_kind,
            payee_name=claim.payee_name,
            payee_account_masked=account.masked or claim.payee_account_masked,
            hold_reason=account.problem[:300],
            amount_fen=sum(s.amount_fen for s in shares),
            shares={s.funder_level: s.amount_fen for s in shares},
        )
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:  # another batch took this claim at the same moment
            continue
        if account.problem:
            _tell_held(line, account.problem)
        added += 1
    return added


def _tell_held(line: PaymentLine, reason: str) -> None:
    what = (
        f"兑付款项 {fen_to_yuan(line.amount_fen)} 元（{line.claim.reference}）"
        "在收款账户登记并审核通过后随下一批次拨付。"
    )
    context = {"line": line.code, "what": what}
    transaction.on_commit(
        lambda: payee_tell_held(line.claim.payee_ref, reason=reason, context=context)
    )


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


@atomic_service
def batch_export(*, actor, batch: PaymentBatch, fmt: str = "csv") -> ExportFile:
    """Post the batch's reservations (once) and return the bank payment file.

    The first export moves the batch draft → exported (and its lines with it); exporting an
    exported batch, or losing the race to another export, just gives the same file again."""
    permissions.require_write(actor, batch.payer_region)
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("导出格式须为 csv 或 xlsx", code=Code.FORMAT_INVALID)
    batch.refresh_from_db()
    if batch.status == PaymentBatch.Status.DRAFT:
        try:
            transition_apply(
                BATCH,
                actor=actor,
                obj=batch,
                action="export",
                by=FINANCE,
                values={"exported_at": clock.now()},
                audit_data={"format": fmt},
                after=lambda exported: _post_lines(actor, exported),
            )
        except Conflict as exc:
            if exc.code != CoreCode.STALE_STATUS:
                raise
            batch.refresh_from_db()  # exported by someone else a moment ago: same file
    return _file(actor, batch, fmt)


def _post_lines(actor, batch: PaymentBatch) -> None:
    for line in batch.lines.filter(status=LineStatus.PENDING).select_related("claim"):
        account = payee_account(
            line.claim.payee_ref,
            actor=actor,
            reveal=True,
            context={"batch": batch.pk, "line": line.code, "reference": line.claim.reference},
        )
        if account.usable and account.number:
            _post_line(actor, line, account)
        else:
            _hold_line(actor, line, account.problem or NO_REFERENCE.problem)


def _hold_line(actor, line: PaymentLine, reason: str) -> None:
    """pending → held: nothing is posted, no row in the file; the claim waits for the next batch
    (a held line is not live) and the payee is told what to do."""
    transition_apply(
        LINE,
        actor=actor,
        obj=line,
        action="hold",
        by=SYSTEM,
        values={"hold_reason": reason[:300]},
        audit_data={"reason": reason},
    )
    _tell_held(line, reason)


def _line_shares(line: PaymentLine) -> list[ClaimShare]:
    shares = line.claim.shares.filter(funder_level__in=list(line.shares)).select_related(
        "pending_transfer", "budget"
    )
    return sorted(shares, key=lambda s: s.funder_level)


def _post_line(actor, line: PaymentLine, account: PayeeAccount) -> None:
    """pending → exported: each reserved share of the line posted (reserved → payable), the
    account the order goes to fixed on the line (sealed)."""
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
            transfers_execute([spec], actor_label=_label(actor))
            if not ClaimShare.objects.filter(pk=share.pk, status=ShareStatus.RESERVED).update(
                status=ShareStatus.PAYABLE
            ):
                raise Conflict(f"{share} 已不在已预留状态", code=Code.SHARE_CHANGED)
    transition_apply(
        LINE,
        actor=actor,
        obj=line,
        action="export",
        by=SYSTEM,
        values={
            "payee_holder": account.holder[:200],
            "payee_bank": account.bank_name[:100],
            "payee_account_masked": account.masked[:40],
            "payee_account_cipher": crypto.encrypt(account.number, purpose="bank_account"),
            "hold_reason": "",
        },
    )


IN_FILE = (LineStatus.EXPORTED, LineStatus.PAID, LineStatus.FAILED)


@chinese  # stored text stays Chinese
def _file(actor, batch: PaymentBatch, fmt: str) -> ExportFile:
    """The bank file: the full account of every line ordered at export (held lines are not in
    it). Every download reveals the accounts, so every download is an audit event."""
    levels = dict(FunderLevel.choices)
    lines = list(batch.lines.filter(status__in=IN_FILE).select_related("claim"))
    rows = [
        bankfiles.ExportRow(
            code=line.code,
            position=line.position,
            holder=line.payee_holder,
            account=crypto.decrypt(line.payee_account_cipher, purpose="bank_account"),
            bank_name=line.payee_bank,
            amount_fen=line.amount_fen,
            reference=line.claim.reference,
            memo=f"科技创新券补助 {line.code}",
            payee_kind=line.get_payee_kind_display(),
            shares="；".join(
                f"{levels.get(k, k)} {fen_to_yuan(v)}元" for k, v in sorted(line.shares.items())
            ),
        )
        for line in lines
    ]
    audit.record(
        actor=actor,
        action="ledger.batch.reveal",
        obj=batch,
        region_code=batch.payer_region,
        data={"pii": "bank_account", "format": fmt, "lines": [line.code for line in lines]},
    )
    stem = f"payment-{batch.payer_region}-{batch.cadence}-{batch.period}"
    if fmt == "xlsx":
        title = (
            f"科技创新券资金支付明细（付款单位 {batch.payer_region}，"
            f"{batch.get_cadence_display()} {batch.period}）"
        )
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
        raise ValidationFailed("批次尚未导出，不能导入银行回执", code=Code.BATCH_NOT_EXPORTED)
    try:
        rows, problems = bankfiles.parse_results(filename, content)
    except bankfiles.ResultFileInvalid as exc:
        raise ValidationFailed(
            str(exc), code=Code.RESULT_FILE_INVALID, details={"fields": {"file": [str(exc)]}}
        ) from None
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
        result = "成功" if status == LineStatus.PAID else "失败"
        raise Conflict(
            f"该明细已是“{line.get_status_display()}”，与回执“{result}”不符，请核对",
            code=Code.LINE_SETTLED,
        )
    if status == LineStatus.FAILED:
        return _fail(actor, line, reason)
    return _pay(actor, line, bank_reference)


def _fail(actor, line: PaymentLine, reason: str) -> str:
    """exported → failed (the claim stays reserved and goes into the next batch)."""
    transition_apply(
        LINE,
        actor=actor,
        obj=line,
        action="fail",
        by=FINANCE,
        values={"failure_reason": (reason or "银行退回")[:200], "settled_at": clock.now()},
        audit_data={"reason": reason},
    )
    return "failed"


def _pay(actor, line: PaymentLine, bank_reference: str) -> str:
    """exported → paid, every share of the line paid in the same transaction."""
    transition_apply(
        LINE,
        actor=actor,
        obj=line,
        action="pay",
        by=FINANCE,
        values={"bank_reference": bank_reference[:80], "settled_at": clock.now()},
        audit_data={"amount_fen": line.amount_fen, "bank_reference": bank_reference},
        after=lambda paid: _pay_shares(actor, paid),
    )
    return "paid"


def _pay_shares(actor, line: PaymentLine) -> None:
    for share in _line_shares(line):
        _pay_share(line, share, _label(actor))
    claim = line.claim
    claim.refresh_from_db()
    if (
        claim.status == Claim.Status.RESERVED
        and not claim.shares.exclude(status=ShareStatus.PAID).exists()
    ):
        transition_apply(
            CLAIM,
            actor=actor,
            obj=claim,
            action="pay",
            by=SYSTEM,
            values={"updated_at": clock.now()},
            audit_data={"line": line.code},
        )


def _pay_share(line: PaymentLine, share: ClaimShare, label: str) -> None:
    if share.status != ShareStatus.PAYABLE:
        raise Conflict(f"{share} 不处于待支付状态，不能支付", code=Code.SHARE_NOT_PAYABLE)
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
    if not ClaimShare.objects.filter(pk=share.pk, status=ShareStatus.PAYABLE).update(
        status=ShareStatus.PAID
    ):
        raise Conflict(f"{share} 已被他人支付，请刷新后重试", code=Code.SHARE_CHANGED)


@atomic_service
def _close_if_settled(actor, batch: PaymentBatch, summary: ImportSummary) -> None:
    """exported → reconciled once no line waits for the bank (a rerun, or a concurrent import
    that closed it first, changes nothing)."""
    batch.refresh_from_db()
    if batch.status != PaymentBatch.Status.EXPORTED:
        return
    if batch.lines.filter(status__in=[LineStatus.PENDING, LineStatus.EXPORTED]).exists():
        return
    try:
        transition_apply(
            BATCH,
            actor=actor,
            obj=batch,
            action="reconcile",
            by=SYSTEM,
            values={"reconciled_at": clock.now()},
            audit_data={"paid": summary.paid, "failed": summary.failed},
        )
    except Conflict as exc:
        if exc.code != CoreCode.STALE_STATUS:
            raise
