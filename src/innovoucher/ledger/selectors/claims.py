"""Claims on the budget (queue, reservations, payments), scoped by the applicant's region."""

from __future__ import annotations

from django.db.models import QuerySet

from innovoucher.core.errors import NotFound
from innovoucher.ledger import permissions
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import Claim


def claim_list_for_finance(
    *, actor, status: str = "", fiscal_year: int | None = None
) -> QuerySet[Claim]:
    qs = (
        Claim.objects.filter(permissions.scope_q(actor))
        .select_related("waiting_budget")
        .prefetch_related("shares")
    )
    if status in Claim.Status.values:
        qs = qs.filter(status=status)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("completed_at", "id")


def claim_queue_for_budget(*, budget) -> QuerySet[Claim]:
    """Claims waiting on this budget, in queue order (the caller has scoped the budget)."""
    return Claim.objects.filter(status=Claim.Status.QUEUED, waiting_budget=budget).order_by(
        "completed_at", "id"
    )


def claim_get_for_finance(*, actor, pk: int) -> Claim:
    claim = (
        Claim.objects.filter(permissions.scope_q(actor), pk=pk)
        .prefetch_related("shares__budget", "payment_lines__batch")
        .first()
    )
    if claim is None:
        raise NotFound("兑付申请不存在或不在您的管辖范围内", code=Code.CLAIM_NOT_FOUND)
    return claim
