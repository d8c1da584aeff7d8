"""The provider workflow API: every admission step, bookings and recognitions, documented in
OpenAPI, scoped to the actor, errors as {code, message, details} with a 4xx."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.providers import services
from innovoucher.registry.tests.conftest import pdf
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


ALWAYS = {d: ("00:00", "24:00") for d in range(7)}  # open round the clock

pytestmark = pytest.mark.django_db
API = "/api/v1/providers"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_reviewed_route_through_the_api(
    client, make_provider, yuecheng, city_reviewer, experts, tianshan
):
    org, staff = make_provider("testing_agency")
    client.force_login(staff)
    with clock.frozen_now(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        r = _post(
            client,
            f"{API}/admissions",
            {"provider_id": org.pk, "family": "shaoxing", "materials": "资质证书"},
        )
        assert (
            r.status_code == 201
            and r.json()["status"] == "applied"
            and r.json()["history"][0]["label"] == "提交入库申请"
        )
        adm = r.json()["id"]
        # Shaoxing 三（二）2: the county confirms after the qualification certificates are provided
        bad = SimpleUploadedFile("证书.pdf", b"not a pdf", content_type="application/pdf")
        r = client.post(f"{API}/admissions/{adm}/certificates", {"certificates": [bad]})
        assert r.status_code == 422 and "certificates" in r.json()["details"]["fields"]
        r = client.post(f"{API}/admissions/{adm}/certificates", {"certificates": [cert()]})
        assert r.status_code == 201
        r = _post(client, f"{API}/admissions", {"provider_id": org.pk, "family": "shaoxing"})
        assert r.status_code == 409 and r.json()["code"] == "admission_exists"
        assert (
            _post(
                client, f"{API}/admissions/{adm}/initial-review", {"action": "initial_pass"}
            ).status_code
            == 403
        )
        client.force_login(tianshan)
        r = _post(client, f"{API}/admissions/{adm}/initial-review", {"action": "initial_pass"})
        assert r.status_code == 404 and r.json()["code"] == "admission_not_found"
        client.force_login(yuecheng)
        r = _post(client, f"{API}/admissions/{adm}/initial-review", {"action": "initial_reject"})
        assert (
            r.status_code == 422
            and r.json()["code"] == "reasons_required"
            and r.json()["details"]["fields"]["reasons"]
        )
        assert (
            _post(
                client, f"{API}/admissions/{adm}/initial-review", {"action": "initial_pass"}
            ).json()["status"]
            == "expert_review"
        )
        eligible = client.get(f"{API}/admissions/{adm}/eligible-experts").json()
        assert {e["id"] for e in eligible} == {e.pk for e in experts}
        r = _post(client, f"{API}/admissions/{adm}/experts", {"expert_ids": [experts[0].pk]})
        assert r.status_code == 200 and r.json()["experts"][0]["expert_id"] == experts[0].pk
        assert (
            _post(client, f"{API}/admissions/{adm}/experts", {"expert_ids": [999999]}).status_code
            == 404
        )
        client.force_login(experts[0])
        r = _post(client, f"{API}/admissions/{adm}/score", {"score": 120})
        assert r.status_code == 422 and r.json()["details"]["fields"]["score"]
        r = _post(client, f"{API}/admissions/{adm}/score", {"score": 88, "comment": "资质齐全"})
        assert r.json()["status"] == "meeting"
        client.force_login(city_reviewer)
        r = _post(client, f"{API}/admissions/{adm}/meeting", {"action": "meeting_approve"})
        assert r.json()["status"] == "publicity" and r.json()["publicity_ends_on"] == "2026-11-09"
        r = _post(client, f"{API}/admissions/{adm}/admit")
        assert r.status_code == 409 and r.json()["code"] == "publicity_running"
    with clock.frozen_now(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)):
        assert _post(client, f"{API}/admissions/{adm}/admit").json()["status"] == "admitted"
        assert (
            _post(client, f"{API}/admissions/{adm}/suspend", {"reasons": ["年度评价为差"]}).json()[
                "status"
            ]
            == "suspended"
        )
        assert _post(client, f"{API}/admissions/{adm}/resume").json()["status"] == "admitted"
        r = _post(client, f"{API}/admissions/{adm}/revoke", {"reasons": ["弄虚作假"]})
        assert r.json()["status"] == "revoked"
        labels = [h["label"] for h in r.json()["history"]]
        assert labels == [
            "提交入库申请",
            "初审推荐",
            "专家评审完成",
            "会议审议通过",
            "公示期满入库",
            "暂停服务",
            "恢复服务",
            "撤销入库",
        ]
    client.force_login(tianshan)
    assert client.get(f"{API}/admissions").json() == []


def test_meeting_reasons_and_publicity_objection(
    client, make_provider, yuecheng, city_reviewer, experts
):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:1])
    services.admission_score(actor=experts[0], admission=adm, score=70)
    client.force_login(city_reviewer)
    assert (
        _post(
            client, f"{API}/admissions/{adm.pk}/meeting", {"action": "meeting_reject"}
        ).status_code
        == 422
    )  # reasons required
    assert (
        _post(
            client, f"{API}/admissions/{adm.pk}/meeting", {"action": "meeting_approve"}
        ).status_code
        == 200
    )
    r = _post(
        client, f"{API}/admissions/{adm.pk}/publicity-objection", {"reasons": ["实名异议成立"]}
    )
    assert r.json()["status"] == "rejected" and r.json()["reasons"] == ["实名异议成立"]


def test_expert_declares_a_conflict(client, make_provider, yuecheng, experts):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:2])
    client.force_login(experts[0])
    r = _post(client, f"{API}/admissions/{adm.pk}/score", {"conflict": True})
    assert r.status_code == 422 and r.json()["details"]["fields"]["conflict_note"]
    r = _post(
        client, f"{API}/admissions/{adm.pk}/score", {"conflict": True, "conflict_note": "曾任顾问"}
    )
    assert r.status_code == 200 and r.json()["experts"] == [
        {
            "expert_id": experts[0].pk,
            "expert": str(experts[0]),
            "conflict": True,
            "conflict_note": "曾任顾问",
            "score": None,
            "comment": "",
        }
    ]
    client.force_login(experts[2])
    assert (
        _post(client, f"{API}/admissions/{adm.pk}/score", {"score": 80}).status_code == 404
    )  # not assigned: not visible


def test_bookings_through_the_api(client, make_provider, enterprise_user):
    org, staff = make_provider("university")
    services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    inst = services.instrument_register(
        actor=staff,
        opening_hours=ALWAYS,
        follows_workdays=False,
        provider=org,
        name="X射线衍射仪",
        price_per_hour="200",
        price_per_sample="150",
    )
    ent, user = enterprise_user
    start = timezone.make_aware(dt.datetime(2026, 12, 1, 9))
    client.force_login(user)
    with clock.frozen_now(dt.date(2026, 11, 30)):
        url = f"{API}/instruments/{inst.pk}/bookings"
        r = _post(
            client,
            url,
            {
                "organisation_id": ent.pk,
                "start": start.isoformat(),
                "end": (start + dt.timedelta(hours=2)).isoformat(),
                "unit": "sample",
                "samples": 3,
            },
        )
        assert (
            r.status_code == 201
            and r.json()["amount"] == "450.00"
            and r.json()["status"] == "requested"
        )
        booking = r.json()["id"]
        r = _post(
            client,
            url,
            {
                "organisation_id": ent.pk,
                "start": start.isoformat(),
                "end": (start + dt.timedelta(hours=1)).isoformat(),
            },
        )
        assert r.status_code == 409 and r.json()["code"] == "booking_overlap"
        r = _post(client, url, {"organisation_id": ent.pk, "start": "明天", "end": "后天"})
        assert r.status_code == 422 and r.json()["code"] == "invalid_request"
        assert _post(client, f"{API}/bookings/{booking}/confirm").status_code == 403
        cal = client.get(f"{API}/instruments/{inst.pk}/calendar", {"week": "2026-12-01"}).json()
        assert cal["week_of"] == "2026-11-30" and len(cal["slots"]) == 7 * 12
        busy = [s["start"] for s in cal["slots"] if s["state"] == "busy"]
        assert busy == ["2026-12-01T09:00:00+08:00", "2026-12-01T10:00:00+08:00"]
        client.force_login(staff)
        assert [b["id"] for b in client.get(f"{API}/bookings").json()] == [booking]
        r = _post(client, f"{API}/bookings/{booking}/cancel", {"reason": ""})
        assert r.status_code == 422 and r.json()["details"]["fields"]["reason"]
        assert _post(client, f"{API}/bookings/{booking}/confirm").json()["status"] == "confirmed"
        r = _post(client, f"{API}/bookings/{booking}/complete")
        assert r.status_code == 409 and r.json()["code"] == "booking_not_ended"
    with clock.frozen_now(dt.date(2026, 12, 2)):
        assert _post(client, f"{API}/bookings/{booking}/complete").json()["status"] == "completed"
    other, other_staff = make_provider("testing_agency")
    client.force_login(other_staff)
    assert client.get(f"{API}/bookings/{booking}").status_code == 404


def test_recognitions_through_the_api(client, make_provider, ningxia_official):
    org, staff = make_provider("key_lab", region="650102")
    client.force_login(staff)
    r = _post(client, f"{API}/admissions", {"provider_id": org.pk, "family": "ningxia"})
    assert r.status_code == 422 and r.json()["code"] == "region_not_recognised"
    data = {
        "provider_id": org.pk,
        "family": "ningxia",
        "basis": "local_department",
        "recognising_body": "新疆科技厅",
        "document_no": "新科〔2026〕1号",
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
    }
    r = client.post(f"{API}/recognitions", data)
    assert r.status_code == 422 and r.json()["details"]["fields"]["evidence"]
    r = client.post(f"{API}/recognitions", {**data, "evidence": pdf()})
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    rec = r.json()["id"]
    r = _post(client, f"{API}/recognitions/{rec}/transitions", {"action": "confirm"})
    assert r.status_code == 403
    client.force_login(ningxia_official)
    assert (
        _post(client, f"{API}/recognitions/{rec}/transitions", {"action": "confirm"}).json()[
            "status"
        ]
        == "confirmed"
    )
    client.force_login(staff)
    r = _post(client, f"{API}/admissions", {"provider_id": org.pk, "family": "ningxia"})
    assert (
        r.status_code == 201
        and r.json()["recognition_id"] == rec
        and r.json()["status"] == "admitted"
    )


def test_api_needs_login_and_csrf(make_provider):
    org, staff = make_provider("university")
    anonymous = Client()
    r = anonymous.get(f"{API}/admissions")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    assert anonymous.get(f"{API}/").status_code == 200  # the directory stays public
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(staff)
    assert (
        csrf.post(
            f"{API}/admissions",
            {"provider_id": org.pk, "family": "shaoxing"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_every_action_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for suffix in (
        "initial-review",
        "experts",
        "score",
        "meeting",
        "admit",
        "publicity-objection",
        "suspend",
        "resume",
        "revoke",
    ):
        assert f"{API}/admissions/{{admission_id}}/{suffix}" in paths
    for suffix in ("confirm", "cancel", "complete"):
        assert f"{API}/bookings/{{booking_id}}/{suffix}" in paths
    assert (
        f"{API}/instruments/{{instrument_id}}/bookings" in paths and f"{API}/recognitions" in paths
    )
