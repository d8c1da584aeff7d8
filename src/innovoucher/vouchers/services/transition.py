"""The one executor of the voucher transition table (`vouchers.states.TRANSITIONS`).

Every change of a voucher's status or amounts goes through `apply_transition`, in one
transaction:

1. one conditional UPDATE moves the amounts (`reserved_fen`, `used_fen`) and checks, in its
   WHERE clause, that the status is still one the action starts from and — when money is added —
   that `face_fen >= reserved_fen + used_fen + added` still holds (never read-then-write: two
   concurrent orders cannot overdraw a voucher on PostgreSQL or SQLite). Zero rows: the status
   moved meanwhile (Conflict `stale_status`) or the money is not there (Conflict
   `voucher_insufficient`). The UPDATE also takes the row lock for the rest of the transaction;
2. `effect()` writes the `VoucherUse` rows of the move (under that lock);
3. the new status is the table's target, or — for money moves marked `derived` — the status the
   amounts imply (`vouchers.domain.derive_status`); a voucher that has already ended keeps its
   final status (`vouchers.states.AFTER_END`);
4. a `VoucherChange` row and an audit event are written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q, Sum

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.vouchers.domain import derive_status
from innovoucher.vouchers.models import Voucher, VoucherChange
from innovoucher.vouchers.states import AFTER_END, LIVE, SYSTEM, TRANSITIONS, UseStatus


def _check(transition, action: str, by: str, reasons: list[str]) -> None:
    if transition is None:
        raise ValidationFailed(
            f"未知的操作“{action}”", code="unknown_action", details={"action": action}
        )
    if transition.by != by:
        if transition.by == SYSTEM:
            raise PermissionDenied(f"“{transition.label}”由系统在办理订单或兑付时自动进行")
        raise PermissionDenied(f"您不能办理创新券的“{transition.label}”")
    if transition.needs_reasons and not reasons:
        raise ValidationFailed(
            f"{transition.label}须填写理由",
            code="reasons_required",
            details={"fields": {"reasons": [f"请填写{transition.label}的理由"]}},
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
    if fresh.status not in allowed or any(getattr(fresh, k) != v for k, v in guard.items()):
        raise Conflict(
            f"创新券{fresh.number}当前状态为“{fresh.get_status_display()}”，不能{transition.label}，请刷新后重试",
            code="stale_status",
            details={"status": fresh.status},
        )
    raise Conflict(
        f"创新券{fresh.number}可用余额 {fen_to_yuan_display(max(fresh.remaining_fen or 0, 0))}，"
        f"不足 {fen_to_yuan_display(added)}",
        code="voucher_insufficient",
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
) -> Voucher:
    """Apply `action` as an actor of kind `by` (holder / official / system); see the module docstring."""
    transition = TRANSITIONS.get(action)
    reasons = [str(r).strip() for r in reasons if r and str(r).strip()]
    _check(transition, action, by, reasons)
    now = clock.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _move_amounts(voucher, transition, reserved_delta, used_delta, guard or {})
        voucher.refresh_from_db()
        source = voucher.status
        if effect is not None:
            effect(voucher)
        target = _target(voucher, transition, source)
        if target != source:
            if not Voucher.objects.filter(pk=voucher.pk, status=source).update(status=target):
                raise Conflict("该创新券已被他人处理，请刷新页面查看最新状态", code="stale_status")
            voucher.status = target
        if reasons:
            Voucher.objects.filter(pk=voucher.pk).update(reasons=reasons)
            voucher.reasons = reasons
        VoucherChange.objects.create(
            voucher=voucher,
            action=action,
            from_status=source,
            to_status=target,
            reasons=reasons,
            actor=user,
            at=now,
        )
        audit.record(
            actor=actor,
            action=f"vouchers.{action}",
            obj=voucher,
            region_code=voucher.region_code,
            data={
                "from": source,
                "to": target,
                "reasons": reasons,
                "number": voucher.number,
                "reserved_delta": reserved_delta,
                "used_delta": used_delta,
                **(data or {}),
            },
        )
    return voucher
