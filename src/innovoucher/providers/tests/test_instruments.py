"""Instruments: per-sample prices, the weekly calendar (htmx), the booking table (every state ×
action × side), the booking pages, the messages and to-dos of each waiting step."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.notifications.selectors import todo_list_for_actor
from innovoucher.providers import selectors, services
from innovoucher.providers.domain import sample_amount_fen, week_grid, week_start
from innovoucher.providers.models import Booking
from innovoucher.providers.states import (
    BOOKING_TRANSITIONS,
    PROVIDER_SIDE,
    BookingStatus,
    booking_actions_from,
)
from innovoucher.registry.tests.conftest import PASSWORD
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


ALWAYS = {d: ("00:00", "24:00") for d in range(7)}  # open round the clock

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 30, 8, 0))  # a Monday morning, Beijing time
H = dt.timedelta(hours=1)


def local(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 12, day, hour))


@pytest.fixture
def lab(make_provider):
    org, staff = make_provider("university", name="绍兴分析测试中心")
    staff.email = "lab@example.cn"
    staff.save()
    services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    inst = services.instrument_register(
        actor=staff,
        opening_hours=ALWAYS,
        follows_workdays=False,
        provider=org,
        name="X射线衍射仪",
        price_per_hour="200.00",
        price_per_sample="150.00",
    )
    return org, staff, inst


@pytest.fixture
def booker(enterprise_user):
    ent, user = enterprise_user
    user.email = "booker@example.cn"
    user.save()
    return ent, user


def test_pure_helpers():
    assert sample_amount_fen(15000, 4) == 60000
    assert week_start(dt.date(2026, 12, 3)) == dt.date(2026, 11, 30)
    monday = dt.date(2026, 11, 30)
    rows = week_grid(
        monday,
        [(dt.datetime(2026, 11, 30, 9, 30), dt.datetime(2026, 11, 30, 11))],
        dt.datetime(2026, 11, 30, 9),
        hours=(8, 12),
    )
    assert [s.state for s in (r[0] for r in rows)] == ["past", "busy", "busy", "free"]
    assert rows[0][1].state == "free" and rows[3][6].start == dt.datetime(2026, 12, 6, 11)


def test_booking_by_samples_and_by_hours(lab, booker):
    org, staff, inst = lab
    ent, user = booker
    with clock.frozen_now(NOW):
        b = services.booking_request(
            actor=user,
            instrument=inst,
            organisation=ent,
            start=local(1, 9),
            end=local(1, 11),
            unit="sample",
            samples="4",
        )
        assert (b.unit, b.samples, b.amount_fen) == ("sample", 4, 60000)
        b = services.booking_request(
            actor=user,
            instrument=inst,
            organisation=ent,
            start=local(1, 11),
            end=local(
                1,
                12,
            )
            + H / 2,
        )
        assert (b.unit, b.samples, b.amount_fen) == ("hour", None, 30000)
        with pytest.raises(ValidationFailed) as exc:
            services.booking_request(
                actor=user,
                instrument=inst,
                organisation=ent,
                start=local(2, 9),
                end=local(2, 10),
                unit="sample",
                samples="0",
            )
        assert exc.value.details["fields"]["samples"] == [
            "按样品数预约须填写样品数（不小于1的整数）"
        ]
        hourly = services.instrument_register(
            actor=staff,
            opening_hours=ALWAYS,
            follows_workdays=False,
            provider=org,
            name="电镜",
            price_per_hour="300",
        )
        with pytest.raises(ValidationFailed) as exc:
            services.booking_request(
                actor=user,
                instrument=hourly,
                organisation=ent,
                start=local(2, 9),
                end=local(2, 10),
                unit="sample",
                samples=2,
            )
        assert "未设定样品单价" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.instrument_register(
            actor=staff,
            opening_hours=ALWAYS,
            follows_workdays=False,
            provider=org,
            name="质谱仪",
            price_per_hour="300",
            price_per_sample="abc",
        )
    assert "样品单价应为以元为单位" in exc.value.details["fields"]["price_per_sample"][0]


def _booking(inst, ent, user, status):
    with clock.frozen_now(NOW):
        b = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=local(1, 9), end=local(1, 10)
        )
    Booking.objects.filter(pk=b.pk).update(status=status)
    b.refresh_from_db()
    return b


@pytest.mark.parametrize("status", [s.value for s in BookingStatus])
@pytest.mark.parametrize("action", list(BOOKING_TRANSITIONS))
@pytest.mark.parametrize("side", ["provider", "booker"])
def test_every_state_action_and_side(lab, booker, status, action, side):
    org, staff, inst = lab
    ent, user = booker
    b = _booking(inst, ent, user, status)
    t = BOOKING_TRANSITIONS[action]
    actor = staff if side == "provider" else user
    with clock.frozen_now(local(1, 12)):  # after the slot, so "complete" is possible
        if side == "booker" and t.by == PROVIDER_SIDE:
            with pytest.raises(PermissionDenied):
                services.apply_booking_transition(
                    actor=actor, booking=b, action=action, reason="原因"
                )
        elif status in t.sources:
            b = services.apply_booking_transition(
                actor=actor, booking=b, action=action, reason="原因"
            )
            assert b.status == t.target
        else:
            with pytest.raises(Conflict):
                services.apply_booking_transition(
                    actor=actor, booking=b, action=action, reason="原因"
                )


def test_actions_offered_to_each_side():
    assert [t.action for t in booking_actions_from("requested", provider_side=True)] == [
        "confirm",
        "cancel",
    ]
    assert [t.action for t in booking_actions_from("requested", provider_side=False)] == ["cancel"]
    assert [t.action for t in booking_actions_from("confirmed", provider_side=True)] == [
        "cancel",
        "complete",
    ]
    assert booking_actions_from("completed", provider_side=True) == []


def test_each_step_tells_the_other_side(lab, booker, django_capture_on_commit_callbacks):
    org, staff, inst = lab
    ent, user = booker
    with clock.frozen_now(NOW), django_capture_on_commit_callbacks(execute=True):
        b = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=local(1, 9), end=local(1, 10)
        )
    note = Notification.objects.get(recipient=staff, key=f"providers:booking:{b.pk}:requested")
    assert (
        note.subject == "仪器预约待确认：X射线衍射仪"
        and note.due_on == dt.date(2026, 12, 1)
        and note.url == f"/providers/bookings/{b.pk}/"
    )
    assert "2026年12月1日 09:00—10:00" in note.body and mail.outbox[-1].to == ["lab@example.cn"]
    with clock.frozen_now(NOW), django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(actor=staff, booking=b)
    assert Notification.objects.filter(
        recipient=user, subject="仪器预约已确认：X射线衍射仪"
    ).exists()
    assert mail.outbox[-1].to == ["booker@example.cn"]
    with clock.frozen_now(NOW), django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=user, booking=b)  # the booker cancels: the provider is told
    assert Notification.objects.filter(
        recipient=staff, subject="仪器预约已取消：X射线衍射仪"
    ).exists()
    assert mail.outbox[-1].to == ["lab@example.cn"]


def test_provider_todos_for_bookings(lab, booker):
    org, staff, inst = lab
    ent, user = booker
    with clock.frozen_now(NOW):
        b = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=local(1, 9), end=local(1, 10)
        )
        [todo] = todo_list_for_actor(actor=staff)
        assert todo.title == f"确认仪器预约：X射线衍射仪（{ent.name}）" and todo.due_on == dt.date(
            2026, 12, 1
        )
        assert todo_list_for_actor(actor=user) == []
        services.booking_confirm(actor=staff, booking=b)
        assert todo_list_for_actor(actor=staff) == []
    with clock.frozen_now(local(1, 11)):
        assert [t.title for t in todo_list_for_actor(actor=staff)] == [
            f"确认仪器使用完成：X射线衍射仪（{ent.name}）"
        ]


def test_calendar_shows_busy_and_free_slots_and_moves_by_week(client, lab, booker):
    org, staff, inst = lab
    ent, user = booker
    with clock.frozen_now(NOW):
        services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=local(1, 9), end=local(1, 11)
        )
        page = client.get(f"/providers/instruments/{inst.pk}/").content.decode()
        assert "2026年11月30日" in page and page.count('title="已预约"') == 2
        assert 'data-slot="2026-12-01T11:00"' in page and 'data-slot="2026-12-01T09:00"' not in page
        assert (
            'data-slot="2026-11-30T07:00"' not in page
        )  # before 08:00 is not shown; past slots are not bookable
        assert "样品单价：¥150.00/样" in page
        week = client.get(
            f"/providers/instruments/{inst.pk}/week/?week=2026-12-07"
        ).content.decode()
        assert (
            week.startswith('<div id="week">')
            and "2026年12月7日" in week
            and "已预约" not in week.replace('title="已预约"', "")
        )
        form = client.get(
            f"/providers/instruments/{inst.pk}/form/?start=2026-12-02T10:00&end=2026-12-02T11:00"
        ).content.decode()
        assert f"next=/providers/instruments/{inst.pk}/" in form  # anonymous: asked to sign in
        client.login(username=user.username, password=PASSWORD)
        form = client.get(
            f"/providers/instruments/{inst.pk}/form/?start=2026-12-02T10:00&end=2026-12-02T11:00"
        ).content.decode()
        assert (
            'value="2026-12-02T10:00"' in form
            and 'value="2026-12-02T11:00"' in form
            and ent.name in form
        )
        assert (
            client.get(f"/providers/instruments/{inst.pk}/week/?week=nonsense").status_code == 200
        )


def test_booking_pages(client, lab, booker, make_provider):
    org, staff, inst = lab
    ent, user = booker
    client.login(username=user.username, password=PASSWORD)
    with clock.frozen_now(NOW):
        r = client.post(
            f"/providers/instruments/{inst.pk}/",
            {
                "organisation": ent.pk,
                "start": "2026-12-01T09:00",
                "end": "2026-12-01T10:00",
                "unit": "sample",
                "samples": "",
                "purpose": "物相分析",
            },
        )
        body = r.content.decode()
        assert (
            r.status_code == 422 and "样品数" in body and "物相分析" in body
        )  # the form keeps what was typed
        r = client.post(
            f"/providers/instruments/{inst.pk}/",
            {
                "organisation": ent.pk,
                "start": "2026-12-01T09:00",
                "end": "2026-12-01T10:00",
                "unit": "sample",
                "samples": "3",
                "purpose": "物相分析",
            },
        )
        assert r.status_code == 302
        b = Booking.objects.get()
        assert b.amount_fen == 45000
        page = client.get(f"/providers/bookings/{b.pk}/").content.decode()
        assert (
            "¥450.00" in page
            and "按样品数（3 个样品）" in page
            and "取消预约" in page
            and "确认预约" not in page
        )
        assert client.post(f"/providers/bookings/{b.pk}/", {"action": "confirm"}).status_code == 403
        client.logout()
        client.login(username=staff.username, password=PASSWORD)
        assert "确认或取消" in client.get("/providers/bookings/").content.decode()
        r = client.post(f"/providers/bookings/{b.pk}/", {"action": "cancel", "reason": ""})
        assert r.status_code == 422 and "服务机构取消预约须说明原因" in r.content.decode()
        client.post(f"/providers/bookings/{b.pk}/", {"action": "confirm"})
        b.refresh_from_db()
        assert b.status == "confirmed"
        r = client.post(f"/providers/bookings/{b.pk}/", {"action": "complete"})
        assert r.status_code == 409  # not ended yet
    with clock.frozen_now(local(1, 11)):
        client.post(f"/providers/bookings/{b.pk}/", {"action": "complete"})
    b.refresh_from_db()
    assert b.status == "completed"
    other, other_staff = make_provider("testing_agency")
    client.logout()
    client.login(username=other_staff.username, password=PASSWORD)
    assert client.get(f"/providers/bookings/{b.pk}/").status_code == 404
    assert selectors.booking_side(actor=staff, booking=b)
