"""Chinese labels for the codes stored in history rows and check results."""

from django import template

from innovoucher.orders.domain import CHECK_LABELS, VERDICT_LABELS
from innovoucher.orders.states import (
    CONTRACT_TRANSITIONS,
    ORDER_TRANSITIONS,
    ContractStatus,
    OrderStatus,
)
from innovoucher.vouchers.states import TRANSITIONS as VOUCHER_TRANSITIONS
from innovoucher.vouchers.states import VoucherStatus

register = template.Library()

STATUSES = {
    "order": dict(OrderStatus.choices),
    "contract": dict(ContractStatus.choices),
    "voucher": dict(VoucherStatus.choices),
}
ACTIONS = {
    "order": {"place": "下单", **{k: t.label for k, t in ORDER_TRANSITIONS.items()}},
    "contract": {"create": "填写合同", **{k: t.label for k, t in CONTRACT_TRANSITIONS.items()}},
    "voucher": {"issue": "发放", **{k: t.label for k, t in VOUCHER_TRANSITIONS.items()}},
}


@register.filter
def status_label(value, kind):
    """{{ change.to_status|status_label:"order" }} → 已结算"""
    return STATUSES.get(kind, {}).get(value, value) if value else "—"


@register.filter
def action_label(value, kind):
    return ACTIONS.get(kind, {}).get(value, value)


@register.filter
def check_label(code):
    return CHECK_LABELS.get(code, "政策条件" if str(code).startswith("policy_") else code)


@register.filter
def verdict_label(value):
    return VERDICT_LABELS.get(value, value)
