"""Payment batches and lines, scoped by the paying office's region."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet, Sum

from innovoucher.core.errors import NotFound
from innovoucher.core.listing import date_range_q
from innovoucher.ledger import permissions
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import PaymentBatch, PaymentLine
from innovoucher.ledger.payees import payee_account


def batch_list_for_finance(
    *,
    actor,
    status: str = "",
    payer_region: str = "",
    created_from: dt.date | None = None,
    created_to: dt.date | None = None,
) -> QuerySet[PaymentBatch]:
    """The batches of the actor's paying offices with their line count and total, newest first;
    `status`, `payer_region` and the creation dates narrow them."""
    qs = PaymentBatch.objects.filter(permissions.scope_q(actor, "payer_region"))
    if status:
        qs = qs.filter(status=status)
    if payer_region:
        qs = qs.filter(payer_region=payer_region)
    qs = qs.filter(date_range_q("created_at__date", created_from, created_to))
    return qs.annotate(line_count=Count("lines"), total_fen=Sum("lines__amount_fen")).order_by(
        "-created_at", "-id"
    )


def batch_payer_regions(*, actor) -> list[str]:
    """The paying offices that have batches the actor may read (the list's region filter)."""
    qs = PaymentBatch.objects.filter(permissions.scope_q(actor, "payer_region"))
    return sorted(set(qs.values_list("payer_region", flat=True)))


def batch_get(*, actor, pk: int) -> PaymentBatch:
    batch = PaymentBatch.objects.filter(permissions.scope_q(actor, "payer_region"), pk=pk).first()
    if batch is None:
        raise NotFound("支付批次不存在或不在您的管辖范围内", code=Code.BATCH_NOT_FOUND)
    return batch


def batch_lines(batch: PaymentBatch) -> list[PaymentLine]:
    """The lines in order; a line not yet exported carries `account_problem`, asked of the
    payee's directory now (an account verified since the batch was made clears it)."""
    lines = list(batch.lines.select_related("claim").order_by("position"))
    for line in lines:
        line.account_problem = (
            payee_account(line.claim.payee_ref).problem
            if line.status == PaymentLine.Status.PENDING
            else ""
        )
    return lines
