"""Budget reads, scoped to the actor's finance regions; balances, burn-down and forecast."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.ledger import domain, permissions
from innovoucher.ledger.codes import Code as Err
from innovoucher.ledger.models import Account, Budget, Purpose, Transfer

Code, Kind = Transfer.Code, Transfer.Kind


@dataclass(frozen=True)
class BudgetBalances:
    """A budget's money in fen, read from its accounts."""

    received_fen: int  # appropriated, allocated in, carried in, recovered (credits to available)
    moved_out_fen: int  # allocated onward, carried over (posted debits of available, not spent)
    available_fen: int  # spendable now
    reserved_fen: int  # held for approved claims (pending)
    payable_fen: int  # ordered to the bank, not yet confirmed
    paid_fen: int
    recovered_fen: int

    @property
    def net_fen(self) -> int:
        """Money this budget itself has to spend: received minus what it passed on."""
        return self.received_fen - self.moved_out_fen

    @property
    def used_fen(self) -> int:
        return self.reserved_fen + self.payable_fen + self.paid_fen


def budget_list_for_finance(
    *, actor, fiscal_year: int | None = None, writable: bool = False
) -> list[Budget]:
    """Budgets held in the actor's regions (only those they may move money from if `writable`)."""
    qs = Budget.objects.filter(permissions.scope_q(actor, write=writable)).prefetch_related(
        "accounts"
    )
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return list(qs.order_by("-fiscal_year", "funder_region", "region_code", "line"))


def budget_rows_for_finance(
    *,
    actor,
    fiscal_year: int | None = None,
    funder_level: str = "",
    region_code: str = "",
    q: str = "",
) -> QuerySet[Budget]:
    """The budget list's rows: budgets held in the actor's regions, narrowed by year, funder
    level, region and a name substring, each with `available_fen` (its spendable money, read
    from the available account in the same query) so the list can sort on it. The page's rows
    get their other balances from `budget_balances`."""
    qs = Budget.objects.filter(permissions.scope_q(actor)).prefetch_related("accounts")
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if funder_level:
        qs = qs.filter(funder_level=funder_level)
    if region_code:
        qs = qs.filter(region_code=region_code)
    if q := (q or "").strip():
        qs = qs.filter(name__icontains=q)
    available = Account.objects.filter(budget=OuterRef("pk"), purpose=Purpose.AVAILABLE)
    spendable = F("credits_posted") - F("debits_posted") - F("debits_pending")
    qs = qs.annotate(available_fen=Subquery(available.annotate(left=spendable).values("left")[:1]))
    return qs.order_by("-fiscal_year", "funder_region", "region_code", "line")


def budget_regions(*, actor) -> list[str]:
    """The regions holding budgets the actor may read (the list's region filter)."""
    qs = Budget.objects.filter(permissions.scope_q(actor)).values_list("region_code", flat=True)
    return sorted(set(qs))


def budget_get(*, actor, pk: int) -> Budget:
    budget = (
        Budget.objects.filter(permissions.scope_q(actor), pk=pk)
        .prefetch_related("accounts")
        .first()
    )
    if budget is None:
        raise NotFound("预算不存在或不在您的管辖范围内", code=Err.BUDGET_NOT_FOUND)
    return budget


def budget_years(*, actor) -> list[int]:
    years = (
        Budget.objects.filter(permissions.scope_q(actor))
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def _accounts(budget: Budget) -> dict[str, Account]:
    return {a.purpose: a for a in budget.accounts.all()}


def budget_balances(budget: Budget) -> BudgetBalances:
    acc = _accounts(budget)
    available, payable, paid, recovered = (
        acc[Purpose.AVAILABLE],
        acc[Purpose.PAYABLE],
        acc[Purpose.PAID],
        acc[Purpose.RECOVERED],
    )
    moved_out = Transfer.objects.filter(
        debit_account=available, code__in=[Code.ALLOCATE, Code.CARRY_OVER]
    ).values_list("amount_fen", flat=True)
    return BudgetBalances(
        received_fen=available.credits_posted,
        moved_out_fen=sum(moved_out),
        available_fen=available.spendable_fen,
        reserved_fen=available.debits_pending,
        payable_fen=payable.balance_fen,
        paid_fen=paid.balance_fen,
        recovered_fen=recovered.balance_fen,
    )


def budget_events(budget: Budget) -> list[domain.BudgetEvent]:
    """The movements of a budget's available money, as the pure burn-down model sees them."""
    available = _accounts(budget)[Purpose.AVAILABLE]
    rows = (
        Transfer.objects.filter(Q(debit_account=available) | Q(credit_account=available))
        .select_related("debit_account")
        .order_by("id")
    )
    return [event for t in rows.iterator() if (event := _event(t, available.pk)) is not None]


def _event(t: Transfer, available_id: int) -> domain.BudgetEvent | None:
    on = timezone.localtime(t.created_at).date()
    incoming = t.credit_account_id == available_id
    if t.kind == Kind.PENDING:
        return domain.BudgetEvent(on, "spend", t.amount_fen)
    if t.kind == Kind.VOID:
        return domain.BudgetEvent(on, "release", t.amount_fen)
    if t.kind == Kind.POST:
        return None  # a reservation becoming a payment order: already counted as spent
    if incoming:
        released = t.debit_account.purpose == Purpose.PAYABLE  # an order withdrawn before payment
        return domain.BudgetEvent(on, "release" if released else "in", t.amount_fen)
    return domain.BudgetEvent(on, "out", t.amount_fen)


def budget_forecast(budget: Budget) -> tuple[list[domain.BurnPoint], domain.Forecast]:
    points = domain.burn_down(budget_events(budget))
    return points, domain.forecast(points, as_of=clock.today())
