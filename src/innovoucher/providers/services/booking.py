"""Instruments and their bookings. A booking never overlaps another holding booking (requested
or confirmed) of the same instrument: on PostgreSQL the exclusion constraint `booking_no_overlap`
decides between concurrent requests; on SQLite the check below runs inside an IMMEDIATE
transaction (settings), so writers are serialised and the check cannot race."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied
from innovoucher.core.lifecycle import (
    Lifecycle,
    acting_user,
    transition_apply,
    transition_record,
)
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import booking_amount_fen, sample_amount_fen
from innovoucher.providers.models import Booking, BookingChange, Instrument
from innovoucher.providers.permissions import (
    authorize_booking,
    booking_provider_side,
    require_provider_staff,
)
from innovoucher.providers.services import notify as tell
from innovoucher.providers.services.catalogue import price_fen
from innovoucher.providers.states import (
    BOOKING_TRANSITIONS,
    HOLDING_BOOKING_STATUSES,
    BookingStatus,
    BookingUnit,
    claimed_kind,
)
from innovoucher.registry.models import OFFICIAL_KINDS, Organisation
from innovoucher.registry.permissions import acts_for
from innovoucher.registry.states import RegistrationStatus
from innovoucher.registry.validation import FieldErrors, field_error

MAX_BOOKING = dt.timedelta(days=14)
MIN_BOOKING = dt.timedelta(minutes=30)
MAX_SAMPLES = 10000
OVERLAP = "该时段已被预约，请选择其他时段"

BOOKING = Lifecycle(
    app="providers",
    entity="booking",
    noun="预约",
    model=Booking,
    statuses=BookingStatus,
    table=BOOKING_TRANSITIONS,
    change_model=BookingChange,
    change_fk="booking",
    region=lambda booking: booking.instrument.provider.region_code,
    authorize=authorize_booking,
    reasons_field=None,  # a booking keeps its one cancellation reason in `reason`
    decided_field="decided_at",
)


def instrument_register(
    *,
    actor,
    provider: Organisation,
    name: str,
    price_per_hour: str,
    model_no: str = "",
    location: str = "",
    booking_rules: str = "",
    price_per_sample: str = "",
) -> Instrument:
    """Register an instrument for shared use: an hourly price and, optionally, a price per
    sample."""
    require_provider_staff(actor, provider)
    errors = FieldErrors()
    if not (name or "").strip():
        errors.add("name", "请填写仪器名称")
    fen = price_fen(errors, "price_per_hour", price_per_hour, "机时价格")
    sample_fen = (
        price_fen(errors, "price_per_sample", price_per_sample, "样品单价")
        if str(price_per_sample or "").strip()
        else None
    )
    errors.raise_if_any("仪器信息有误")
    with transaction.atomic():
        instrument = Instrument.objects.create(
            provider=provider,
            name=name.strip()[:200],
            model_no=(model_no or "").strip()[:100],
            location=(location or "").strip()[:200],
            price_per_hour_fen=fen,
            price_per_sample_fen=sample_fen,
            booking_rules=(booking_rules or "").strip(),
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="providers.instrument.register",
            obj=instrument,
            region_code=provider.region_code,
            data={
                "name": instrument.name,
                "price_per_hour_fen": fen,
                "price_per_sample_fen": sample_fen,
            },
        )
    return instrument


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _samples(value) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or int(text) < 1:
        raise field_error("samples", "按样品数预约须填写样品数（不小于1的整数）")
    if int(text) > MAX_SAMPLES:
        raise field_error("samples", f"单次预约的样品数不能超过{MAX_SAMPLES}个")
    return int(text)


def booking_request(
    *,
    actor,
    instrument: Instrument,
    organisation: Organisation,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str = "",
    unit: str = BookingUnit.HOUR,
    samples=None,
) -> Booking:
    """Book a time slot [start, end) for `organisation` (the actor acts for it), charged by the hour
    or, where the instrument has a price per sample, by the number of samples. The provider's staff
    are asked to confirm it before it starts."""
    if not acts_for(actor, organisation) or organisation.kind in OFFICIAL_KINDS:
        raise PermissionDenied("只有预约单位的经办人可以预约仪器")
    if organisation.status != RegistrationStatus.APPROVED:
        raise PermissionDenied("主体登记通过审核后才能预约仪器")
    if not instrument.active:
        raise Conflict("该仪器暂不开放预约", code=Code.INSTRUMENT_INACTIVE)
    if start is None or end is None:
        raise field_error("start", "请填写预约的开始和结束时间")
    start, end = _aware(start), _aware(end)
    if end <= start:
        raise field_error("end", "结束时间应晚于开始时间")
    if start < clock.now():
        raise field_error("start", "开始时间不能早于当前时间")
    if end - start < MIN_BOOKING or end - start > MAX_BOOKING:
        raise field_error("end", "单次预约时长应在30分钟到14天之间")
    if unit == BookingUnit.SAMPLE:
        if instrument.price_per_sample_fen is None:
            raise field_error("unit", "该仪器未设定样品单价，请按机时预约")
        count = _samples(samples)
        amount = sample_amount_fen(instrument.price_per_sample_fen, count)
    elif unit == BookingUnit.HOUR:
        count = None
        amount = booking_amount_fen(instrument.price_per_hour_fen, start, end)
    else:
        raise field_error("unit", "计费方式应为按机时或按样品数")
    user = acting_user(actor)
    try:
        with transaction.atomic():
            clash = Booking.objects.filter(
                instrument=instrument,
                status__in=list(HOLDING_BOOKING_STATUSES),
                start__lt=end,
                end__gt=start,
            )
            if clash.exists():
                raise Conflict(OVERLAP, code=Code.BOOKING_OVERLAP)
            booking = Booking.objects.create(
                instrument=instrument,
                organisation=organisation,
                start=start,
                end=end,
                unit=unit,
                samples=count,
                purpose=(purpose or "").strip()[:200],
                amount_fen=amount,
                created_by=user,
                created_at=clock.now(),
            )
            transition_record(
                BOOKING,
                actor=actor,
                obj=booking,
                action="request",
                source="",
                target=booking.status,
                reasons=[],
                at=booking.created_at,
                audit_data={
                    "instrument": instrument.pk,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "unit": unit,
                    "samples": count,
                    "amount_fen": amount,
                },
            )
            tell.booking_requested(booking)
    except IntegrityError:  # PostgreSQL: the exclusion constraint caught a concurrent booking
        raise Conflict(OVERLAP, code=Code.BOOKING_OVERLAP) from None
    return booking


def apply_booking_transition(*, actor, booking: Booking, action: str, reason: str = "") -> Booking:
    """The booking lifecycle's executor (`core.lifecycle`), with its two guards: the provider
    cancels only with a reason, and completes only after the slot has ended."""
    reason = (reason or "").strip()[:200]
    provider_side = booking_provider_side(actor, booking)
    if provider_side:  # the booker is refused by the lifecycle's `authorize` hook instead
        _provider_guards(booking, action, reason)
    return transition_apply(
        BOOKING,
        actor=actor,
        obj=booking,
        action=action,
        by=claimed_kind(BOOKING_TRANSITIONS, action),
        reasons=[reason] if reason else [],
        values={"reason": reason},
        audit_data={"reason": reason},
        after=lambda b: tell.booking_moved(
            b, action, b.get_status_display(), by_provider=provider_side
        ),
    )


def _provider_guards(booking: Booking, action: str, reason: str) -> None:
    if action == "cancel" and not reason:
        raise field_error("reason", "服务机构取消预约须说明原因")
    if action == "complete" and clock.now() < booking.end:
        raise Conflict("预约时段结束后才能确认完成", code=Code.BOOKING_NOT_ENDED)


def booking_confirm(*, actor, booking: Booking) -> Booking:
    return apply_booking_transition(actor=actor, booking=booking, action="confirm")


def booking_cancel(*, actor, booking: Booking, reason: str = "") -> Booking:
    """The provider (with a reason) or the booking organisation cancels a holding booking."""
    return apply_booking_transition(actor=actor, booking=booking, action="cancel", reason=reason)


def booking_complete(*, actor, booking: Booking) -> Booking:
    """The provider records a confirmed booking as used (the basis of an order later)."""
    return apply_booking_transition(actor=actor, booking=booking, action="complete")
