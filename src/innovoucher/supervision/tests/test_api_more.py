"""The JSON API of imports, measures, bulletins, directors and staff actions: success codes,
4xx with stable codes, region scope, and every endpoint in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from innovoucher.accounts.roles import Role
from innovoucher.registry.idnumber import make_id_number
from innovoucher.supervision.tests.support import at
from testsupport import make_user
from testsupport.world import START, build_world

BASE = "/api/v1/supervision"


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.django_db
def test_import_measure_director_and_staff_endpoints(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        county = client(world.officials["county"])
        stranger = client(make_user("elsewhere-api", Role.COUNTY_REVIEWER, "650104"))
        text = (
            f"统一社会信用代码,名称,列入日期\n{world.provider.uscc},{world.provider.name},"
            "2026-01-05\n"
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            r = county.post(
                f"{BASE}/credit-imports",
                {
                    "region_code": world.county,
                    "list_kind": "dishonest",
                    "file": SimpleUploadedFile("l.csv", text.encode()),
                },
            )
        assert r.status_code == 202, r.content
        pk = r.json()["id"]
        got = county.get(f"{BASE}/credit-imports/{pk}").json()
        assert (got["status"], got["matched_count"], got["percent"]) == ("done", 1, 100)
        matches = county.get(f"{BASE}/credit-imports/{pk}/matches").json()
        assert matches[0]["organisation_id"] == world.provider.pk and matches[0]["evidence"]
        assert stranger.get(f"{BASE}/credit-imports/{pk}").status_code == 404
        r = county.post(f"{BASE}/credit-imports", {"region_code": world.county, "list_kind": "x"})
        assert (r.status_code, r.json()["code"]) == (422, "credit_import_invalid")

        body = {"provider_id": world.provider.pk, "family": "urumqi", "grounds": "评价为差"}
        r = county.post(f"{BASE}/measures", body, content_type="application/json")
        assert r.status_code == 201
        m = r.json()
        r = client(world.provider_user).post(
            f"{BASE}/measures/{m['id']}/actions",
            {"action": "report", "report": "已整改"},
            content_type="application/json",
        )
        assert r.json()["status"] == "reported"
        r = county.post(
            f"{BASE}/measures/{m['id']}/actions",
            {"action": "stop", "reasons": ["拒不整改"]},
            content_type="application/json",
        )
        assert (r.status_code, r.json()["code"]) == (409, "measure_invalid")

        number = make_id_number("650102", dt.date(1977, 7, 7), 77)
        r = county.post(
            f"{BASE}/organisations/{world.applicant.pk}/directors",
            {"name": "周九", "id_number": number},
            content_type="application/json",
        )
        assert r.status_code == 201 and r.json()["title"] == "董事"
        assert county.get(f"{BASE}/organisations/{world.applicant.pk}/spread").status_code == 200

        actions = county.get(
            f"{BASE}/staff-actions", {"user": world.officials["county"].username}
        ).json()
        assert {"supervision.measure.issue", "registry.director.add"} <= {
            a["action"] for a in actions
        }
        assert client(world.applicant_user).get(f"{BASE}/staff-actions").status_code == 403
        assert client().get(f"{BASE}/public/bulletins").status_code == 200
    paths = client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/credit-imports",
        "/credit-imports/{pk}",
        "/credit-imports/{pk}/matches",
        "/measures",
        "/measures/{pk}/actions",
        "/revocations/{pk}/execute",
        "/bulletins",
        "/bulletins/{pk}/publish",
        "/public/bulletins",
        "/organisations/{org_id}/directors",
        "/staff-actions",
    ):
        assert f"{BASE}{path}" in paths, path
