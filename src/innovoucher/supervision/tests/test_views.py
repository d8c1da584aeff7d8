"""The officials' pages: reachable from the navigation, paginated, region-scoped; refusals are a
4xx page with the Chinese message, never a 500; the public report form."""

from __future__ import annotations

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.supervision.models import Complaint, Sanction
from innovoucher.supervision.tests.support import at
from testsupport import make_user
from testsupport.world import START, build_world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def world(seed_policies):
    with at(START["urumqi"]):
        return build_world("urumqi", funded=False)


@pytest.mark.django_db
def test_official_imposes_from_the_page_and_sees_it_listed(world):
    c = client(world.officials["county"])
    with at(START["urumqi"]):
        home = c.get("/supervision/")
        assert home.status_code == 200 and "监督检查" in home.content.decode()
        assert 'href="/supervision/"' in c.get("/").content.decode(), "staff navigation entry"
        r = c.post(
            "/supervision/sanctions/impose/",
            {"uscc": world.applicant.uscc, "family": "urumqi", "reason": "编造合同"},
        )
        sanction = Sanction.objects.filter(derived_from=None).order_by("id").first()
        assert r.status_code == 302 and r.url == f"/supervision/sanctions/{sanction.pk}/"
        page = c.get(r.url).content.decode()
        assert "第二十条" in page and "2031年3月1日" in page
        listing = c.get("/supervision/sanctions/?status=active").content.decode()
        assert world.applicant.name in listing
        for url in (
            "/supervision/samples/",
            "/supervision/clawbacks/",
            "/supervision/complaints/",
            "/supervision/integrity/",
            "/supervision/sanctions/?page=99",
        ):
            assert c.get(url).status_code == 200, url


@pytest.mark.django_db
def test_refusals_are_4xx_pages(world):
    with at(START["urumqi"]):
        stranger = client(make_user("elsewhere", Role.COUNTY_REVIEWER, "650104"))
        r = stranger.post(
            "/supervision/sanctions/impose/",
            {"uscc": world.applicant.uscc, "family": "urumqi", "reason": "x"},
        )
        assert r.status_code == 403 and "权限" in r.content.decode()
        official = client(world.officials["county"])
        r = official.post("/supervision/sanctions/impose/", {"uscc": "NOPE", "reason": "x"})
        assert r.status_code == 422 and "统一社会信用代码" in r.content.decode()
        r = official.post(
            "/supervision/samples/draw/",
            {"region_code": world.county, "family": "urumqi", "period_from": "x"},
        )
        assert r.status_code == 422
        official.post(
            "/supervision/sanctions/impose/",
            {"uscc": world.applicant.uscc, "family": "urumqi", "reason": "编造合同"},
        )
        pk = Sanction.objects.first().pk
        assert stranger.get(f"/supervision/sanctions/{pk}/").status_code == 404
        assert client().get("/supervision/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_public_reports_suspected_fraud(world):
    c = client()
    with at(START["urumqi"]):
        assert c.get("/supervision/report/").status_code == 200
        r = c.post(
            "/supervision/report/",
            {
                "kind": "fraud",
                "family": "urumqi",
                "provider_uscc": world.provider.uscc,
                "text": "虚开发票",
            },
        )
        assert r.status_code == 302
        r = c.post("/supervision/report/", {"kind": "fraud", "family": "urumqi", "text": "x"})
        assert r.status_code == 422
    assert Complaint.objects.get().kind == "fraud"
