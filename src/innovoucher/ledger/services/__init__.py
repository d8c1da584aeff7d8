"""Ledger services: every state change of public money goes through one of these.

Budgets (finance officers): `budget_open`, `budget_appropriate`, `budget_allocate`,
`budget_carry_over`, `budget_correct`. Claims (called by the voucher lifecycle):
`claim_reserve`, `claim_release`, `claim_recover`. Payments (finance officers):
`batch_create`, `batch_export`, `batch_import_results`, `settle_line`. The engine underneath:
`transfers_execute`.
"""

from innovoucher.ledger.services.budgets import (
    budget_allocate,
    budget_appropriate,
    budget_carry_over,
    budget_correct,
    budget_open,
)
from innovoucher.ledger.services.caps import CapExceeded
from innovoucher.ledger.services.claims import (
    Payee,
    claim_get,
    claim_recover,
    claim_release,
    claim_reserve,
)
from innovoucher.ledger.services.engine import (
    Executed,
    InsufficientFunds,
    TransferSpec,
    transfers_execute,
)
from innovoucher.ledger.services.notes import budget_note_record
from innovoucher.ledger.services.payments import (
    ExportFile,
    ImportSummary,
    batch_create,
    batch_export,
    batch_import_results,
    settle_line,
)
from innovoucher.ledger.services.queue import queue_serve

__all__ = [
    "budget_allocate",
    "budget_appropriate",
    "budget_carry_over",
    "budget_correct",
    "budget_open",
    "CapExceeded",
    "Payee",
    "claim_get",
    "claim_recover",
    "claim_release",
    "claim_reserve",
    "Executed",
    "InsufficientFunds",
    "TransferSpec",
    "transfers_execute",
    "ExportFile",
    "ImportSummary",
    "batch_create",
    "batch_export",
    "batch_import_results",
    "settle_line",
    "queue_serve",
    "budget_note_record",
]
