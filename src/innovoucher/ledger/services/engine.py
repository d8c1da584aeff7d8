"""The transfer engine: insert transfers and move balances, all or none, never read-then-write.

`transfers_execute(specs)` is TigerBeetle's batch of linked transfers:
1. each spec's idempotency key is inserted (UNIQUE): a key already used with the same
   content returns the stored transfer and moves nothing; with other content it is a Conflict;
2. the balance deltas of the new transfers are summed per account and applied in account-id
   order (one lock order for everyone, so concurrent writers queue instead of deadlocking),
   each as one conditional UPDATE whose WHERE clause carries the account's limit:
   `UPDATE … SET debits_pending = debits_pending + x WHERE id = … AND credits_posted -
   debits_posted - debits_pending >= x`. Zero rows updated means insufficient funds, and the
   enclosing transaction (inserts included) rolls back. The database CHECK constraints on the
   account are the backstop.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from innovoucher.core import clock
from innovoucher.core.bulk import CHUNK, chunked
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import Account, Transfer

Kind = Transfer.Kind


class InsufficientFunds(Conflict):
    """The debit account cannot cover the amount (its limit flag would be broken)."""

    code = Code.INSUFFICIENT_FUNDS

    def __init__(self, account: Account, needed_fen: int):
        self.account = account
        spendable = max(account.spendable_fen, 0)
        message = (
            f"{account}余额不足：需要 {fen_to_yuan_display(needed_fen)}，"
            f"可用 {fen_to_yuan_display(spendable)}"
        )
        super().__init__(
            message,
            details={
                "account": account.pk,
                "budget": account.budget_id,
                "spendable_fen": spendable,
            },
        )


@dataclass(frozen=True)
class TransferSpec:
    key: str
    code: str
    reference: str
    amount_fen: int = 0
    debit: Account | None = None
    credit: Account | None = None
    kind: str = Kind.SINGLE
    pending: Transfer | None = None
    memo: str = ""

    def resolved(self) -> TransferSpec:
        """For post/void: accounts and amount come from the pending transfer."""
        if self.kind not in (Kind.POST, Kind.VOID):
            return self
        p = self.pending
        if p is None or p.kind != Kind.PENDING:
            raise ValidationFailed("确认或撤销必须指向一笔预留转账", code=Code.NOT_PENDING)
        return TransferSpec(
            self.key,
            self.code,
            self.reference,
            p.amount_fen,
            p.debit_account,
            p.credit_account,
            self.kind,
            p,
            self.memo,
        )


@dataclass(frozen=True)
class Executed:
    transfer: Transfer
    created: bool


def transfers_execute(specs: list[TransferSpec], *, actor_label: str = "") -> list[Executed]:
    """Write `specs` as one all-or-none batch; see the module docstring."""
    specs = [_checked(s.resolved()) for s in specs]
    with transaction.atomic():
        results = [_insert(spec, actor_label) for spec in specs]
        _apply(_deltas([r.transfer for r in results if r.created]))
    return results


def transfers_execute_many(specs: list[TransferSpec], *, actor_label: str = "") -> list[Executed]:
    """`transfers_execute` for a large batch (a payment batch's postings and payments) at a fixed
    number of statements: the keys already used are read at once (same content: returned,
    nothing moves; other content: Conflict), the pending transfers already resolved are refused
    at once, the new transfers are inserted in bulk (UNIQUE keys and the unique `pending` are
    still the guard: a concurrent writer's row makes the insert fail and everything roll back),
    then the deltas are applied per account exactly as `transfers_execute` does."""
    specs = [_checked(s.resolved()) for s in specs]
    keys = [s.key for s in specs]
    if len(set(keys)) != len(keys):
        raise ValidationFailed("同一批转账中幂等键重复", code=Code.KEY_INVALID)
    with transaction.atomic():
        existing: dict[str, Transfer] = {}
        for part in chunked(keys):
            existing.update((t.key, t) for t in Transfer.objects.filter(key__in=part))
        same = {s.key: _same_or_conflict(existing[s.key], s) for s in specs if s.key in existing}
        fresh = [s for s in specs if s.key not in existing]
        pending = [s.pending.pk for s in fresh if s.pending is not None]
        for part in chunked(pending):
            resolved = Transfer.objects.filter(pending_id__in=part).values_list(
                "pending_id", flat=True
            )[:1]
            if resolved:
                raise Conflict(
                    "该笔预留已被处理（确认或撤销），不能重复处理",
                    code=Code.PENDING_RESOLVED,
                    details={"pending": resolved[0]},
                )
        now, label = clock.now(), actor_label[:150]
        rows = [Transfer(**_fields(s), actor_label=label, created_at=now) for s in fresh]
        try:
            with transaction.atomic():
                Transfer.objects.bulk_create(rows, batch_size=CHUNK)
        except IntegrityError:
            raise Conflict(
                "部分转账已由他人同时写入，本次未做任何变动，请刷新后重试",
                code=Code.IDEMPOTENCY_CONFLICT,
            ) from None
        _apply(_deltas(rows))
    created = dict(zip((s.key for s in fresh), rows, strict=True))
    return [
        Executed(same[s.key], False) if s.key in same else Executed(created[s.key], True)
        for s in specs
    ]


def _checked(spec: TransferSpec) -> TransferSpec:
    if (
        not isinstance(spec.amount_fen, int)
        or isinstance(spec.amount_fen, bool)
        or spec.amount_fen <= 0
    ):
        raise ValidationFailed(
            "转账金额必须为正整数（分）", code=CoreCode.AMOUNT_INVALID, details={"key": spec.key}
        )
    if spec.debit is None or spec.credit is None or spec.debit.pk == spec.credit.pk:
        raise ValidationFailed(
            "转账须有不同的借方和贷方账户", code=Code.ACCOUNTS_INVALID, details={"key": spec.key}
        )
    if not spec.key or len(spec.key) > 160:
        raise ValidationFailed("转账幂等键不能为空且不超过160个字符", code=Code.KEY_INVALID)
    return spec


def _insert(spec: TransferSpec, actor_label: str) -> Executed:
    """A transfer that resolves no pending one is inserted at once: its key is UNIQUE, so a
    repeated key is found through the IntegrityError (one statement for the usual first insert).
    A post or void first looks for its own key, then refuses a pending already resolved."""
    if spec.pending is None:
        return _insert_row(spec, actor_label)
    existing = Transfer.objects.filter(key=spec.key).first()
    if existing is not None:
        return Executed(_same_or_conflict(existing, spec), False)
    _refuse_resolved_pending(spec)
    return _insert_row(spec, actor_label)


def _insert_row(spec: TransferSpec, actor_label: str) -> Executed:
    try:
        with transaction.atomic():
            return Executed(
                Transfer.objects.create(
                    **_fields(spec), actor_label=actor_label[:150], created_at=clock.now()
                ),
                True,
            )
    except IntegrityError:
        existing = Transfer.objects.filter(key=spec.key).first()
        if existing is None:  # the pending was resolved by someone else meanwhile
            raise Conflict(
                "该笔预留已被处理（确认或撤销），不能重复处理", code=Code.PENDING_RESOLVED
            ) from None
        return Executed(_same_or_conflict(existing, spec), False)


def _fields(spec: TransferSpec) -> dict:
    return {
        "key": spec.key,
        "debit_account": spec.debit,
        "credit_account": spec.credit,
        "amount_fen": spec.amount_fen,
        "kind": spec.kind,
        "code": spec.code,
        "pending": spec.pending,
        "reference": spec.reference[:120],
        "memo": spec.memo[:200],
    }


def _same_or_conflict(existing: Transfer, spec: TransferSpec) -> Transfer:
    stored = (
        existing.debit_account_id,
        existing.credit_account_id,
        existing.amount_fen,
        existing.kind,
        existing.code,
        existing.pending_id,
        existing.reference,
    )
    wanted = (
        spec.debit.pk,
        spec.credit.pk,
        spec.amount_fen,
        spec.kind,
        spec.code,
        spec.pending.pk if spec.pending else None,
        spec.reference[:120],
    )
    if stored != wanted:
        raise Conflict(
            f"幂等键“{spec.key}”已用于另一笔不同的转账",
            code=Code.IDEMPOTENCY_CONFLICT,
            details={"transfer": existing.pk},
        )
    return existing


def _refuse_resolved_pending(spec: TransferSpec) -> None:
    if spec.pending is not None and Transfer.objects.filter(pending=spec.pending).exists():
        raise Conflict(
            "该笔预留已被处理（确认或撤销），不能重复处理",
            code=Code.PENDING_RESOLVED,
            details={"pending": spec.pending.pk},
        )


_EFFECTS = {
    Kind.SINGLE: ({"debits_posted": 1}, {"credits_posted": 1}),
    Kind.PENDING: ({"debits_pending": 1}, {"credits_pending": 1}),
    Kind.POST: (
        {"debits_pending": -1, "debits_posted": 1},
        {"credits_pending": -1, "credits_posted": 1},
    ),
    Kind.VOID: ({"debits_pending": -1}, {"credits_pending": -1}),
}


def _deltas(transfers: list[Transfer]) -> dict[int, dict[str, int]]:
    deltas: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in transfers:
        debit_effect, credit_effect = _EFFECTS[t.kind]
        for name, sign in debit_effect.items():
            deltas[t.debit_account_id][name] += sign * t.amount_fen
        for name, sign in credit_effect.items():
            deltas[t.credit_account_id][name] += sign * t.amount_fen
    return deltas


def _apply(deltas: dict[int, dict[str, int]]) -> None:
    for account_id in sorted(deltas):
        delta = {k: v for k, v in deltas[account_id].items() if v}
        if not delta:
            continue
        updated = Account.objects.filter(_guard(account_id, delta)).update(
            **{k: F(k) + v for k, v in delta.items()}
        )
        if updated != 1:
            account = Account.objects.select_related("budget").get(pk=account_id)
            raise InsufficientFunds(account, _debit_need(delta))


def _debit_need(d: dict[str, int]) -> int:
    return d.get("debits_pending", 0) + d.get("debits_posted", 0) - d.get("credits_posted", 0)


def _guard(account_id: int, d: dict[str, int]) -> Q:
    """The WHERE clause: every balance stays ≥ 0 and the account's limit flag still holds."""
    q = Q(pk=account_id)
    for name, value in d.items():
        if value < 0:
            q &= Q(**{f"{name}__gte": -value})
    need = _debit_need(d)
    if need > 0:
        q &= Q(debits_must_not_exceed_credits=False) | Q(
            credits_posted__gte=F("debits_posted") + F("debits_pending") + need
        )
    credit_need = (
        d.get("credits_pending", 0) + d.get("credits_posted", 0) - d.get("debits_posted", 0)
    )
    if credit_need > 0:
        q &= Q(credits_must_not_exceed_debits=False) | Q(
            debits_posted__gte=F("credits_posted") + F("credits_pending") + credit_need
        )
    return q
