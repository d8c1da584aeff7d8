"""The JSON API: 201 on success, 4xx with a stable code on every refusal, region-scoped reads,
and every endpoint in the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.supervision.tests.support import at
from testsupport import make_user
from testsupport.world import START, build_world

BASE = "/api/v1/supervision"


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def world(seed_policies):
    with at(START["urumqi"]):
        return build_world("urumqi", funded=False)


def _impose(c, org_id, **kw):
    body = {"organisation_id": org_id, "family": "urumqi", "reason": "编造合同", **kw}
    return c.post(f"{BASE}/sanctions", body, content_type="application/json")


@pytest.mark.django_db
def test_impose_list_get_lift_and_their_refusals(world):
    county = client(world.officials["county"])
    with at(START["urumqi"]):
        stranger = client(make_user("elsewhere", Role.COUNTY_REVIEWER, "650104"))
        assert client().get(f"{BASE}/sanctions").json()["code"] == "unauthenticated"
        assert _impose(county, 999_999).status_code == 404
        r = _impose(county, world.applicant.pk, reason=" ")
        assert (r.status_code, r.json()["code"]) == (422, "sanction_invalid")
        r = _impose(stranger, world.applicant.pk)
        assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
        r = county.post(f"{BASE}/sanctions", "{", content_type="application/json")
        assert r.status_code == 400 and r.json()["message"]  # malformed JSON: a 4xx, not a 500
        r = _impose(county, world.applicant.pk, scopes=["vouchers"])
        assert r.status_code == 201
        made = r.json()
        assert [(s["scope"], s["ends_on"], s["article"]) for s in made] == [
            ("vouchers", "2031-03-01", "第二十条")
        ]
        pk = made[0]["id"]
        assert [s["id"] for s in county.get(f"{BASE}/sanctions").json()] == [pk]
        assert stranger.get(f"{BASE}/sanctions").json() == []
        assert stranger.get(f"{BASE}/sanctions/{pk}").status_code == 404
        r = county.post(f"{BASE}/sanctions/{pk}/lift", {"reasons": []}, "application/json")
        assert (r.status_code, r.json()["code"]) == (422, "reasons_required")
        r = county.post(f"{BASE}/sanctions/{pk}/lift", {"reasons": ["复核"]}, "application/json")
        assert r.status_code == 200 and r.json()["status"] == "lifted"
        r = county.post(f"{BASE}/sanctions/{pk}/lift", {"reasons": ["复核"]}, "application/json")
        assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")


@pytest.mark.django_db
def test_sample_and_complaint_refusals(world):
    city = client(world.officials["city"])
    with at(START["urumqi"]):
        body = {
            "region_code": world.city,
            "family": "urumqi",
            "period_from": "2026-01-01",
            "period_to": "2026-03-01",
        }
        r = city.post(f"{BASE}/samples", body, content_type="application/json")
        assert (r.status_code, r.json()["code"]) == (422, "frame_empty")
        r = city.post(f"{BASE}/samples", {**body, "period_to": "2025-01-01"}, "application/json")
        assert (r.status_code, r.json()["code"]) == (422, "frame_invalid")
        assert city.get(f"{BASE}/checks/1").json()["code"] == "check_not_found"
        r = client(world.applicant_user).post(
            f"{BASE}/complaints",
            {
                "kind": "quality",
                "provider_id": world.provider.pk,
                "family": "urumqi",
                "text": "报告迟交",
                "complainant_id": world.applicant.pk,
            },
            "application/json",
        )
        assert r.status_code == 201 and r.json()["status"] == "received"
        pk = r.json()["id"]
        r = city.post(
            f"{BASE}/complaints/{pk}/answer", {"outcome": "x", "answer": "y"}, "application/json"
        )
        assert (r.status_code, r.json()["code"]) == (422, "complaint_invalid")


@pytest.mark.django_db
def test_every_endpoint_is_in_openapi(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for p in (
        "/sanctions",
        "/sanctions/{pk}",
        "/sanctions/{pk}/lift",
        "/samples",
        "/samples/{pk}",
        "/checks/{pk}/findings",
        "/checks/{pk}/conclude",
        "/clawbacks",
        "/clawbacks/{pk}/repay",
        "/complaints",
        "/complaints/{pk}/answer",
    ):
        assert f"{BASE}{p}" in paths
