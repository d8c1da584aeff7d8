"""Ledger models: fields and constraints only (behaviour lives in services and domain).

- `accounts`: Budget (a funder's money for a year and a purpose line, held at a region) and
  its Accounts with TigerBeetle-style pending/posted debit and credit balances; Transfer.
- `claims`: Claim (a business reference asking for money, e.g. "redemption:123") with its
  funder shares, and CapCounter (per-applicant / per-group annual caps).
- `payments`: PaymentBatch and PaymentLine (bank files, results).
"""

from innovoucher.ledger.models.accounts import (
    Account,
    Budget,
    BudgetLine,
    FunderLevel,
    Purpose,
    Transfer,
)
from innovoucher.ledger.models.claims import CapCounter, Claim, ClaimShare, Excess, PayeeKind
from innovoucher.ledger.models.notes import BudgetNote
from innovoucher.ledger.models.payments import Cadence, PaymentBatch, PaymentLine

__all__ = [
    "Account",
    "Budget",
    "BudgetLine",
    "FunderLevel",
    "Purpose",
    "Transfer",
    "CapCounter",
    "Claim",
    "ClaimShare",
    "Excess",
    "PayeeKind",
    "Cadence",
    "PaymentBatch",
    "PaymentLine",
    "BudgetNote",
]
