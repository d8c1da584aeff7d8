"""The ledger browser (资金账本) and the queue of claims (兑付队列)."""

from __future__ import annotations

from django.utils.translation import gettext

from innovoucher.core.web import paginate
from innovoucher.ledger import forms, permissions, selectors
from innovoucher.ledger.models import Claim
from innovoucher.ledger.selectors import TransferFilter
from innovoucher.ledger.views._common import finance_page, page, query_without_page


@finance_page
def transfer_list(request):
    form = forms.TransferFilterForm(request.GET or None)
    data: dict = {}
    if form.is_bound:
        form.is_valid()  # the valid filters apply; a bad one is said at its field and ignored
        data = form.cleaned_data
        region = data.get("region_code")
        if region and not permissions.can_view_region(request.user, region):
            form.add_error("region_code", gettext("所选地区不在您可查看的范围内，已忽略此条件"))
    filters = TransferFilter(
        fiscal_year=data.get("fiscal_year"),
        code=data.get("code") or "",
        kind=data.get("kind") or "",
        region_code=data.get("region_code") or "",
        reference=data.get("reference") or "",
        budget_id=data.get("budget"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    transfers = paginate(
        request, selectors.transfer_list_for_finance(actor=request.user, filters=filters)
    )
    context = {"form": form, "page_obj": transfers, "query": query_without_page(request)}
    return page(request, "ledger/transfer_list.html", context, tab="ledger:transfers")


@finance_page
def claim_list(request):
    status = request.GET.get("status", Claim.Status.QUEUED)
    claims = paginate(request, selectors.claim_list_for_finance(actor=request.user, status=status))
    context = {
        "page_obj": claims,
        "status": status,
        "statuses": Claim.Status.choices,
        "query": query_without_page(request),
    }
    return page(request, "ledger/claim_list.html", context, tab="ledger:claims")


@finance_page
def claim_detail(request, pk: int):
    claim = selectors.claim_get_for_finance(actor=request.user, pk=pk)
    transfers = selectors.transfer_list_for_finance(
        actor=request.user, filters=TransferFilter(reference=claim.reference)
    )
    return page(
        request,
        "ledger/claim_detail.html",
        {"claim": claim, "transfers": transfers},
        tab="ledger:claims",
    )
