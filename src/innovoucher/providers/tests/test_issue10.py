"""Issue 10 (providers and orders): a completed instrument booking becomes an order with the
metered use and the voucher deduction at settlement, then a redemption; the catalogue's price
bound, edit with history and withdraw / republish; instrument opening hours with the working-day
calendar; Shaoxing certificates and key-lab levels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.orders import services as orders
from innovoucher.providers import selectors, services
from innovoucher.providers.domain import OpeningCalendar, parse_opening_hours
from innovoucher.providers.models import ServiceChange
from innovoucher.providers.states import AdmissionStatus, BookingStatus, ServiceStatus
from innovoucher.redemptions.tests import intake_support as intake
from innovoucher.vouchers import services as vouchers
from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate
from testsupport.world import PDF, START, build_world

pytestmark = pytest.mark.django_db


def cert(content: bytes = PDF, name: str = "资质证书.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def calendar():
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


# ---- booking → order → deduction → redemption ---------------------------------------------------


def test_completed_booking_becomes_an_order_with_metered_use_and_redemption(
    seed_policies, calendar
):
    start = START["shaoxing"]  # Monday 2026-03-02
    with clock.frozen_now(local(start, 8)):
        w = build_world("shaoxing")
        inst = services.instrument_register(
            actor=w.provider_user,
            provider=w.provider,
            name="场发射扫描电镜",
            price_per_hour="800.00",
        )
        booking = services.booking_request(
            actor=w.applicant_user,
            instrument=inst,
            organisation=w.applicant,
            start=local(start, 9),
            end=local(start, 13),
        )
        assert booking.amount_fen == 3200_00
        services.booking_confirm(actor=w.provider_user, booking=booking)
    with clock.frozen_now(local(start, 14)):
        with pytest.raises(ValidationFailed) as exc:  # more than booked
            services.booking_complete(actor=w.provider_user, booking=booking, used_hours="5")
        assert exc.value.details["fields"]["used_hours"]
        booking = services.booking_complete(
            actor=w.provider_user, booking=booking, used_hours="2.5"
        )
    assert (booking.status, booking.used_minutes, booking.charged_fen) == (
        BookingStatus.COMPLETED,
        150,
        2000_00,
    )
    with clock.frozen_now(local(start, 15)):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        with pytest.raises(ValidationFailed) as exc:  # the amount is the metered charge
            orders.order_place(
                actor=w.applicant_user,
                client=w.applicant,
                booking=booking,
                family="shaoxing",
                contract_amount="3200.00",
                voucher=v,
            )
        assert "2000.00" in exc.value.details["fields"]["contract_amount"][0]
        order = orders.order_place(
            actor=w.applicant_user,
            client=w.applicant,
            booking=booking,
            family="shaoxing",
            voucher=v,
        )
        assert order.contract_amount_fen == 2000_00 and order.category == "testing"
        assert selectors.booking_order_id(booking) == order.pk
        with pytest.raises(Conflict):
            orders.order_place(
                actor=w.applicant_user, client=w.applicant, booking=booking, family="shaoxing"
            )
        orders.order_accept(actor=w.provider_user, order=order)
        orders.order_deliver(actor=w.provider_user, order=order)
        order = orders.order_settle(actor=w.applicant_user, order=order)
    assert (order.deduction_fen, order.paid_fen) == (1000_00, 1000_00)  # 50 % one-click
    with clock.frozen_now(local(start + dt.timedelta(days=3), 10)):
        r = intake.submit(w, order)
    assert r.order_id == order.pk and r.status != "draft"


# ---- opening hours ----------------------------------------------------------------------------


def test_opening_hours_with_holidays_and_adjusted_working_days(calendar):
    hours = parse_opening_hours({d: ("08:30", "17:30") for d in range(5)})
    cal = OpeningCalendar(
        hours, True, frozenset({dt.date(2026, 10, 1)}), frozenset({dt.date(2026, 9, 27)})
    )
    day = dt.date(2026, 9, 30)  # Wednesday
    assert cal.is_open(dt.datetime.combine(day, dt.time(9)), dt.datetime.combine(day, dt.time(12)))
    assert not cal.is_open(
        dt.datetime.combine(day, dt.time(17)), dt.datetime.combine(day, dt.time(18))
    )
    holiday = dt.date(2026, 10, 1)  # a Thursday, 国庆节
    assert not cal.is_open(
        dt.datetime.combine(holiday, dt.time(9)), dt.datetime.combine(holiday, dt.time(10))
    )
    sunday_worked = dt.date(2026, 9, 27)  # 调休上班
    assert cal.is_open(
        dt.datetime.combine(sunday_worked, dt.time(9)),
        dt.datetime.combine(sunday_worked, dt.time(10)),
    )
    assert not cal.is_open(
        dt.datetime.combine(dt.date(2026, 9, 26), dt.time(9)),
        dt.datetime.combine(dt.date(2026, 9, 26), dt.time(10)),
    )  # an ordinary Saturday
    with pytest.raises(ValueError):
        parse_opening_hours({0: ("18:00", "09:00")})


def test_booking_outside_opening_hours_is_refused_and_the_calendar_shows_closed(
    seed_policies, calendar
):
    start = START["shaoxing"]
    with clock.frozen_now(local(start, 8)):
        w = build_world("shaoxing")
        inst = services.instrument_register(
            actor=w.provider_user, provider=w.provider, name="电镜", price_per_hour="100"
        )
        for s, e in (
            (local(start, 19), local(start, 21)),  # evening
            (local(start + dt.timedelta(days=5), 9), local(start + dt.timedelta(days=5), 10)),
        ):
            with pytest.raises(ValidationFailed) as exc:
                services.booking_request(
                    actor=w.applicant_user,
                    instrument=inst,
                    organisation=w.applicant,
                    start=s,
                    end=e,
                )
            assert (
                exc.value.code == "booking_outside_hours" and exc.value.details["fields"]["start"]
            )
        week = selectors.instrument_week(inst, week_of=start)
        states = {(s.start.weekday(), s.start.hour): s.state for row in week.rows for s in row}
        assert states[(0, 18)] == "closed" and states[(5, 10)] == "closed"
        assert states[(1, 10)] == "free"
        with pytest.raises(ValidationFailed) as exc:
            services.instrument_edit(
                actor=w.provider_user,
                instrument=inst,
                name="电镜",
                price_per_hour="100",
                opening_hours={0: ("9", "")},
            )
        assert exc.value.details["fields"]["open_0"]
        inst = services.instrument_edit(
            actor=w.provider_user,
            instrument=inst,
            name="电镜",
            price_per_hour="100",
            opening_hours={d: ("08:00", "22:00") for d in range(7)},
            follows_workdays=True,
        )
        services.booking_request(
            actor=w.applicant_user,
            instrument=inst,
            organisation=w.applicant,
            start=local(start, 19),
            end=local(start, 21),
        )


# ---- the catalogue ------------------------------------------------------------------------------


def test_service_price_bound_edit_history_and_withdraw(seed_policies, settings):
    with clock.frozen_now(local(START["shaoxing"], 9)):
        w = build_world("shaoxing")
        staff, org = w.provider_user, w.provider
        for price, field in (("-1", "price"), ("99999999999999", "price"), ("", "price")):
            with pytest.raises(ValidationFailed) as exc:
                services.service_publish(
                    actor=staff,
                    provider=org,
                    category="testing",
                    name="检测",
                    price=price,
                    turnaround_days=5,
                )
            assert exc.value.details["fields"][field]
        with pytest.raises(ValidationFailed) as exc:
            services.service_publish(
                actor=staff,
                provider=org,
                category="testing",
                name="名" * 300,
                price="1",
                turnaround_days=5,
            )
        assert "不能超过100个字" in exc.value.details["fields"]["name"][0]
        settings.INNOVOUCHER_MAX_PRICE_YUAN = 1000
        with pytest.raises(ValidationFailed):
            services.service_publish(
                actor=staff,
                provider=org,
                category="testing",
                name="检测",
                price="1000.01",
                turnaround_days=5,
            )
        order = orders.order_place(
            actor=w.applicant_user, client=w.applicant, service=w.service, contract_amount="800.00"
        )
        edited = services.service_edit(
            actor=staff,
            service=w.service,
            category=w.service.category,
            name=w.service.name,
            price="900",
            turnaround_days=w.service.turnaround_days,
        )
        assert edited.price_fen == 900_00
        order.refresh_from_db()
        assert order.contract_amount_fen == 800_00  # the open order keeps its price
        change = ServiceChange.objects.filter(service=edited, action="edit").get()
        assert change.data["after"]["price_fen"] == 900_00
        assert selectors.service_open_orders(edited) == 1
        withdrawn = services.service_withdraw(actor=staff, service=edited)
        assert (withdrawn.status, withdrawn.active) == (ServiceStatus.WITHDRAWN, False)
        with pytest.raises(Conflict):
            services.service_withdraw(actor=staff, service=withdrawn)
        with pytest.raises(ValidationFailed):
            orders.order_place(
                actor=w.applicant_user, client=w.applicant, service=withdrawn, contract_amount="1"
            )
        again = services.service_republish(actor=staff, service=withdrawn)
        assert (again.status, again.active) == (ServiceStatus.PUBLISHED, True)
        assert [c.action for c in again.changes.order_by("id")][-3:] == [
            "edit",
            "withdraw",
            "republish",
        ]


# ---- Shaoxing admission: level and certificates (三（二）2) --------------------------------


def test_shaoxing_key_lab_level_and_certificates(make_provider, yuecheng):
    org, staff = make_provider("key_lab")
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(actor=staff, organisation=org, family="shaoxing")
    assert "国家级或省级" in exc.value.details["fields"]["kind_level"][0]
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", kind_level="city"
    )
    assert adm.status == AdmissionStatus.APPLIED and adm.kind_level == "city"
    with pytest.raises(ValidationFailed) as exc:
        services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    assert exc.value.code == "certificates_missing"
    with pytest.raises(ValidationFailed) as exc:
        services.admission_certificates_add(
            actor=staff, admission=adm, files=[cert(b"MZ not a pdf")]
        )
    assert exc.value.details["fields"]["certificates"]
    assert services.admission_certificates_add(actor=staff, admission=adm, files=[cert()]) == 1
    adm = services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    assert adm.status == AdmissionStatus.EXPERT_REVIEW

    org2, staff2 = make_provider("key_lab")
    adm2 = services.admission_apply(
        actor=staff2, organisation=org2, family="shaoxing", kind_level="provincial"
    )
    assert adm2.status == AdmissionStatus.ADMITTED  # 省级实验室免审入库
