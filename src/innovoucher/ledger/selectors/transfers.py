"""The ledger browser: transfers touching an account in the actor's regions, with filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from innovoucher.ledger import permissions
from innovoucher.ledger.models import Transfer
from innovoucher.regions.domain import is_region_code, region_prefix


@dataclass(frozen=True)
class TransferFilter:
    fiscal_year: int | None = None
    code: str = ""
    kind: str = ""
    region_code: str = ""
    reference: str = ""
    budget_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _either(field: str, value) -> Q:
    return Q(**{f"debit_account__budget__{field}": value}) | Q(
        **{f"credit_account__budget__{field}": value}
    )


def transfer_list_for_finance(
    *, actor, filters: TransferFilter = TransferFilter()
) -> QuerySet[Transfer]:
    scope = permissions.scope_q(actor, "debit_account__budget__region_code") | permissions.scope_q(
        actor, "credit_account__budget__region_code"
    )
    qs = Transfer.objects.filter(scope)
    if filters.fiscal_year:
        qs = qs.filter(_either("fiscal_year", filters.fiscal_year))
    if filters.code in Transfer.Code.values:
        qs = qs.filter(code=filters.code)
    if filters.kind in Transfer.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if is_region_code(filters.region_code):
        qs = qs.filter(_either("region_code__startswith", region_prefix(filters.region_code)))
    if filters.reference:
        qs = qs.filter(reference__icontains=filters.reference.strip())
    if filters.budget_id:
        qs = qs.filter(_either("id", filters.budget_id))
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    related = ("debit_account__budget", "credit_account__budget")
    return qs.select_related(*related).order_by("-id").distinct()
