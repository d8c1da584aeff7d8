import datetime as dt
import importlib
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.providers import selectors, services
from innovoucher.providers.codes import Code
from innovoucher.providers.domain import booking_amount_fen, overlaps
from innovoucher.providers.models import Booking
from innovoucher.providers.states import BookingStatus
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


ALWAYS = {d: ("00:00", "24:00") for d in range(7)}  # open round the clock

T0 = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def _admitted(make_provider, kind="university", name=None, region="330602"):
    org, staff = make_provider(kind, region=region, name=name)
    services.admission_apply(
        actor=staff,
        organisation=org,
        family="shaoxing" if region == "330602" else "urumqi",
        certificates=[cert()],
    )
    return org, staff


@pytest.mark.django_db
def test_service_publish_validates_and_computes_support(make_provider):
    org, staff = _admitted(make_provider)
    with pytest.raises(ValidationFailed) as exc:
        services.service_publish(
            actor=staff, provider=org, category="nope", name="", price="abc", turnaround_days=0
        )
    assert set(exc.value.details["fields"]) == {"category", "name", "price", "turnaround_days"}
    s1 = services.service_publish(
        actor=staff,
        provider=org,
        category="testing",
        name="材料成分检测",
        price="1200.50",
        turnaround_days=7,
    )
    s2 = services.service_publish(
        actor=staff,
        provider=org,
        category="office_rental",
        name="办公场地租赁",
        price="100",
        turnaround_days=30,
    )
    assert s1.price_fen == 120050 and s1.name_initials == "clcfjc"
    rows = {r.service.pk: r.support for r in selectors.services_public(org)}
    assert [(s.family, s.supported) for s in rows[s1.pk]] == [("shaoxing", True)]
    assert [(s.family, s.supported) for s in rows[s2.pk]] == [
        ("shaoxing", False)
    ]  # excluded by policy


@pytest.mark.django_db
def test_only_staff_publish(make_provider, yuecheng):
    org, _ = _admitted(make_provider)
    with pytest.raises(PermissionDenied):
        services.service_publish(
            actor=yuecheng, provider=org, category="testing", name="x", price="1", turnaround_days=1
        )


@pytest.mark.django_db
def test_directory_search_and_filters(make_provider):
    a, sa = _admitted(make_provider, name="绍兴检测技术研究院")
    b, sb = _admitted(make_provider, kind="key_lab", name="天山材料重点实验室", region="650102")
    c, _ = make_provider("testing_agency", name="未入库检测公司")  # not admitted
    services.service_publish(
        actor=sb, provider=b, category="rd", name="委托研发", price="5000", turnaround_days=60
    )
    assert list(selectors.provider_directory()) == [a, b]
    assert list(selectors.provider_directory(q="检测")) == [a]
    assert list(selectors.provider_directory(q="sxjc")) == [a]  # pinyin initials
    assert list(selectors.provider_directory(q="tianshan")) == [b]  # full pinyin
    assert list(selectors.provider_directory(q="委托")) == [b]  # service name
    assert list(selectors.provider_directory(region="650000")) == [b]
    assert list(selectors.provider_directory(kind="key_lab")) == [b]
    assert list(selectors.provider_directory(category="rd")) == [b]


def test_domain_helpers():
    assert overlaps(T0, T0 + H, T0 + H / 2, T0 + 2 * H)
    assert not overlaps(T0, T0 + H, T0 + H, T0 + 2 * H)
    assert booking_amount_fen(30000, T0, T0 + 90 * dt.timedelta(minutes=1)) == 45000
    assert booking_amount_fen(1, T0, T0 + H / 2) == 1  # half a fen rounds up


@pytest.fixture
def instrument(db, make_provider):
    org, staff = _admitted(make_provider)
    inst = services.instrument_register(
        actor=staff,
        opening_hours=ALWAYS,
        follows_workdays=False,
        provider=org,
        name="场发射扫描电镜",
        price_per_hour="300.00",
        model_no="SU8010",
        location="A楼101",
    )
    return inst, staff


