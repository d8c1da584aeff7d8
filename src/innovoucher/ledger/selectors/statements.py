"""Statements: what a funder put in and paid out in a year; what a payee was paid."""

from __future__ import annotations

from dataclasses import dataclass, field

from innovoucher.ledger import permissions
from innovoucher.ledger.models import Budget, Claim, ClaimShare
from innovoucher.ledger.selectors.budgets import BudgetBalances, budget_balances

_TOTAL_FIELDS = (
    "received_fen",
    "moved_out_fen",
    "available_fen",
    "reserved_fen",
    "payable_fen",
    "paid_fen",
    "recovered_fen",
)


@dataclass
class FunderStatement:
    funder_region: str
    fiscal_year: int
    budgets: list[tuple[Budget, BudgetBalances]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    paid_shares: list[ClaimShare] = field(default_factory=list)


@dataclass
class PayeeStatement:
    payee_kind: str
    payee_name: str
    payee_account_masked: str
    claims: list[Claim] = field(default_factory=list)
    reserved_fen: int = 0
    paid_fen: int = 0
    recovered_fen: int = 0


def funder_options(*, actor) -> list[tuple[str, int]]:
    rows = (
        Budget.objects.filter(permissions.scope_q(actor))
        .values_list("funder_region", "fiscal_year")
        .distinct()
    )
    return sorted(set(rows), key=lambda r: (-r[1], r[0]))


def statement_for_funder(*, actor, funder_region: str, fiscal_year: int) -> FunderStatement:
    statement = FunderStatement(funder_region, fiscal_year)
    budgets = Budget.objects.filter(
        permissions.scope_q(actor), funder_region=funder_region, fiscal_year=fiscal_year
    ).prefetch_related("accounts")
    statement.budgets = [(b, budget_balances(b)) for b in budgets.order_by("region_code", "line")]
    statement.totals = {
        name: sum(getattr(bal, name) for _, bal in statement.budgets) for name in _TOTAL_FIELDS
    }
    shares = ClaimShare.objects.filter(
        budget__in=[b for b, _ in statement.budgets], status=ClaimShare.Status.PAID
    )
    statement.paid_shares = list(
        shares.select_related("claim", "budget").order_by("claim__completed_at")
    )
    return statement


def statement_for_payee(*, actor, payee_name: str) -> list[PayeeStatement]:
    """One statement per (kind, name, masked account) whose name contains `payee_name`."""
    claims = Claim.objects.filter(
        permissions.scope_q(actor), payee_name__icontains=payee_name.strip()
    ).prefetch_related("shares")
    grouped: dict[tuple, PayeeStatement] = {}
    for claim in claims.order_by("payee_name", "completed_at"):
        key = (claim.payee_kind, claim.payee_name, claim.payee_account_masked)
        statement = grouped.setdefault(key, PayeeStatement(*key))
        statement.claims.append(claim)
        _add(statement, claim)
    return list(grouped.values())


def _add(statement: PayeeStatement, claim: Claim) -> None:
    for share in claim.shares.all():
        if share.status in (ClaimShare.Status.RESERVED, ClaimShare.Status.PAYABLE):
            statement.reserved_fen += share.amount_fen
        elif share.status == ClaimShare.Status.PAID:
            statement.paid_fen += share.amount_fen
            statement.recovered_fen += share.recovered_fen
