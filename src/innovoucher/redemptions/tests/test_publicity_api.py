"""API /api/v1/publicity: public lists, objections (login + CSRF), decisions, 批复 and payments,
errors as {code, message, details} with a 4xx."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.redemptions.models import Approval, Objection
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db
API = "/api/v1/publicity"
GROUNDS = {
    "objector_name": "张某",
    "contact": "13800138000",
    "grounds": "该企业与服务机构的实际控制人相同，请核查。",
}


def _client(user=None, **kw) -> Client:
    client = Client(**kw)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def listed():
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=2_500_000))
    return world, r, r.publicity_items.get()


def test_lists_are_public_and_amounts_are_yuan_strings(listed):
    world, r, item = listed
    with clock.frozen_now(item.publicity.starts_on):
        body = _client().get(f"{API}/?state=open").json()
        assert body["count"] == 1 and body["results"][0]["open_for_objections"] is True
        detail = _client().get(f"{API}/{item.publicity_id}").json()
    assert (
        detail["items"][0]["amount"] == "25000.00"
        and detail["items"][0]["applicant"] == world.applicant.name
    )
    missing = _client().get(f"{API}/999999")
    assert missing.status_code == 404 and set(missing.json()) == {"code", "message", "details"}


def test_objections_need_login_and_csrf_and_valid_fields(listed):
    world, r, item = listed
    url = f"{API}/items/{item.pk}/objections"
    citizen = make_user("api-citizen")
    with clock.frozen_now(item.publicity.starts_on):
        assert _client().post(url, GROUNDS, content_type="application/json").status_code in (
            401,
            403,
        )
        assert (
            _client(citizen, enforce_csrf_checks=True)
            .post(url, GROUNDS, content_type="application/json")
            .status_code
            == 403
        )
        bad = _client(citizen).post(
            url, {**GROUNDS, "contact": "x"}, content_type="application/json"
        )
        assert bad.status_code == 422 and "contact" in bad.json()["details"]["fields"]
        malformed = _client(citizen).post(
            url, {"objector_name": "张某"}, content_type="application/json"
        )
        assert malformed.status_code == 422 and malformed.json()["code"] == "invalid_request"
        made = _client(citizen).post(url, GROUNDS, content_type="application/json")
        assert made.status_code == 201 and made.json()["status"] == "open"
        again = _client(citizen).post(url, GROUNDS, content_type="application/json")
        assert again.status_code == 409 and again.json()["code"] == "objection_open"
    r.refresh_from_db()
    assert r.status == "in_review"


def test_officials_list_and_decide_once(listed):
    world, r, item = listed
    with clock.frozen_now(item.publicity.starts_on):
        _client(make_user("api-citizen-2")).post(
            f"{API}/items/{item.pk}/objections", GROUNDS, content_type="application/json"
        )
    objection = Objection.objects.get()
    official = _client(world.officials["city"])
    assert [o["id"] for o in official.get(f"{API}/objections?status=open").json()] == [objection.pk]
    assert (
        _client(make_user("api-nobody")).get(f"{API}/objections/{objection.pk}").status_code == 404
    )
    decided = official.post(
        f"{API}/objections/{objection.pk}/decide",
        {"outcome": "upheld", "resolution": "经查属实，调整支持名单。"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "upheld"
    twice = official.post(
        f"{API}/objections/{objection.pk}/decide",
        {"outcome": "dismissed", "resolution": "不成立"},
        content_type="application/json",
    )
    assert twice.status_code == 409 and twice.json()["code"] == "invalid_transition"


def test_approvals_and_payment_status(listed):
    world, r, item = listed
    tick(item.publicity.ends_on + dt.timedelta(days=1))
    approval = Approval.objects.get()
    party = _client(world.applicant_user)
    rows = party.get(f"{API}/approvals").json()
    assert (
        [a["number"] for a in rows] == ["乌科券批〔2026〕1号"]
        and rows[0]["total"] == "25000.00"
        and rows[0]["pdf_url"]
    )
    detail = party.get(f"{API}/approvals/{approval.pk}").json()
    assert detail["rows"][0]["shares"] == {"city": "25000.00"} and detail["articles"]
    pdf = party.get(f"{API}/approvals/{approval.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    payment = party.get(f"{API}/redemptions/{r.pk}/payment").json()
    assert (
        payment["status"] == "payable"
        and payment["claim_status"] == "reserved"
        and payment["amount"] == "25000.00"
    )
    assert (
        _client(make_user("api-nobody-2")).get(f"{API}/approvals/{approval.pk}").status_code == 404
    )
    refused = _client(world.officials["county"]).post(
        f"{API}/redemptions/{r.pk}/recover", {"reasons": ["违规"]}, content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "not_paid"
    bad = _client(world.officials["county"]).post(
        f"{API}/redemptions/{r.pk}/recover",
        {"reasons": ["违规"], "amount": "1.2.3"},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_openapi_document_describes_the_publicity_routes():
    paths = _client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/publicity/",
        "/api/v1/publicity/items/{item_id}/objections",
        "/api/v1/publicity/approvals/{approval_id}/pdf",
        "/api/v1/publicity/redemptions/{redemption_id}/recover",
    } <= set(paths)
