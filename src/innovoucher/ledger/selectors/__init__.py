"""Ledger reads. Everything returned to a person is scoped to the actor's finance regions."""

from innovoucher.ledger.selectors.budgets import (
    BudgetBalances,
    budget_balances,
    budget_events,
    budget_forecast,
    budget_get,
    budget_list_for_finance,
    budget_regions,
    budget_rows_for_finance,
    budget_years,
)
from innovoucher.ledger.selectors.claims import (
    claim_get_for_finance,
    claim_list_for_finance,
    claim_queue_for_budget,
)
from innovoucher.ledger.selectors.notes import budget_notes
from innovoucher.ledger.selectors.payments import (
    batch_get,
    batch_lines,
    batch_list_for_finance,
    batch_payer_regions,
)
from innovoucher.ledger.selectors.statements import (
    funder_options,
    statement_for_funder,
    statement_for_payee,
)
from innovoucher.ledger.selectors.transfers import TransferFilter, transfer_list_for_finance
from innovoucher.ledger.selectors.verify import ledger_totals_by_year, ledger_verify

__all__ = [
    "BudgetBalances",
    "budget_balances",
    "budget_events",
    "budget_forecast",
    "budget_get",
    "budget_list_for_finance",
    "budget_regions",
    "budget_rows_for_finance",
    "budget_years",
    "claim_get_for_finance",
    "claim_list_for_finance",
    "claim_queue_for_budget",
    "batch_get",
    "batch_lines",
    "batch_list_for_finance",
    "batch_payer_regions",
    "funder_options",
    "statement_for_funder",
    "statement_for_payee",
    "TransferFilter",
    "transfer_list_for_finance",
    "ledger_totals_by_year",
    "ledger_verify",
    "budget_notes",
]
