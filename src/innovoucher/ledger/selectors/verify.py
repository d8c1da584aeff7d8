"""`ledger verify`: stream every account and transfer into the pure recomputation."""

from __future__ import annotations

from collections import defaultdict

from innovoucher.ledger import domain
from innovoucher.ledger.models import Account, Transfer

_ACCOUNT_FIELDS = (
    "id",
    *domain.BALANCE_FIELDS,
    "debits_must_not_exceed_credits",
    "credits_must_not_exceed_debits",
)
_TRANSFER_FIELDS = (
    "id",
    "debit_account_id",
    "credit_account_id",
    "amount_fen",
    "kind",
    "pending_id",
)


def ledger_verify() -> domain.VerifyReport:
    accounts = (
        domain.AccountRow(*row)
        for row in Account.objects.order_by("id").values_list(*_ACCOUNT_FIELDS).iterator()
    )
    transfers = [
        domain.TransferRow(*row)
        for row in Transfer.objects.order_by("id").values_list(*_TRANSFER_FIELDS).iterator()
    ]
    return domain.verify(accounts, transfers)


def ledger_totals_by_year() -> dict[tuple[int, str], dict[str, int]]:
    """Posted and pending sums per (fiscal year, account purpose), for the verify summary."""
    totals: dict[tuple[int, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(domain.BALANCE_FIELDS, 0)
    )
    rows = Account.objects.values_list("budget__fiscal_year", "purpose", *domain.BALANCE_FIELDS)
    for year, purpose, *values in rows.iterator():
        for name, value in zip(domain.BALANCE_FIELDS, values, strict=True):
            totals[(year, purpose)][name] += value
    return dict(totals)
