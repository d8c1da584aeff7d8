"""Payment batches: create, export to the bank (posting the reservations), import results.

Idempotency, step by step:
- creating a batch twice for the same office, cadence and period returns the first one;
- exporting posts each reserved share once (`post:<pending id>`, and a pending transfer can
  be resolved only once), so a second export changes nothing and yields the same file;
- a "paid" result pays each share once (`pay:<share id>`) and moves the line exported → paid
  by compare-and-swap, every line of the file in one transaction (province + city: all or
  none); a repeated result file changes nothing; a "failed" line frees its claim for the next
  batch.

Cost: create, export and import are set-based — a fixed number of statements whatever the
number of lines (bulk INSERTs of lines, transfers and audit events; one conditional UPDATE per
status move, with a CASE for the values each line has of its own; balances moved once per
account), one more statement per `core.bulk.CHUNK` lines beyond the first chunk. Held payees
are told after the commit, one notice each.

Every status move (batch export / reconcile, line export / hold / pay / fail, claim pay) goes
through `transition_apply` / `transition_apply_many` with the lifecycles of `ledger.states`; a
compare-and-swap that finds a record moved is a Conflict (the whole move rolls back), never a
silent success.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from innovoucher.core import audit, clock, crypto
from innovoucher.core.bulk import CHUNK, chunked
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import SYSTEM, transition_apply, transition_apply_many
from innovoucher.core.money import fen_to_yuan
from innovoucher.core.requestcache import memo_scope
from innovoucher.ledger import bankfiles, permissions
from innovoucher.ledger.codes import Code
from innovoucher.ledger.domain import period_problem
from innovoucher.ledger.models import (
    Account,
    Cadence,
    Claim,
    ClaimShare,
    FunderLevel,
    PaymentBatch,
    PaymentLine,
    Purpose,
    Transfer,
)
from innovoucher.ledger.payees import NO_REFERENCE, payee_accounts, payee_tell_held
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.ledger.services.engine import TransferSpec, transfers_execute_many
from innovoucher.ledger.services.lifecycles import BATCH, CLAIM, LINE
from innovoucher.ledger.states import FINANCE

LineStatus = PaymentLine.Status
ShareStatus = ClaimShare.Status


def _label(actor) -> str:
    return getattr(actor, "username", "") or "system"


def _memo(fn):
    """The service reads the actor's roles once (`memo_scope`), however many lines it moves."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with memo_scope():
            return fn(*args, **kwargs)

    return wrapper


