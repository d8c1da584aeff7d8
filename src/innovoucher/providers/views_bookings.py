"""Instrument pages: the weekly calendar (htmx), booking by hours or by samples, and the booking
pages where the provider confirms, cancels or completes. Parse, call one service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from innovoucher.core import listing
from innovoucher.core.errors import Conflict, DomainError, ValidationFailed
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import domain_errors, paginate, safe_next
from innovoucher.providers import selectors, services
from innovoucher.providers.states import BookingStatus, BookingUnit


def _parse_dt(value) -> dt.datetime | None:
    try:
        return timezone.make_aware(dt.datetime.fromisoformat(str(value)))
    except (TypeError, ValueError):
        return None


def _parse_day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _form_values(source) -> dict:
    return {
        k: source.get(k, "") for k in ("organisation", "unit", "samples", "start", "end", "purpose")
    }


def _page(request, instrument, *, values: dict, error: str = "", errors=None, status: int = 200):
    week = selectors.instrument_week(instrument, week_of=_parse_day(request.GET.get("week")))
    orgs = selectors.party_orgs(actor=request.user) if request.user.is_authenticated else []
    return render(
        request,
        "providers/instrument_detail.html",
        {
            "instrument": instrument,
            "week": week,
            "orgs": orgs,
            "values": values,
            "error": error,
            "errors": errors or {},
            "opening": selectors.instrument_opening(instrument).describe(),
            "units": BookingUnit.choices,
        },
        status=status,
    )


@domain_errors
def instrument_detail(request, pk):
    instrument = selectors.instrument_get_public(pk=pk)
    if request.method != "POST":
        return _page(request, instrument, values=_form_values(request.GET))
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    values = _form_values(request.POST)
    org = selectors.party_org_find(actor=request.user, pk=values["organisation"])
    if org is None:
        return _page(
            request,
            instrument,
            values=values,
            error="请选择预约单位",
            errors={"organisation": ["请选择预约单位"]},
            status=422,
        )
    try:
        services.booking_request(
            actor=request.user,
            instrument=instrument,
            organisation=org,
            start=_parse_dt(values["start"]),
            end=_parse_dt(values["end"]),
            purpose=values["purpose"],
            unit=values["unit"] or BookingUnit.HOUR,
            samples=values["samples"] or None,
        )
    except DomainError as exc:
        fields = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
        return _page(
            request, instrument, values=values, error=exc.message, errors=fields, status=exc.status
        )
    messages.success(request, gettext("预约已提交，等待服务机构确认。"))
    return redirect("providers:instrument", pk=instrument.pk)


@domain_errors
def instrument_week(request, pk):
    """The calendar grid alone (htmx swaps it for previous / next week)."""
    instrument = selectors.instrument_get_public(pk=pk)
    week = selectors.instrument_week(instrument, week_of=_parse_day(request.GET.get("week")))
    return render(request, "providers/_week.html", {"instrument": instrument, "week": week})


@domain_errors
def booking_form(request, pk):
    """The booking form pre-filled with a free slot (htmx, from a click on the calendar)."""
    instrument = selectors.instrument_get_public(pk=pk)
    orgs = selectors.party_orgs(actor=request.user) if request.user.is_authenticated else []
    return render(
        request,
        "providers/_booking_form.html",
        {
            "instrument": instrument,
            "orgs": orgs,
            "values": _form_values(request.GET),
            "units": BookingUnit.choices,
        },
    )


@login_required
@domain_errors
def booking_detail(request, pk):
    """A booking: both sides see it; the provider confirms, cancels (with a reason) or completes,
    the booker may cancel."""
    booking = selectors.booking_get(actor=request.user, pk=pk)
    provider_side = selectors.booking_side(actor=request.user, booking=booking)
    actions = selectors.booking_actions_for(actor=request.user, booking=booking)
    context = {
        "booking": booking,
        "provider_side": provider_side,
        "actions": actions,
        "order_id": selectors.booking_order_id(booking),
        "values": {},
        "errors": {},
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        values = {
            k: request.POST.get(k, "") for k in ("action", "reason", "used_hours", "used_samples")
        }
        try:
            services.apply_booking_transition(
                actor=request.user,
                booking=booking,
                action=action,
                reason=values["reason"],
                used_hours=values["used_hours"],
                used_samples=values["used_samples"],
            )
        except (ValidationFailed, Conflict) as exc:
            fields = exc.details.get("fields", {}) if isinstance(exc.details, dict) else {}
            context.update(error=exc.message, values=values, errors=fields, reason=values["reason"])
            return render(request, "providers/booking_detail.html", context, status=exc.status)
        booking.refresh_from_db()
        messages.success(
            request, gettext("预约%(status)s。") % {"status": booking.get_status_display()}
        )
        return redirect(safe_next(request, request.path, prefix="/providers/"))
    return render(request, "providers/booking_detail.html", context)


BOOKING_SORTS = Sorting(
    Sort("instrument", gettext_lazy("仪器"), "instrument__name"),
    Sort("organisation", gettext_lazy("预约单位"), "organisation__name_pinyin"),
    Sort("provider", gettext_lazy("服务机构"), "instrument__provider__name_pinyin"),
    Sort("start", gettext_lazy("时段"), "start"),
    Sort("amount", gettext_lazy("费用"), "amount_fen"),
    Sort("status", gettext_lazy("状态"), "status"),
    default="-start",
)


@login_required
@domain_errors
def booking_list(request):
    """The provider's bookings (all instruments), newest first, filtered by status."""
    own = selectors.provider_orgs_for_staff(actor=request.user)
    chosen = selectors.staff_provider_find(actor=request.user, pk=request.GET.get("provider"))
    chosen = chosen or (own[0] if own else None)
    status = listing.choice(request.GET.get("status"), BookingStatus.choices)
    filters = {
        "status": status,
        "q": request.GET.get("q", "").strip(),
        "start": listing.day(request.GET.get("from")),
        "end": listing.day(request.GET.get("to")),
    }
    if chosen is not None:
        qs = selectors.bookings_for_provider(actor=request.user, provider=chosen, **filters)
    else:
        qs = selectors.booking_rows_for_party(actor=request.user, **filters)
    qs, sorting = BOOKING_SORTS.apply(request, qs)
    page = paginate(request, qs, selectors.PAGE_SIZE)
    return render(
        request,
        "providers/booking_list.html",
        {
            "providers": own,
            "chosen": chosen,
            "statuses": BookingStatus.choices,
            "page": page,
            "sorting": sorting,
            **filters,
        },
    )