@pytest.mark.django_db
def test_booking_no_overlap_and_provider_steps(instrument, enterprise_user):
    inst, staff = instrument
    ent, user = enterprise_user
    with clock.frozen_now(T0 - dt.timedelta(days=1)):
        b1 = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=T0, end=T0 + 2 * H
        )
        assert b1.amount_fen == 60000 and b1.status == BookingStatus.REQUESTED
        with pytest.raises(Conflict) as exc:
            services.booking_request(
                actor=user, instrument=inst, organisation=ent, start=T0 + H, end=T0 + 3 * H
            )
        assert exc.value.code == Code.BOOKING_OVERLAP
        b2 = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=T0 + 2 * H, end=T0 + 3 * H
        )  # touching
        with pytest.raises(ValidationFailed):
            services.booking_request(
                actor=user, instrument=inst, organisation=ent, start=T0 + 5 * H, end=T0 + 4 * H
            )
        with pytest.raises(PermissionDenied):
            services.booking_request(
                actor=staff, instrument=inst, organisation=ent, start=T0 + 5 * H, end=T0 + 6 * H
            )
        with pytest.raises(PermissionDenied):
            services.booking_confirm(actor=user, booking=b1)
        with pytest.raises(PermissionDenied):  # the booker is refused before the time guard
            services.booking_complete(actor=user, booking=b1)
        services.booking_confirm(actor=staff, booking=b1)
        with pytest.raises(Conflict) as exc:
            services.booking_confirm(actor=staff, booking=b1)
        assert exc.value.code == CoreCode.INVALID_TRANSITION
        with pytest.raises(ValidationFailed) as exc:
            services.booking_cancel(actor=staff, booking=b2)
        assert exc.value.details["fields"]["reason"]
        services.booking_cancel(actor=staff, booking=b2, reason="设备检修")
        # a cancelled slot is free again
        services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=T0 + 2 * H, end=T0 + 3 * H
        )
        with pytest.raises(Conflict) as exc:
            services.booking_complete(actor=staff, booking=b1)
        assert exc.value.code == Code.BOOKING_NOT_ENDED
    with clock.frozen_now(T0 + 3 * H), pytest.raises(ValidationFailed):  # in the past
        services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=T0 + 2 * H, end=T0 + 5 * H
        )
    with clock.frozen_now(T0 + 3 * H):
        b1 = services.booking_complete(actor=staff, booking=b1)
    assert b1.status == BookingStatus.COMPLETED
    # every booking has its history, and each step its audit event
    history = list(b1.changes.values_list("action", "from_status", "to_status", "actor"))
    assert history == [
        ("request", "", "requested", user.pk),
        ("confirm", "requested", "confirmed", staff.pk),
        ("complete", "confirmed", "completed", staff.pk),
    ]
    b2.refresh_from_db()
    assert b2.changes.last().reasons == ["设备检修"] and b2.reason == "设备检修"
    assert list(
        AuditEvent.objects.filter(object_id=str(b1.pk), action__startswith="providers.booking.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["providers.booking.request", "providers.booking.confirm", "providers.booking.complete"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_yield_exactly_one(instrument, enterprise_user):
    inst, _ = instrument
    ent, user = enterprise_user
    start = clock.now() + dt.timedelta(days=3)
    n = 6
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def book(i: int) -> None:
        try:
            barrier.wait()
            # overlapping, not identical, slots: each pair overlaps
            services.booking_request(
                actor=user,
                instrument=inst,
                organisation=ent,
                start=start + dt.timedelta(minutes=i),
                end=start + 2 * H + dt.timedelta(minutes=i),
            )
            outcome = "ok"
        except Conflict:
            outcome = "conflict"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=book, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * (n - 1) + ["ok"]
    assert Booking.objects.filter(instrument=inst).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_exclusion_constraint_exists_on_postgres(instrument, enterprise_user):
    from django.db import IntegrityError, transaction

    inst, _ = instrument
    ent, _ = enterprise_user
    Booking.objects.create(
        instrument=inst, organisation=ent, start=T0, end=T0 + H, amount_fen=1, created_at=T0
    )
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):  # the database itself refuses, bypassing the service
        Booking.objects.create(
            instrument=inst,
            organisation=ent,
            start=T0 + H / 2,
            end=T0 + 2 * H,
            amount_fen=1,
            created_at=T0,
        )
    Booking.objects.create(
        instrument=inst,
        organisation=ent,
        start=T0 + H / 2,
        end=T0 + 2 * H,
        amount_fen=1,
        created_at=T0,
        status="cancelled",
    )


@pytest.mark.django_db
def test_migration_backfills_the_request_of_older_bookings(instrument, enterprise_user):
    from django.apps import apps

    backfill = importlib.import_module(
        "innovoucher.providers.migrations.0004_status_change_base_booking_change"
    ).backfill_booking_requests
    inst, _ = instrument
    ent, user = enterprise_user
    with clock.frozen_now(T0 - dt.timedelta(days=1)):
        b = services.booking_request(
            actor=user, instrument=inst, organisation=ent, start=T0, end=T0 + H
        )
    b.changes.all().delete()  # as before the history existed
    backfill(apps, None)
    backfill(apps, None)  # runs once per booking
    assert list(b.changes.values_list("action", "to_status", "actor", "at")) == [
        ("request", "requested", user.pk, b.created_at)
    ]
