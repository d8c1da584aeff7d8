"""Budgets: list, detail with burn-down chart and forecast, appropriate / allocate, carry over."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.core import clock, listing
from innovoucher.core.errors import DomainError, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.core.web import paginate
from innovoucher.ledger import forms, permissions, selectors, services
from innovoucher.ledger.models import FunderLevel
from innovoucher.ledger.selectors import TransferFilter
from innovoucher.ledger.views._common import finance_page, page, region_choices


def _year(request, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    if raw.isdigit():
        return int(raw)
    today = clock.today().year
    return today if today in years else (years[0] if years else None)


BUDGET_SORTS = Sorting(
    Sort("name", _("预算"), "name"),
    Sort("year", _("预算年度"), "fiscal_year", "funder_region", "region_code", "line"),
    Sort("level", _("出资层级"), "funder_level"),
    Sort("region", _("资金所在地"), "region_code"),
    Sort("line", _("科目"), "line"),
    Sort("available", _("可用余额"), "available_fen"),
    default="-year",
)


@finance_page
def budget_list(request):
    years = selectors.budget_years(actor=request.user)
    year = _year(request, years)
    level = listing.choice(request.GET.get("level"), FunderLevel.choices)
    regions = selectors.budget_regions(actor=request.user)
    region = listing.choice(request.GET.get("region"), regions)
    q = request.GET.get("q", "").strip()
    qs = selectors.budget_rows_for_finance(
        actor=request.user, fiscal_year=year, funder_level=level, region_code=region, q=q
    )
    qs, sorting = BUDGET_SORTS.apply(request, qs)
    page_obj = paginate(request, qs)
    context = {
        "page_obj": page_obj,
        "rows": [(b, selectors.budget_balances(b)) for b in page_obj],
        "sorting": sorting,
        "years": years,
        "year": year,
        "level": level,
        "levels": FunderLevel.choices,
        "region": region,
        "regions": region_choices(regions),
        "q": q,
        "can_write": bool(permissions.finance_regions(request.user, write=True)),
    }
    return page(request, "ledger/budget_list.html", context, tab="ledger:budgets")


def _chart(budget, points, forecast) -> dict:
    """Series in fen for the burn-down chart; the projection stops at the end of the budget year."""
    start, end = dt.date(budget.fiscal_year, 1, 1), dt.date(budget.fiscal_year, 12, 31)
    data = {
        "dates": [p.on.isoformat() for p in points],
        "remaining": [p.remaining_fen for p in points],
        "budget": [p.budget_fen for p in points],
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    if forecast.run_out_on and points and not forecast.exhausted and forecast.as_of < end:
        stop = min(forecast.run_out_on, end)
        data["forecast"] = [
            [forecast.as_of.isoformat(), forecast.remaining_fen],
            [stop.isoformat(), forecast.remaining_on(stop)],
        ]
    return data


@finance_page
def budget_detail(request, pk: int):
    budget = selectors.budget_get(actor=request.user, pk=pk)
    points, forecast = selectors.budget_forecast(budget)
    context = {
        "budget": budget,
        "balances": selectors.budget_balances(budget),
        "forecast": forecast,
        "chart": _chart(budget, points, forecast),
        "year_end": dt.date(budget.fiscal_year, 12, 31),
        "year_end_remaining": forecast.remaining_on(dt.date(budget.fiscal_year, 12, 31)),
        "queue": selectors.claim_queue_for_budget(budget=budget)[:50],
        "notes": selectors.budget_notes(budget),
        "transfers": selectors.transfer_list_for_finance(
            actor=request.user, filters=TransferFilter(budget_id=budget.pk)
        )[:20],
        "can_write": permissions.can_write(request.user, budget.region_code),
        "carry_form": forms.CarryOverForm(),
    }
    return page(request, "ledger/budget_detail.html", context, tab="ledger:budgets")


@require_POST
@finance_page
def budget_carry_over(request, pk: int):
    budget = selectors.budget_get(actor=request.user, pk=pk)
    form = forms.CarryOverForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed("请填写结转文号")
    transfer = services.budget_carry_over(
        actor=request.user, budget=budget, reference=form.cleaned_data["reference"]
    )
    moved = (
        gettext("结转 %(amount)s") % {"amount": fen_to_yuan_display(transfer.amount_fen)}
        if transfer
        else gettext("没有可结转的余额")
    )
    messages.success(
        request,
        gettext("已处理年度结转：%(moved)s，排队中的申请随资金转入 %(year)s 年度。")
        % {"moved": moved, "year": budget.fiscal_year + 1},
    )
    return redirect("ledger:budget", pk=budget.pk)


def _forms(request, data=None):
    regions = region_choices(permissions.finance_regions(request.user, write=True))
    budgets = [
        (b.pk, str(b)) for b in selectors.budget_list_for_finance(actor=request.user, writable=True)
    ]
    action = (data or {}).get("action")
    appropriate = forms.AppropriateForm(
        data if action == "appropriate" else None,
        regions=regions,
        initial={"fiscal_year": clock.today().year},
    )
    allocate = forms.AllocateForm(data if action == "allocate" else None, budgets=budgets)
    return appropriate, allocate


@finance_page
def allocate(request):
    appropriate_form, allocate_form = _forms(
        request, request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        done = _submit(request, appropriate_form, allocate_form)
        if done is not None:
            return done
    context = {
        "appropriate_form": appropriate_form,
        "allocate_form": allocate_form,
        "can_write": bool(appropriate_form.fields["funder_region"].choices),
    }
    return page(request, "ledger/allocate.html", context, tab="ledger:allocate")


def _submit(request, appropriate_form, allocate_form):
    form = appropriate_form if request.POST.get("action") == "appropriate" else allocate_form
    if not form.is_valid():
        return None
    try:
        budget = (
            _appropriate(request, form.cleaned_data)
            if form is appropriate_form
            else _allocate(request, form.cleaned_data)
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    return redirect("ledger:budget", pk=budget.pk)


def _appropriate(request, data):
    budget = services.budget_open(
        actor=request.user,
        funder_region=data["funder_region"],
        fiscal_year=data["fiscal_year"],
        line=data["line"],
    )
    services.budget_appropriate(
        actor=request.user,
        budget=budget,
        amount_fen=data["amount"],
        reference=data["reference"],
        memo=data["memo"],
    )
    messages.success(
        request,
        gettext("已记账：财政下达 %(amount)s（%(reference)s）。")
        % {"amount": fen_to_yuan_display(data["amount"]), "reference": data["reference"]},
    )
    return budget


def _allocate(request, data):
    source = selectors.budget_get(actor=request.user, pk=data["source"])
    services.budget_allocate(
        actor=request.user,
        source=source,
        to_region=data["to_region"],
        amount_fen=data["amount"],
        reference=data["reference"],
        memo=data["memo"],
    )
    messages.success(
        request,
        gettext("已记账：分配下拨 %(amount)s 至 %(region)s（%(reference)s）。")
        % {
            "amount": fen_to_yuan_display(data["amount"]),
            "region": data["to_region"],
            "reference": data["reference"],
        },
    )
    return source
