"""The staff navigation entry for the finance pages (资金管理)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.ledger.permissions import VIEW_ROLES, can_view_finance


def finance_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_view_finance(user):
        return []
    return [{"url": reverse("ledger:budgets"), "label": "资金管理"}]


# The role-shaped menu (portal/navigation.py): 资金管理 for who reads the money; its tabs
# (ledger/_tabs.html) lead to 下达与分配, 兑付队列, 支付批次, 资金账本 and 对账单.
NAV_ENTRIES = [
    entry("ledger:budgets", _("资金管理"), *VIEW_ROLES),
]
