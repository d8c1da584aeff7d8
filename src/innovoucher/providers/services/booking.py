"""Instruments and their bookings. A booking never overlaps another holding booking (requested
or confirmed) of the same instrument: on PostgreSQL the exclusion constraint `booking_no_overlap`
decides between concurrent requests; on SQLite the check below runs inside an IMMEDIATE
transaction (settings), so writers are serialised and the check cannot race."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import (
    Lifecycle,
    acting_user,
    transition_apply,
    transition_record,
)
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import (
    OpeningHoursError,
    booking_amount_fen,
    parse_opening_hours,
    sample_amount_fen,
)
from innovoucher.providers.models import Booking, BookingChange, Instrument
from innovoucher.providers.permissions import (
    authorize_booking,
    booking_provider_side,
    require_provider_staff,
)
from innovoucher.providers.selectors import instrument_opening
from innovoucher.providers.services import notify as tell
from innovoucher.providers.services.catalogue import MAX_NAME, MAX_SHORT, bounded_text, price_fen
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


def opening_fields(errors: FieldErrors, opening_hours) -> dict | None:
    """The weekly opening hours typed on the form ({weekday: (from, until)}), errors at the
    fields `open_<weekday>`; None (keep the default) when not given."""
    if opening_hours is None:
        return None
    try:
        return parse_opening_hours(opening_hours)
    except OpeningHoursError as exc:
        for day, message in exc.problems.items():
            errors.add(f"open_{day}", message)
        return None


def _instrument_fields(errors: FieldErrors, values: dict) -> dict:
    name = bounded_text(errors, "name", values.get("name"), "仪器名称", MAX_NAME, required_=True)
    fen = price_fen(errors, "price_per_hour", values.get("price_per_hour"), "机时价格")
    per_sample = values.get("price_per_sample")
    sample_fen = (
        price_fen(errors, "price_per_sample", per_sample, "样品单价")
        if str(per_sample or "").strip()
        else None
    )
    fields = {
        "name": name,
        "model_no": bounded_text(errors, "model_no", values.get("model_no"), "型号", 100),
        "location": bounded_text(errors, "location", values.get("location"), "放置地点", MAX_SHORT),
        "booking_rules": bounded_text(
            errors, "booking_rules", values.get("booking_rules"), "预约规则", 2000
        ),
        "price_per_hour_fen": fen,
        "price_per_sample_fen": sample_fen,
        "follows_workdays": bool(values.get("follows_workdays", True)),
    }
    hours = opening_fields(errors, values.get("opening_hours"))
    if hours is not None:
        if not hours:
            errors.add("open_0", "请至少填写一天的开放时间")
        fields["opening_hours"] = hours
    return fields


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
    opening_hours: dict | None = None,
    follows_workdays: bool = True,
) -> Instrument:
    """Register an instrument for shared use: an hourly price and, optionally, a price per
    sample; its weekly opening hours (default Monday–Friday 08:30–17:30) with the national
    working-day calendar on top (`follows_workdays`)."""
    require_provider_staff(actor, provider)
    errors = FieldErrors()
    fields = _instrument_fields(
        errors,
        {
            "name": name,
            "price_per_hour": price_per_hour,
            "price_per_sample": price_per_sample,
            "model_no": model_no,
            "location": location,
            "booking_rules": booking_rules,
            "opening_hours": opening_hours,
            "follows_workdays": follows_workdays,
        },
    )
    errors.raise_if_any("仪器信息有误")
    with transaction.atomic():
        instrument = Instrument.objects.create(provider=provider, created_at=clock.now(), **fields)
        audit.record(
            actor=actor,
            action="providers.instrument.register",
            obj=instrument,
            region_code=provider.region_code,
            data={
                "name": instrument.name,
                "price_per_hour_fen": instrument.price_per_hour_fen,
                "price_per_sample_fen": instrument.price_per_sample_fen,
                "opening_hours": instrument.opening_hours,
            },
        )
    return instrument


def instrument_edit(*, actor, instrument: Instrument, **values) -> Instrument:
    """Change an instrument's prices, rules or opening hours. Bookings already made keep their
    slot and price."""
    require_provider_staff(actor, instrument.provider)
    errors = FieldErrors()
    fields = _instrument_fields(errors, values)
    errors.raise_if_any("仪器信息有误")
    before = {f: getattr(instrument, f) for f in fields}
    changed = {f: v for f, v in fields.items() if before[f] != v}
    if not changed:
        return instrument
    with transaction.atomic():
        Instrument.objects.filter(pk=instrument.pk).update(**changed)
        instrument.refresh_from_db()
        audit.record(
            actor=actor,
            action="providers.instrument.edit",
            obj=instrument,
            region_code=instrument.provider.region_code,
            data={"before": {f: before[f] for f in changed}, "after": changed},
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
    local = (
        timezone.localtime(start).replace(tzinfo=None),
        timezone.localtime(end).replace(tzinfo=None),
    )
    opening = instrument_opening(instrument)
    if not opening.is_open(*local):
        hours = "；".join(f"{d} {h}" for d, h in opening.describe())
        raise ValidationFailed(
            "所选时段不在该仪器的开放时间内（法定节假日不开放）",
            code=Code.BOOKING_OUTSIDE_HOURS,
            details={"fields": {"start": [f"请选择开放时间内的时段：{hours}"]}},
        )
    purpose = (purpose or "").strip()
    if len(purpose) > 200:
        raise field_error("purpose", f"用途不能超过200个字（现有{len(purpose)}个字）")
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
                purpose=purpose,
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
    except OperationalError as exc:
        # PostgreSQL: concurrent inserts checked by one exclusion constraint may deadlock; the
        # aborted one lost the race for an overlapping slot.
        if getattr(exc.__cause__, "sqlstate", "") == "40P01":
            raise Conflict(OVERLAP, code=Code.BOOKING_OVERLAP) from None
        raise
    return booking


def metered_use(booking: Booking, *, used_hours=None, used_samples=None) -> dict:
    """The use the provider records at completion and its charge: hours actually used (in
    quarter hours, at most the booked slot) or samples actually tested. Blank = as booked."""
    instrument = booking.instrument
    if booking.unit == BookingUnit.SAMPLE:
        text = str(used_samples if used_samples is not None else "").strip()
        if not text:
            count = booking.samples
        elif not text.isdigit() or not 1 <= int(text) <= MAX_SAMPLES:
            raise field_error("used_samples", f"实际样品数应为1到{MAX_SAMPLES}之间的整数")
        else:
            count = int(text)
        return {
            "used_samples": count,
            "used_minutes": None,
            "charged_fen": sample_amount_fen(instrument.price_per_sample_fen, count),
        }
    text = str(used_hours if used_hours is not None else "").strip()
    booked = int((booking.end - booking.start).total_seconds() // 60)
    if not text:
        minutes = booked
    else:
        try:
            hours = float(text)
        except ValueError:
            hours = -1
        minutes = round(hours * 60)
        if not 0 < minutes <= booked or minutes % 15:
            raise field_error(
                "used_hours",
                f"实际使用机时应大于0、不超过预约的{booked / 60:g}小时，按0.25小时计（如 2.5）",
            )
    start = booking.start
    charge = booking_amount_fen(
        instrument.price_per_hour_fen, start, start + dt.timedelta(minutes=minutes)
    )
    if charge <= 0:
        raise field_error("used_hours", "实际费用须大于0元，不能据此生成订单")
    return {"used_minutes": minutes, "used_samples": None, "charged_fen": charge}


def apply_booking_transition(
    *, actor, booking: Booking, action: str, reason: str = "", used_hours=None, used_samples=None
) -> Booking:
    """The booking lifecycle's executor (`core.lifecycle`), with its guards: the provider cancels
    only with a reason, and completes only after the slot has ended, recording the metered use
    (hours or samples actually used) that the booking's order bills."""
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise field_error("reason", f"取消原因不能超过200个字（现有{len(reason)}个字）")
    provider_side = booking_provider_side(actor, booking)
    if provider_side:  # the booker is refused by the lifecycle's `authorize` hook instead
        _provider_guards(booking, action, reason)
    values = {"reason": reason}
    if action == "complete" and provider_side:
        values.update(metered_use(booking, used_hours=used_hours, used_samples=used_samples))
    return transition_apply(
        BOOKING,
        actor=actor,
        obj=booking,
        action=action,
        by=claimed_kind(BOOKING_TRANSITIONS, action),
        reasons=[reason] if reason else [],
        values=values,
        audit_data={k: v for k, v in values.items() if v not in (None, "")},
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


def booking_complete(*, actor, booking: Booking, used_hours=None, used_samples=None) -> Booking:
    """The provider records a confirmed booking as used, with the hours or samples actually used
    (blank = as booked): the charge is the basis of the booker's order."""
    return apply_booking_transition(
        actor=actor,
        booking=booking,
        action="complete",
        used_hours=used_hours,
        used_samples=used_samples,
    )