@_memo
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
    added = _add_lines(batch, budget_line)
    if not added:
        raise ValidationFailed("该付款单位目前没有待支付的款项", code=Code.NOTHING_TO_PAY)
    audit.record(
        actor=actor,
        action="ledger.batch.create",
        obj=batch,
        region_code=payer_region,
        data={"lines": added},
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
    """One line per payable claim, inserted in bulk. A line whose payee has no usable account
    yet is added with its reason (finance sees it; the payee is told to register one): the
    account is asked again at export, so an account verified in the meantime is used. A claim
    another batch took at the same moment is skipped (the partial UNIQUE index on live lines:
    `ON CONFLICT DO NOTHING`), leaving its position unused."""
    grouped = _eligible(batch.payer_region, budget_line)
    accounts = payee_accounts([claim.payee_ref for claim in grouped])
    lines = [
        PaymentLine(
            batch=batch,
            claim=claim,
            payer_region=batch.payer_region,
            position=position,
            payee_kind=claim.payee_kind,
            payee_name=claim.payee_name,
            payee_account_masked=account.masked or claim.payee_account_masked,
            hold_reason=account.problem[:300],
            amount_fen=sum(s.amount_fen for s in shares),
            shares={s.funder_level: s.amount_fen for s in shares},
        )
        for position, ((claim, shares), account) in enumerate(
            zip(grouped.items(), accounts, strict=True), start=1
        )
    ]
    if not lines:
        return 0
    PaymentLine.objects.bulk_create(lines, batch_size=CHUNK, ignore_conflicts=True)
    if any(line.hold_reason for line in lines):
        for line in batch.lines.exclude(hold_reason="").select_related("claim"):
            _tell_held(line, line.hold_reason)
    return batch.lines.count()


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


@_memo
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
    """Every pending line of the batch, at a fixed number of statements: the payees' accounts
    asked (revealed) at once; lines without a usable one held; the reserved shares of the others
    posted in one bulk transfer batch and moved reserved → payable by one conditional UPDATE;
    the lines moved pending → exported with the account fixed on each."""
    lines = list(
        batch.lines.filter(status=LineStatus.PENDING).select_related("claim").order_by("position")
    )
    accounts = payee_accounts(
        [line.claim.payee_ref for line in lines],
        actor=actor,
        reveal=True,
        contexts=[
            {"batch": batch.pk, "line": line.code, "reference": line.claim.reference}
            for line in lines
        ],
    )
    ready, held = [], {}
    for line, account in zip(lines, accounts, strict=True):
        if account.usable and account.number:
            ready.append((line, account))
        else:
            held[line.pk] = (line, (account.problem or NO_REFERENCE.problem)[:300])
    if held:
        _hold_lines(actor, held)
    if not ready:
        return
    ready_lines = [line for line, _ in ready]
    _post_shares(actor, batch, ready_lines)
    transition_apply_many(
        LINE,
        actor=actor,
        objs=ready_lines,
        action="export",
        by=SYSTEM,
        each={
            line.pk: {
                "payee_holder": account.holder[:200],
                "payee_bank": account.bank_name[:100],
                "payee_account_masked": account.masked[:40],
                "payee_account_cipher": crypto.encrypt(account.number, purpose="bank_account"),
                "hold_reason": "",
            }
            for line, account in ready
        },
    )


def _hold_lines(actor, held: dict[int, tuple[PaymentLine, str]]) -> None:
    """pending → held: nothing is posted, no row in the file; the claim waits for the next batch
    (a held line is not live) and the payee is told what to do."""
    transition_apply_many(
        LINE,
        actor=actor,
        objs=[line for line, _ in held.values()],
        action="hold",
        by=SYSTEM,
        each={pk: {"hold_reason": reason} for pk, (_, reason) in held.items()},
        audit_data=lambda line: {"reason": held[line.pk][1]},
    )
    for line, reason in held.values():
        _tell_held(line, reason)


def _lines_shares(lines: list[PaymentLine], *related: str) -> dict[int, list[ClaimShare]]:
    """The shares each line pays (its funder levels of its claim), by line id, in level order."""
    by_claim = {line.claim_id: line for line in lines}
    found: dict[int, list[ClaimShare]] = {line.pk: [] for line in lines}
    for part in chunked(sorted(by_claim)):
        for share in ClaimShare.objects.filter(claim_id__in=part).select_related(*related):
            line = by_claim[share.claim_id]
            if share.funder_level in line.shares:
                share.claim = line.claim
                found[line.pk].append(share)
    for shares in found.values():
        shares.sort(key=lambda s: s.funder_level)
    return found


def _post_shares(actor, batch: PaymentBatch, lines: list[PaymentLine]) -> None:
    """Each reserved share of the lines posted (`post:<pending id>`, reserved → payable); a
    share already payable (a failed line paid again in a later batch) was posted before."""
    shares = _lines_shares(
        lines, "pending_transfer__debit_account", "pending_transfer__credit_account"
    )
    reserved = [
        (line, share)
        for line in lines
        for share in shares[line.pk]
        if share.status == ShareStatus.RESERVED
    ]
    if not reserved:
        return
    transfers_execute_many(
        [
            TransferSpec(
                key=f"post:{share.pending_transfer_id}",
                code=Transfer.Code.POST,
                reference=line.claim.reference,
                kind=Transfer.Kind.POST,
                pending=share.pending_transfer,
                memo=f"支付批次 {batch.pk}",
            )
            for line, share in reserved
        ],
        actor_label=_label(actor),
    )
    _shares_move([share for _, share in reserved], ShareStatus.RESERVED, ShareStatus.PAYABLE)


def _shares_move(shares: list[ClaimShare], source: str, target: str) -> None:
    """One conditional UPDATE (per chunk) moving every share `source` → `target`; a share found
    elsewhere is a Conflict and the whole transaction rolls back."""
    moved = sum(
        ClaimShare.objects.filter(pk__in=part, status=source).update(status=target)
        for part in chunked([s.pk for s in shares])
    )
    if moved != len(shares):
        label = ShareStatus(source).label
        raise Conflict(
            f"部分出资份额已不在“{label}”状态，本次未做任何变动", code=Code.SHARE_CHANGED
        )
    for share in shares:
        share.status = target


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


@_memo
def batch_import_results(
    *, actor, batch: PaymentBatch, filename: str, content: bytes
) -> ImportSummary:
    """Apply the bank's result file in one transaction at a fixed number of statements;
    rerunning it is harmless. The batch's lines are locked (`SELECT … FOR UPDATE`, in id order,
    so concurrent imports queue instead of deciding on stale statuses); a row whose line is
    settled otherwise, or whose shares are no longer payable, is reported and the others are
    applied."""
    permissions.require_write(actor, batch.payer_region)
    if batch.status == PaymentBatch.Status.DRAFT:
        raise ValidationFailed("批次尚未导出，不能导入银行回执", code=Code.BATCH_NOT_EXPORTED)
    try:
        rows, problems = bankfiles.parse_results(filename, content)
    except bankfiles.ResultFileInvalid as exc:
        raise ValidationFailed(
            str(exc), code=Code.RESULT_FILE_INVALID, details={"fields": {"file": [str(exc)]}}
        ) from None
    return _import(actor, batch, rows, ImportSummary(problems=problems))


@atomic_service
def _import(actor, batch: PaymentBatch, rows, summary: ImportSummary) -> ImportSummary:
    lines = {
        line.code: line
        for line in batch.lines.select_for_update(of=("self",))
        .select_related("claim")
        .order_by("pk")
    }
    decided: dict[int, str] = {}
    results: list[Result] = []
    for row in rows:
        line = lines.get(row.code)
        if line is None:
            summary.problems.append(f"第 {row.row} 行：明细编号 {row.code} 不属于本批次")
            continue
        status = decided.get(line.pk, line.status)
        if status == row.status:
            summary.unchanged += 1
        elif status != LineStatus.EXPORTED:
            summary.problems.append(
                f"第 {row.row} 行（{row.code}）：{_settled_message(line, status, row.status)}"
            )
        else:
            decided[line.pk] = row.status
            results.append(Result(line, row.status, row.bank_reference, row.reason, row.row))
    shares = _lines_shares([r.line for r in results if r.status == LineStatus.PAID], "budget")
    payable = []
    for result in results:
        refused = _unpayable(shares.get(result.line.pk, []))
        if result.status == LineStatus.PAID and refused:
            summary.problems.append(f"第 {result.row} 行（{result.line.code}）：{refused}")
        else:
            payable.append(result)
    _settle(actor, payable, shares)
    summary.paid += sum(r.status == LineStatus.PAID for r in payable)
    summary.failed += sum(r.status == LineStatus.FAILED for r in payable)
    _close_if_settled(actor, batch, summary)
    return summary


@dataclass(frozen=True)
class Result:
    """One line's result from the bank, for a line read as exported."""

    line: PaymentLine
    status: str
    bank_reference: str = ""
    reason: str = ""
    row: int = 0


def _settled_message(line: PaymentLine, status: str, wanted: str) -> str:
    result = "成功" if wanted == LineStatus.PAID else "失败"
    label = LineStatus(status).label
    return f"该明细已是“{label}”，与回执“{result}”不符，请核对"


def _unpayable(shares: list[ClaimShare]) -> str:
    for share in shares:
        if share.status != ShareStatus.PAYABLE:
            return f"{share} 不处于待支付状态，不能支付"
    return ""


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
        raise Conflict(_settled_message(line, line.status, status), code=Code.LINE_SETTLED)
    shares = _lines_shares([line], "budget") if status == LineStatus.PAID else {}
    refused = _unpayable(shares.get(line.pk, []))
    if refused:
        raise Conflict(refused, code=Code.SHARE_NOT_PAYABLE)
    _settle(actor, [Result(line, status, bank_reference, reason)], shares)
    return "paid" if status == LineStatus.PAID else "failed"


def _settle(actor, results: list[Result], shares: dict[int, list[ClaimShare]]) -> None:
    """Lines read as exported: the failed ones exported → failed (their claims stay reserved
    and go into the next batch); the paid ones exported → paid with every share of them paid
    (`pay:<share id>`, payable → paid) and each claim whose every share is now paid moved
    reserved → paid — all in the caller's transaction, at a fixed number of statements. A line
    moved meanwhile is `stale_status` (compare-and-swap) and nothing is written."""
    now = clock.now()
    failed = [r for r in results if r.status == LineStatus.FAILED]
    reasons = {r.line.pk: r.reason for r in failed}
    transition_apply_many(
        LINE,
        actor=actor,
        objs=[r.line for r in failed],
        action="fail",
        by=FINANCE,
        values={"settled_at": now},
        each={r.line.pk: {"failure_reason": (r.reason or "银行退回")[:200]} for r in failed},
        audit_data=lambda line: {"reason": reasons[line.pk]},
    )
    paid = [r for r in results if r.status == LineStatus.PAID]
    if not paid:
        return
    refs = {r.line.pk: r.bank_reference for r in paid}
    transition_apply_many(
        LINE,
        actor=actor,
        objs=[r.line for r in paid],
        action="pay",
        by=FINANCE,
        values={"settled_at": now},
        each={r.line.pk: {"bank_reference": r.bank_reference[:80]} for r in paid},
        audit_data=lambda line: {"amount_fen": line.amount_fen, "bank_reference": refs[line.pk]},
    )
    _pay_shares(actor, [r.line for r in paid], shares)


def _pay_shares(actor, lines: list[PaymentLine], shares: dict[int, list[ClaimShare]]) -> None:
    pairs = [(line, share) for line in lines for share in shares[line.pk]]
    budgets = sorted({share.budget_id for _, share in pairs})
    accounts = {
        (a.budget_id, a.purpose): a
        for part in chunked(budgets)
        for a in Account.objects.filter(
            budget_id__in=part, purpose__in=[Purpose.PAYABLE, Purpose.PAID]
        )
    }
    transfers_execute_many(
        [
            TransferSpec(
                key=f"pay:{share.pk}",
                code=Transfer.Code.PAY,
                reference=line.claim.reference,
                amount_fen=share.amount_fen,
                debit=accounts[(share.budget_id, Purpose.PAYABLE)],
                credit=accounts[(share.budget_id, Purpose.PAID)],
                memo=f"支付明细 {line.code}",
            )
            for line, share in pairs
        ],
        actor_label=_label(actor),
    )
    _shares_move([share for _, share in pairs], ShareStatus.PAYABLE, ShareStatus.PAID)
    line_of = {line.claim_id: line for line in lines}
    unpaid = ClaimShare.objects.filter(claim_id=OuterRef("pk")).exclude(status=ShareStatus.PAID)
    claims = [
        claim
        for part in chunked(sorted(line_of))
        for claim in Claim.objects.filter(pk__in=part, status=Claim.Status.RESERVED).exclude(
            Exists(unpaid)
        )
    ]
    transition_apply_many(
        CLAIM,
        actor=actor,
        objs=claims,
        action="pay",
        by=SYSTEM,
        values={"updated_at": clock.now()},
        audit_data=lambda claim: {"line": line_of[claim.pk].code},
    )


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
