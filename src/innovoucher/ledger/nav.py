"""The staff navigation entries for the finance pages (资金管理 and its main work pages)."""

from django.urls import reverse

from innovoucher.ledger.permissions import can_view_finance, finance_regions


def finance_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_view_finance(user):
        return []
    items = [{"url": reverse("ledger:budgets"), "label": "资金管理"}]
    if finance_regions(user, write=True):
        items.append({"url": reverse("ledger:allocate"), "label": "预算下达"})
    items += [
        {"url": reverse("ledger:batches"), "label": "拨付批次"},
        {"url": reverse("ledger:transfers"), "label": "账本流水"},
    ]
    return items
