"""Budget notes shown with a budget (the effect of last year's evaluation, Shanxi art. 23)."""

from __future__ import annotations

from innovoucher.ledger.models import Budget, BudgetNote


def budget_notes(budget: Budget) -> list[BudgetNote]:
    """Notes on this budget's funder, year and line (the caller has loaded it through a scope)."""
    return list(
        BudgetNote.objects.filter(
            funder_region=budget.funder_region, fiscal_year=budget.fiscal_year, line=budget.line
        ).order_by("-id")
    )
