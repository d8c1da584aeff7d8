"""Reserving a claim's shares, refusing it by the policy's rule, and serving the fair queue.

The queue is ordered by `completed_at` (when the application was complete), then id. When
money arrives at a budget, queued claims are tried in that order; once a claim finds a budget
short, that budget is blocked for the rest of the round so a later, smaller claim cannot
overtake it (strict first-come-first-served per budget).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.core.i18n import chinese
from innovoucher.core.lifecycle import SYSTEM, require_source, transition_check, transition_record
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.ledger.codes import Code, Reason
from innovoucher.ledger.domain import best_holder, funder_region_for
from innovoucher.ledger.models import (
    Budget,
    Claim,
    ClaimShare,
    Excess,
    FunderLevel,
    Purpose,
    Transfer,
)
from innovoucher.ledger.services._tx import require_outer_transaction
from innovoucher.ledger.services.caps import CapExceeded, caps_consume
from innovoucher.ledger.services.engine import InsufficientFunds, TransferSpec, transfers_execute
from innovoucher.ledger.services.lifecycles import CLAIM
from innovoucher.regions.domain import region_prefix

Status = Claim.Status
GONE = "gone"  # the claim left the queue meanwhile: nothing to record


@dataclass(frozen=True)
class Refusal:
    code: str  # a `Reason`, or GONE
    message: str
    budget: Budget | None = None


class _Gone(Exception):
    """The claim left the queue meanwhile (served or released by someone else)."""


def budgets_for(claim: Claim, pool: list[Budget] | None = None) -> dict[str, Budget | None]:
    """For each share: the most specific budget of its funder holding money for the region."""
    funders = {
        s.funder_level: funder_region_for(s.funder_level, claim.region_code)
        for s in claim.shares.all()
    }
    if pool is None:
        pool = list(
            Budget.objects.filter(
                fiscal_year=claim.fiscal_year, line=claim.line, funder_region__in=funders.values()
            )
        )
    result = {}
    for level, funder in funders.items():
        held = {
            b.region_code: b
            for b in pool
            if b.funder_region == funder
            and b.fiscal_year == claim.fiscal_year
            and b.line == claim.line
        }
        best = best_holder(claim.region_code, held)
        result[level] = held.get(best) if best else None
    return result


def _no_budget(claim: Claim, budgets: dict) -> Refusal | None:
    missing = [FunderLevel(level).label for level, b in budgets.items() if b is None]
    if not missing:
        return None
    return Refusal(
        Reason.NO_BUDGET,
        f"{claim.fiscal_year}年度尚未设立{'、'.join(missing)}预算，暂无资金可兑付",
    )


def queue_ahead(claim: Claim, budgets: dict) -> Refusal | None:
    """An earlier-complete claim already waits on one of these budgets: wait behind it."""
    ids = [b.pk for b in budgets.values() if b is not None]
    ahead = Claim.objects.filter(
        status=Status.QUEUED,
        fiscal_year=claim.fiscal_year,
        line=claim.line,
        waiting_budget_id__in=ids,
        completed_at__lt=claim.completed_at,
    ).exclude(pk=claim.pk)
    first = ahead.select_related("waiting_budget").order_by("completed_at", "id").first()
    if first is None:
        return None
    message = (
        f"“{first.waiting_budget}”已有 {ahead.count()} 件更早材料齐全的申请在排队，"
        "按时间顺序排在其后"
    )
    return Refusal(Reason.QUEUE_AHEAD, message, first.waiting_budget)


def reserve_attempt(
    claim: Claim, *, actor, budgets: dict | None = None, audit_data: dict | None = None
) -> Refusal | None:
    """Reserve every share of a queued claim (all or none) and consume its caps."""
    require_outer_transaction("reserve_attempt")
    budgets = budgets if budgets is not None else budgets_for(claim)
    refusal = _no_budget(claim, budgets)
    if refusal:
        return refusal
    try:
        with transaction.atomic():
            _reserve(claim, budgets, actor, audit_data or {})
    except InsufficientFunds as exc:
        budget = exc.account.budget
        spendable = fen_to_yuan_display(max(exc.account.spendable_fen, 0))
        return Refusal(
            Reason.INSUFFICIENT_FUNDS, f"“{budget}”可用余额 {spendable}，不足以兑付", budget
        )
    except CapExceeded as exc:
        return Refusal(Reason.CAP_EXCEEDED, exc.message)
    except _Gone:
        return Refusal(GONE, "")
    return None


def _reserve(claim: Claim, budgets: dict, actor, audit_data: dict) -> None:
    """queued → reserved: the claim's compare-and-swap, its transfers, caps and shares in one
    savepoint (a refused transfer or cap undoes the status move too)."""
    transition, _ = transition_check(CLAIM, action="reserve", by=SYSTEM)
    require_source(CLAIM, transition, "reserve", claim.status)
    now = clock.now()
    if not Claim.objects.filter(pk=claim.pk, status=Status.QUEUED).update(
        status=Status.RESERVED, reason_code="", reason="", waiting_budget=None, updated_at=now
    ):
        raise _Gone
    shares = sorted(claim.shares.all(), key=lambda s: s.funder_level)
    specs = [_reserve_spec(claim, s, budgets[s.funder_level]) for s in shares]
    executed = transfers_execute(specs, actor_label=_label(actor))
    caps_consume(
        family=claim.family, year=claim.fiscal_year, caps=claim.caps, amount_fen=claim.amount_fen
    )
    for share, done in zip(shares, executed, strict=True):
        if not ClaimShare.objects.filter(pk=share.pk, status=ClaimShare.Status.WAITING).update(
            status=ClaimShare.Status.RESERVED,
            budget=budgets[share.funder_level],
            pending_transfer=done.transfer,
        ):
            raise Conflict(f"{share} 已不在待预留状态", code=Code.SHARE_CHANGED)
    # The row is what the compare-and-swap above wrote (nothing else moves a claim's fields
    # without moving its status first): set it here instead of reading it back.
    claim.status, claim.reason_code, claim.reason = Status.RESERVED, "", ""
    claim.waiting_budget, claim.updated_at = None, now
    claim._prefetched_objects_cache = {}
    transition_record(
        CLAIM,
        actor=actor,
        obj=claim,
        action="reserve",
        source=Status.QUEUED,
        target=Status.RESERVED,
        reasons=[],
        at=now,
        audit_data={"reference": claim.reference, **audit_data},
    )


def _label(actor) -> str:
    return getattr(actor, "username", "") or (str(actor) if actor else "system")


@chinese  # stored text stays Chinese
def _reserve_spec(claim: Claim, share: ClaimShare, budget: Budget) -> TransferSpec:
    accounts = {a.purpose: a for a in budget.accounts.all()}
    return TransferSpec(
        key=f"reserve:{claim.reference}:{share.funder_level}",
        code=Transfer.Code.RESERVE,
        reference=claim.reference,
        amount_fen=share.amount_fen,
        debit=accounts[Purpose.AVAILABLE],
        credit=accounts[Purpose.PAYABLE],
        kind=Transfer.Kind.PENDING,
        memo=f"{claim.payee_name} {share.get_funder_level_display()}份额",
    )


def refuse(claim: Claim, refusal: Refusal, *, actor, first: bool, audit_data=None) -> str:
    """Apply the policy's rule for an approval the money cannot cover; returns the new status.

    queued → queued (`wait`: in the queue, or carried to next year) or → rejected (`reject`).
    """
    require_outer_transaction("refuse")
    status, year, reason = _refusal_outcome(claim, refusal, first=first)
    action = "reject" if status == Status.REJECTED else "wait"
    transition, _ = transition_check(CLAIM, action=action, by=SYSTEM)
    require_source(CLAIM, transition, action, claim.status)
    now = clock.now()
    moved = Claim.objects.filter(pk=claim.pk, status=Status.QUEUED).update(
        status=status,
        fiscal_year=year,
        reason_code=refusal.code,
        reason=reason[:300],
        waiting_budget=refusal.budget,
        updated_at=now,
    )
    claim.refresh_from_db()
    if moved:  # else the claim left the queue meanwhile (served or released by someone else)
        data = {"reference": claim.reference, "reason_code": refusal.code, "reason": claim.reason}
        transition_record(
            CLAIM,
            actor=actor,
            obj=claim,
            action=action,
            source=Status.QUEUED,
            target=status,
            reasons=[],
            at=now,
            audit_data={**data, **(audit_data or {})},
        )
    return claim.status


def _refusal_outcome(claim: Claim, refusal: Refusal, *, first: bool) -> tuple[str, int, str]:
    status, year, reason = Status.QUEUED, claim.fiscal_year, refusal.message
    if refusal.code == Reason.CAP_EXCEEDED or claim.excess == Excess.REJECT:
        status = Status.REJECTED
        reason = (
            refusal.message
            if refusal.code == Reason.CAP_EXCEEDED
            else f"兑完为止：{refusal.message}，按政策不予兑付"
        )
    elif claim.excess == Excess.CARRY_OVER and first:
        year = claim.fiscal_year + 1
        reason = f"本年度资金已兑完（{refusal.message}），按政策结转至{year}年度优先兑付"
    else:
        reason = f"{refusal.message}；已按材料齐全时间排队，新资金到位后依次兑付"
    return status, year, reason


def queue_serve(*, actor, budgets: list[Budget]) -> int:
    """Serve, in completion order, the queued claims that these budgets could now cover.

    A sub-step of the services that bring money to a budget or free it (inside their
    transaction)."""
    require_outer_transaction("queue_serve")
    return sum(_serve_one(actor, budget) for budget in budgets)


def _serve_one(actor, budget: Budget) -> int:
    pool = list(
        Budget.objects.filter(fiscal_year=budget.fiscal_year, line=budget.line).prefetch_related(
            "accounts"
        )
    )
    queued = (
        Claim.objects.filter(
            status=Status.QUEUED,
            fiscal_year=budget.fiscal_year,
            line=budget.line,
            region_code__startswith=region_prefix(budget.region_code),
        )
        .order_by("completed_at", "id")
        .prefetch_related("shares")
    )
    served, blocked = 0, set()
    from_queue = {"from_queue": True, "budget": budget.pk}
    for claim in queued:
        needs = budgets_for(claim, pool)
        if any(b is None for b in needs.values()) or blocked & {b.pk for b in needs.values()}:
            continue
        refusal = reserve_attempt(claim, actor=actor, budgets=needs, audit_data=from_queue)
        if refusal is None:
            served += 1
        elif refusal.code != GONE:
            blocked.add(refusal.budget.pk if refusal.budget else None)
            refuse(claim, refusal, actor=actor, first=False, audit_data=from_queue)
    return served
