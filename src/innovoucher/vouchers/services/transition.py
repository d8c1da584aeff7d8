"""The one executor of the voucher transition table (`vouchers.states.TRANSITIONS`) on the
lifecycle engine (`core.lifecycle`), with its own compare-and-swap because it moves money.

Every change of a voucher's status or amounts goes through `apply_transition`, in one
transaction:

1. `transition_check` (the action exists, the kind of actor, reasons) and the lifecycle's
   `authorize` hook (`vouchers.permissions.authorize_voucher`);
2. one conditional UPDATE moves the amounts (`reserved_fen`, `used_fen`) and checks, in its
   WHERE clause, that the status is still one the action starts from and — when money is added —
   that `face_fen >= reserved_fen + used_fen + added` still holds (never read-then-write: two
   concurrent orders cannot overdraw a voucher on PostgreSQL or SQLite). Zero rows: the action
   does not start from the voucher's status (Conflict `invalid_transition`), the status moved
   meanwhile (`stale_status`) or the money is not there (`voucher_insufficient`). The UPDATE
   also takes the row lock for the rest of the transaction;
3. `effect()` writes the `VoucherUse` rows of the move (under that lock);
4. the new status is the table's target, or — for money moves marked `derived` — the status the
   amounts imply (`vouchers.domain.derive_status`); a voucher that has already ended keeps its
   final status (`vouchers.states.AFTER_END`);
5. `transition_record` writes the `VoucherChange` row and the audit event
   (`vouchers.voucher.<action>`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q, Sum

from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import (
    Lifecycle,
    require_source,
    stale,
    transition_check,
    transition_record,
)
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.domain import derive_status
from innovoucher.vouchers.models import Voucher, VoucherChange
from innovoucher.vouchers.permissions import authorize_voucher
from innovoucher.vouchers.states import AFTER_END, LIVE, TRANSITIONS, UseStatus, VoucherStatus

VOUCHER = Lifecycle(
    app="vouchers",
    entity="voucher",
    noun="创新券",
    model=Voucher,
    statuses=VoucherStatus,
    table=TRANSITIONS,
    change_model=VoucherChange,
    change_fk="voucher",
    authorize=authorize_voucher,
    system_message="由系统在办理订单或兑付时自动进行",
)


def _move_amounts(
    voucher: Voucher, transition, reserved_delta: int, used_delta: int, guard: dict
) -> None:
    """The conditional UPDATE of the amounts (status still allowed; face not exceeded)."""
    added = reserved_delta + used_delta
    allowed = transition.sources | AFTER_END.get(transition.action, frozenset())
    qs = Voucher.objects.filter(pk=voucher.pk, status__in=list(allowed), **guard)
    if added > 0:
        qs = qs.filter(
            Q(face_fen__isnull=True) | Q(face_fen__gte=F("reserved_fen") + F("used_fen") + added)
        )
    if qs.update(
        reserved_fen=F("reserved_fen") + reserved_delta, used_fen=F("used_fen") + used_delta
    ):
        return
    fresh = Voucher.objects.get(pk=voucher.pk)
    if fresh.status not in allowed and fresh.status == voucher.status:
        require_source(VOUCHER, transition, transition.action, fresh.status)
    if fresh.status not in allowed or any(getattr(fresh, k) != v for k, v in guard.items()):
        raise stale(VOUCHER)
    raise Conflict(
        f"创新券{fresh.number}可用余额 {fen_to_yuan_display(max(fresh.remaining_fen or 0, 0))}，"
        f"不足 {fen_to_yuan_display(added)}",
        code=Code.VOUCHER_INSUFFICIENT,
        details={"remaining_fen": fresh.remaining_fen, "needed_fen": added},
    )


def _target(voucher: Voucher, transition, source: str) -> str:
    if not transition.derived:
        return transition.target
    if source not in LIVE:
        return source
    redeemed = (
        voucher.uses.filter(status=UseStatus.REDEEMED).aggregate(s=Sum("amount_fen"))["s"] or 0
    )
    return derive_status(
        face_fen=voucher.face_fen,
        reserved_fen=voucher.reserved_fen,
        used_fen=voucher.used_fen,
        redeemed_fen=redeemed,
    )


def apply_transition(
    *,
    actor,
    voucher: Voucher,
    action: str,
    by: str,
    reasons=(),
    reserved_delta: int = 0,
    used_delta: int = 0,
    guard: dict | None = None,
    effect: Callable[[Voucher], object] | None = None,
    data: dict | None = None,
    authorized: bool = False,
) -> Voucher:
    """Apply `action` as an actor of kind `by` (holder / official / system); see the module
    docstring. `authorized=True`: the calling service has checked who acts (a voucher given back
    because its order was cancelled by either side)."""
    transition, reasons = transition_check(VOUCHER, action=action, by=by, reasons=reasons)
    if not authorized:
        authorize_voucher(actor, voucher, transition)
    with transaction.atomic():
        _move_amounts(voucher, transition, reserved_delta, used_delta, guard or {})
        voucher.refresh_from_db()
        source = voucher.status
        if effect is not None:
            effect(voucher)
        target = _target(voucher, transition, source)
        if target != source:
            if not Voucher.objects.filter(pk=voucher.pk, status=source).update(status=target):
                raise stale(VOUCHER)
            voucher.status = target
        if reasons:
            Voucher.objects.filter(pk=voucher.pk).update(reasons=reasons)
            voucher.reasons = reasons
        transition_record(
            VOUCHER,
            actor=actor,
            obj=voucher,
            action=action,
            source=source,
            target=target,
            reasons=reasons,
            audit_data={"reserved_delta": reserved_delta, "used_delta": used_delta, **(data or {})},
        )
    return voucher
