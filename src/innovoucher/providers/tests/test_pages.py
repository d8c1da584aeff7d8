import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.core.templatetags.ui import TONES as KNOWN
from innovoucher.providers import services
from innovoucher.providers.models import Booking, Service
from innovoucher.providers.states import TONES, AdmissionStatus, BookingStatus, RecognitionStatus
from innovoucher.registry.tests.conftest import PASSWORD
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


ALWAYS = {d: ("00:00", "24:00") for d in range(7)}  # open round the clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted(make_provider):
    org, staff = make_provider("university", name="绍兴检测技术研究院")
    services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.service_publish(
        actor=staff,
        provider=org,
        category="testing",
        name="材料检测",
        price="1200",
        turnaround_days=5,
    )
    inst = services.instrument_register(
        actor=staff,
        opening_hours=ALWAYS,
        follows_workdays=False,
        provider=org,
        name="电镜",
        price_per_hour="300",
    )
    return org, staff, inst


def test_directory_and_detail_are_public(client, admitted):
    org, _, inst = admitted
    page = client.get("/providers/?q=sxjc").content.decode()
    assert org.name in page and "服务机构名录" in page
    assert org.name not in client.get("/providers/?q=zzzz").content.decode()
    detail = client.get(f"/providers/{org.pk}/").content.decode()
    assert "材料检测" in detail and "支持" in detail and "¥1,200.00" in detail and "电镜" in detail
    assert client.get("/providers/999999/").status_code == 404
    assert client.get(f"/providers/instruments/{inst.pk}/").status_code == 200
    assert "服务机构" in client.get("/").content.decode()  # in the navigation


def test_staff_publishes_and_confirms_booking(client, admitted, enterprise_user):
    org, staff, inst = admitted
    client.login(username=staff.username, password=PASSWORD)
    assert org.name in client.get("/providers/workspace/").content.decode()
    r = client.post(
        "/providers/workspace/services/",
        {
            "provider": org.pk,
            "category": "rd",
            "name": "委托开发",
            "price": "abc",
            "turnaround_days": "3",
        },
    )
    assert r.status_code == 422 and "参考价格" in r.content.decode()
    client.post(
        "/providers/workspace/services/",
        {
            "provider": org.pk,
            "category": "rd",
            "name": "委托开发",
            "price": "800",
            "turnaround_days": "3",
        },
    )
    assert Service.objects.filter(name="委托开发", price_fen=80000).exists()
    ent, user = enterprise_user
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    start = (dt.datetime.now() + dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    r = client.post(
        f"/providers/instruments/{inst.pk}/",
        {
            "organisation": ent.pk,
            "start": start.isoformat(timespec="minutes"),
            "end": (start + dt.timedelta(hours=2)).isoformat(timespec="minutes"),
        },
    )
    assert r.status_code == 302
    booking = Booking.objects.get()
    r = client.post(
        f"/providers/instruments/{inst.pk}/",
        {
            "organisation": ent.pk,
            "start": start.isoformat(timespec="minutes"),
            "end": (start + dt.timedelta(hours=1)).isoformat(timespec="minutes"),
        },
        follow=True,
    )
    assert "该时段已被预约" in r.content.decode()
    assert (
        client.post(f"/providers/bookings/{booking.pk}/", {"action": "confirm"}).status_code == 403
    )
    client.logout()
    client.login(username=staff.username, password=PASSWORD)
    client.post(f"/providers/bookings/{booking.pk}/", {"action": "confirm"})
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    page = client.get(f"/providers/bookings/{booking.pk}/").content.decode()
    assert '<span class="tag ok" data-status="confirmed">已确认</span>' in page


def test_reviewer_pages_are_region_scoped(client, make_provider, yuecheng, tianshan):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    client.force_login(tianshan)
    assert client.get(f"/providers/admissions/{adm.pk}/").status_code == 404
    assert (
        client.post(f"/providers/admissions/{adm.pk}/", {"action": "initial_pass"}).status_code
        == 404
    )
    client.logout()
    client.force_login(yuecheng)
    assert org.name in client.get("/providers/workspace/").content.decode()
    page = client.get(f"/providers/admissions/{adm.pk}/").content.decode()
    assert "初审推荐" in page
    assert '<span class="tag warn" data-status="applied">待区县初审</span>' in page
    r = client.post(
        f"/providers/admissions/{adm.pk}/",
        {"action": "initial_reject", "reasons": "", "next": f"/providers/admissions/{adm.pk}/"},
    )
    assert r.status_code == 422 and "请填写初审不予推荐的理由" in r.content.decode()
    client.post(f"/providers/admissions/{adm.pk}/", {"action": "initial_pass"})
    adm.refresh_from_db()
    assert adm.status == "expert_review"


def test_api_directory_and_detail(client, admitted):
    org, _, _ = admitted
    data = client.get("/api/v1/providers/?q=sxjc").json()
    assert data["count"] == 1 and data["results"][0]["id"] == org.pk
    detail = client.get(f"/api/v1/providers/{org.pk}").json()
    assert detail["services"][0]["price"] == "1200.00"
    assert detail["services"][0]["support"] == [
        {
            "family": "shaoxing",
            "name": detail["services"][0]["support"][0]["name"],
            "supported": True,
        }
    ]
    assert detail["instruments"][0]["price_per_hour"] == "300.00"
    r = client.get("/api/v1/providers/999999")
    assert r.status_code == 404 and r.json()["code"] == "provider_not_found"


def test_every_status_has_a_tone():
    for enum in (AdmissionStatus, BookingStatus, RecognitionStatus):
        assert {s.value for s in enum} <= {str(k) for k in TONES}
    assert set(TONES.values()) <= set(KNOWN)
    assert TONES[AdmissionStatus.ADMITTED] == "ok" and TONES[BookingStatus.CANCELLED] == "bad"
