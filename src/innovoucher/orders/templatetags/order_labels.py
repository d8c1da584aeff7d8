"""Labels for the codes stored in history rows and check results, in the page's language."""

from django import template
from django.utils.translation import gettext, gettext_noop

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
    "order": {"place": gettext_noop("下单"), **{k: t.label for k, t in ORDER_TRANSITIONS.items()}},
    "contract": {
        "create": gettext_noop("填写合同"),
        **{k: t.label for k, t in CONTRACT_TRANSITIONS.items()},
    },
    "voucher": {
        "issue": gettext_noop("发放"),
        **{k: t.label for k, t in VOUCHER_TRANSITIONS.items()},
    },
}


@register.filter
def status_label(value, kind):
    """{{ change.to_status|status_label:"order" }} → 已结算"""
    return STATUSES.get(kind, {}).get(value, value) if value else "—"


@register.filter
def action_label(value, kind):
    return gettext(ACTIONS.get(kind, {}).get(value, value))


@register.filter
def check_label(code):
    label = CHECK_LABELS.get(
        code, gettext_noop("政策条件") if str(code).startswith("policy_") else code
    )
    return gettext(label) if label else label


@register.filter
def verdict_label(value):
    label = VERDICT_LABELS.get(value, value)
    return gettext(label) if label else label
