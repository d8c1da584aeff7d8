"""The staff navigation entry for the finance pages (资金管理)."""

from django.urls import reverse

from innovoucher.ledger.permissions import can_view_finance


def finance_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False) or not can_view_finance(user):
        return []
    return [{"url": reverse("ledger:budgets"), "label": "资金管理"}]
