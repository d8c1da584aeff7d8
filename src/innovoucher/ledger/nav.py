"""The staff navigation entries for the finance pages (资金管理 and its main work pages)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.ledger.permissions import (
    VIEW_ROLES,
    WRITE_ROLES,
    can_view_finance,
    finance_regions,
)


def finance_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_view_finance(user):
        return []
    items = [{"url": reverse("ledger:budgets"), "label": _("资金管理")}]
    if finance_regions(user, write=True):
        items.append({"url": reverse("ledger:allocate"), "label": _("预算下达")})
    items += [
        {"url": reverse("ledger:batches"), "label": _("拨付批次")},
        {"url": reverse("ledger:transfers"), "label": _("账本流水")},
    ]
    return items


# The role-shaped menu (portal/navigation.py): 资金管理 for who reads the money, and its main work
# pages (also reached through the tabs, ledger/_tabs.html).
NAV_ENTRIES = [
    entry("ledger:budgets", _("资金管理"), *VIEW_ROLES),
    entry("ledger:allocate", _("预算下达"), *WRITE_ROLES),
    entry("ledger:batches", _("拨付批次"), *VIEW_ROLES),
    entry("ledger:transfers", _("账本流水"), *VIEW_ROLES),
]
