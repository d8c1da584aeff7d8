"""Moving a voucher's money through `VoucherUse` rows. Called by other services (orders at
placement and settlement, redemptions when a claim is filed, rejected or paid), never by a view:
the caller has already checked who acts. Every move goes through the one executor.

    voucher_reserve_for_order(actor=, voucher=, order=, amount_fen=)   # order placed with a voucher
    voucher_release_for_order(actor=, voucher=, order=)                # order cancelled
    # settled with deduction / claim filed:
    voucher_use(actor=, voucher=, order=None, redemption=None, amount_fen=)
    voucher_unuse(actor=, voucher=, redemption=None, order=None)       # claim rejected or withdrawn
    voucher_mark_redeemed(actor=, voucher=, redemption=None, order=None)    # claim paid
"""

from __future__ import annotations

from django.db import transaction

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.services.transition import apply_transition
from innovoucher.vouchers.states import SYSTEM, UseStatus


def _amount(amount_fen) -> int:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen < 0:
        raise ValidationFailed(
            "创新券使用金额必须为不小于0的整数（分）", code=CoreCode.AMOUNT_INVALID
        )
    return amount_fen


def _new_use(
    voucher: Voucher, *, status: str, amount_fen: int, order=None, redemption=None
) -> VoucherUse:
    now = clock.now()
    return VoucherUse.objects.create(
        voucher=voucher,
        order=order,
        redemption=redemption,
        amount_fen=amount_fen,
        status=status,
        created_at=now,
        updated_at=now,
    )


def _set_use(use: VoucherUse, **fields) -> None:
    fields["updated_at"] = clock.now()
    if not VoucherUse.objects.filter(pk=use.pk, status=use.status).update(**fields):
        raise Conflict("创新券使用记录已被他人处理，请刷新后重试", code=CoreCode.STALE_STATUS)


def _open_use(
    voucher: Voucher, *, order=None, redemption=None, statuses=(UseStatus.RESERVED, UseStatus.USED)
) -> VoucherUse | None:
    qs = VoucherUse.objects.filter(voucher=voucher, status__in=list(statuses))
    if redemption is not None:
        found = qs.filter(redemption=redemption).first()
        if found is not None:
            return found
        order = order or getattr(redemption, "order", None)
    return qs.filter(order=order).first() if order is not None else None


def voucher_reserve_for_order(*, actor, voucher: Voucher, order, amount_fen: int) -> VoucherUse:
    """Hold `amount_fen` of the voucher for an order (once: a second call returns the first
    hold)."""
    amount = _amount(amount_fen)
    existing = _open_use(voucher, order=order)
    if existing is not None:
        return existing
    if voucher.face_fen is None:
        raise ValidationFailed(
            "该创新券为使用资格，金额在兑付时核定，不能在下单时占用", code=Code.VOUCHER_NO_FACE
        )
    holder = {}

    def effect(v):
        holder["use"] = _new_use(v, status=UseStatus.RESERVED, amount_fen=amount, order=order)

    apply_transition(
        actor=actor,
        voucher=voucher,
        action="reserve",
        by=SYSTEM,
        reserved_delta=amount,
        effect=effect,
        data={"order": order.pk, "amount": fen_to_yuan(amount)},
    )
    return holder["use"]


def voucher_release_for_order(*, actor, voucher: Voucher, order) -> VoucherUse | None:
    """Give back what an order held (no-op when it holds nothing)."""
    use = _open_use(voucher, order=order, statuses=(UseStatus.RESERVED,))
    if use is None:
        return None
    apply_transition(
        actor=actor,
        voucher=voucher,
        action="release",
        by=SYSTEM,
        reserved_delta=-use.amount_fen,
        effect=lambda v: _set_use(use, status=UseStatus.RELEASED),
        data={"order": order.pk},
    )
    return use


def voucher_use(
    *, actor, voucher: Voucher, order=None, redemption=None, amount_fen: int
) -> VoucherUse:
    """Use `amount_fen` of the voucher for an order (deduction at settlement) or a redemption.

    An order's hold becomes the use (the difference is given back or drawn as well). Idempotent:
    a redemption whose order was already deducted at checkout is attached to that use; a second
    call for the same redemption returns the first use.
    """
    amount = _amount(amount_fen)
    if order is None and redemption is None:
        raise ValidationFailed("创新券的使用必须对应订单或兑付申请", code=Code.USE_WITHOUT_PURPOSE)
    existing = _open_use(voucher, order=order, redemption=redemption)
    if existing is not None and existing.status == UseStatus.USED:
        if redemption is not None and existing.redemption_id is None:
            VoucherUse.objects.filter(pk=existing.pk).update(
                redemption=redemption, updated_at=clock.now()
            )
            existing.redemption = redemption
        return existing
    held = existing.amount_fen if existing is not None else 0
    holder = {}

    def effect(v):
        if existing is not None:
            _set_use(
                existing,
                status=UseStatus.USED,
                amount_fen=amount,
                redemption=redemption or existing.redemption,
            )
            existing.refresh_from_db()
            holder["use"] = existing
        else:
            holder["use"] = _new_use(
                v,
                status=UseStatus.USED,
                amount_fen=amount,
                order=order or getattr(redemption, "order", None),
                redemption=redemption,
            )

    with transaction.atomic():
        apply_transition(
            actor=actor,
            voucher=voucher,
            action="use",
            by=SYSTEM,
            reserved_delta=-held,
            used_delta=amount,
            effect=effect,
            data={
                "order": getattr(order, "pk", None),
                "redemption": getattr(redemption, "pk", None),
                "amount": fen_to_yuan(amount),
            },
        )
    return holder["use"]


def voucher_unuse(*, actor, voucher: Voucher, redemption=None, order=None) -> VoucherUse | None:
    """Give a use back to the voucher (the redemption was rejected or withdrawn). No-op without
    one."""
    use = _open_use(voucher, order=order, redemption=redemption, statuses=(UseStatus.USED,))
    if use is None:
        return None
    apply_transition(
        actor=actor,
        voucher=voucher,
        action="unuse",
        by=SYSTEM,
        used_delta=-use.amount_fen,
        effect=lambda v: _set_use(use, status=UseStatus.RELEASED),
        data={"redemption": getattr(redemption, "pk", None), "amount": fen_to_yuan(use.amount_fen)},
    )
    return use


def voucher_mark_redeemed(
    *, actor, voucher: Voucher, redemption=None, order=None
) -> VoucherUse | None:
    """The money of a use has been paid out (兑付完成). Idempotent."""
    use = _open_use(
        voucher, order=order, redemption=redemption, statuses=(UseStatus.USED, UseStatus.REDEEMED)
    )
    if use is None or use.status == UseStatus.REDEEMED:
        return use
    fields = {"status": UseStatus.REDEEMED}
    if redemption is not None and use.redemption_id is None:
        fields["redemption"] = redemption
    apply_transition(
        actor=actor,
        voucher=voucher,
        action="redeem",
        by=SYSTEM,
        effect=lambda v: _set_use(use, **fields),
        data={"redemption": getattr(redemption, "pk", None), "amount": fen_to_yuan(use.amount_fen)},
    )
    use.refresh_from_db()
    return use
