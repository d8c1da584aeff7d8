"""One-click deduction (一键抵扣): what a voucher pays of an order, computed by the engine under the
voucher's pinned policy version and limited by what the voucher still holds for the order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.orders.codes import Code
from innovoucher.orders.domain import CheckoutRule, checkout_deduction
from innovoucher.orders.models import Order
from innovoucher.policies.services import engine_version
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.quoting import failed_reasons, purchase_quote, trace_rows
from innovoucher.vouchers.states import UseStatus


def checkout_rule(voucher: Voucher, provider) -> CheckoutRule:
    version = engine_version(voucher.policy_version)
    return checkout_deduction(
        version, voucher.policy_version.family.region_code, provider.region_code
    )


@dataclass
class Deduction:
    deduction_fen: int
    subsidy_fen: int
    limit_fen: int
    eligible: bool
    trace: list = field(default_factory=list)
    reasons: list = field(default_factory=list)


def compute(
    *,
    voucher: Voucher,
    client,
    provider,
    category: str,
    amount_fen: int,
    via_platform: bool,
    held_fen: int,
    on: dt.date,
) -> Deduction:
    """deduction = min(engine subsidy for the order, what the voucher can give it: its hold plus
    what remains)."""
    result = purchase_quote(
        version=voucher.policy_version,
        client=client,
        provider=provider,
        category=category,
        amount_fen=amount_fen,
        via_platform=via_platform,
        on=on,
    )
    limit = held_fen + max(voucher.remaining_fen or 0, 0)
    if not result.eligible:
        return Deduction(0, 0, limit, False, trace_rows(result), failed_reasons(result))
    deduction = min(result.subsidy_fen, limit)
    rule = checkout_rule(voucher, provider)
    steps = [
        {"step": "一键抵扣", "value": rule.message, "article": rule.article},
        {
            "step": f"抵扣金额：创新券{voucher.number}可用 {fen_to_yuan(limit)}",
            "value": f"min({fen_to_yuan(result.subsidy_fen)}, {fen_to_yuan(limit)}) = "
            f"{fen_to_yuan(deduction)}",
            "article": voucher.article,
        },
        {
            "step": "委托方实付",
            "value": f"{fen_to_yuan(amount_fen)} − {fen_to_yuan(deduction)} = "
            f"{fen_to_yuan(amount_fen - deduction)}",
            "article": "",
        },
    ]
    return Deduction(deduction, result.subsidy_fen, limit, True, trace_rows(result) + steps, [])


def hold_for_order(order: Order) -> VoucherUse | None:
    return (
        VoucherUse.objects.filter(order=order, status=UseStatus.RESERVED)
        .select_related("voucher", "voucher__policy_version__family")
        .first()
    )


def estimate_for_placement(
    *, voucher: Voucher, client, provider, category: str, amount_fen: int, on: dt.date
) -> Deduction:
    """What to hold when ordering with a voucher; ValidationFailed naming the rules when it cannot
    pay."""
    rule = checkout_rule(voucher, provider)
    if not rule.applies:
        raise ValidationFailed(
            f"本订单不能使用创新券一键抵扣：{rule.message}（{rule.article}）",
            code=Code.NO_CHECKOUT_DEDUCTION,
            details={"fields": {"voucher": [rule.message]}},
        )
    estimate = compute(
        voucher=voucher,
        client=client,
        provider=provider,
        category=category,
        amount_fen=amount_fen,
        via_platform=True,
        held_fen=0,
        on=on,
    )
    if not estimate.eligible:
        why = "；".join(f"{r['message']}（{r['article']}）" for r in estimate.reasons)
        raise ValidationFailed(
            f"按政策本订单不能使用创新券抵扣：{why}",
            code=Code.NOT_ELIGIBLE_FOR_DEDUCTION,
            details={"fields": {"voucher": [why]}, "reasons": estimate.reasons},
        )
    if estimate.deduction_fen <= 0:
        raise ValidationFailed(
            f"创新券{voucher.number}已无可用余额",
            code=Code.VOUCHER_EMPTY,
            details={"fields": {"voucher": ["创新券已无可用余额"]}},
        )
    return estimate


def settlement(order: Order, on: dt.date) -> tuple[VoucherUse | None, Deduction | None]:
    """The order's hold and the deduction it turns into at settlement (None, None without a
    hold)."""
    use = hold_for_order(order)
    if use is None:
        return None, None
    voucher = use.voucher
    voucher.refresh_from_db()
    deduction = compute(
        voucher=voucher,
        client=order.client,
        provider=order.provider,
        category=order.category,
        amount_fen=order.contract_amount_fen,
        via_platform=order.via_platform,
        held_fen=use.amount_fen,
        on=on,
    )
    return use, deduction
