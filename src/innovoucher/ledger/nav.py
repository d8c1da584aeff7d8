"""The staff navigation entry for the finance pages (资金管理)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.ledger.permissions import VIEW_ROLES, WRITE_ROLES, can_view_finance


def finance_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_view_finance(user):
        return []
    return [{"url": reverse("ledger:budgets"), "label": "资金管理"}]


# The role-shaped menu (portal/navigation.py): who sees which finance page.
NAV_ENTRIES = [
    entry("ledger:budgets", _("资金管理"), *VIEW_ROLES),
    entry("ledger:allocate", _("资金下达"), *WRITE_ROLES),
    entry("ledger:transfers", _("资金台账"), *VIEW_ROLES),
    entry("ledger:claims", _("拨付申请"), *VIEW_ROLES),
    entry("ledger:batches", _("支付批次"), *VIEW_ROLES),
    entry("ledger:statements", _("对账单"), *VIEW_ROLES),
]
