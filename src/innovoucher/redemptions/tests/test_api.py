"""The redemptions JSON API: documented, scoped, 4xx with code/message/details for bad input."""

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.redemptions.tests.intake_support import (
    intake_env,
    make_order,
    ready,
    upload,
    world_for,
)  # noqa: F401
from testsupport import make_user
from testsupport.world import START

API = "/api/v1/redemptions"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _form(order, **extra):
    return {
        "order_id": order.pk,
        "invoice_number": "26650000123412341234",
        "invoice_amount": "100000.00",
        "invoice_issued_on": "2026-02-27",
        **{
            k: upload(f"{k}.pdf") for k in ("contract", "invoice", "payment_proof", "result_report")
        },
        **extra,
    }


def test_openapi_documents_the_endpoints(intake_env):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        f"{API}/",
        f"{API}/{{redemption_id}}",
        f"{API}/{{redemption_id}}/review",
        f"{API}/{{redemption_id}}/resubmit",
        f"{API}/{{redemption_id}}/confirm",
        f"{API}/{{redemption_id}}/withdraw",
        f"{API}/queue",
        f"{API}/calls",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths[f"{API}/"]["post"]["requestBody"]["content"]


def test_submit_confirm_review_through_the_api(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        city = client_for(w.officials["city"])
        made = city.post(
            f"{API}/calls",
            {
                "family": "urumqi",
                "title": "兑现通知",
                "opens_on": "2026-03-02",
                "closes_on": "2026-03-31",
            },
            content_type="application/json",
        )
        assert made.status_code == 201 and made.json()["state"] == "open"
        assert Client().get(f"{API}/calls").json()[0]["number"] == made.json()["number"]
        order = make_order(w)
        firm = client_for(w.applicant_user)
        refused = firm.post(API + "/", {**_form(order), "payment_proof": ""})
        body = refused.json()
        assert refused.status_code == 422 and body["code"] == "check_failed"
        assert any(
            c["code"] == "documents" and c["verdict"] == "fail" for c in body["details"]["checks"]
        )
        created = firm.post(API + "/", _form(order))
        assert created.status_code == 201, created.content
        r = created.json()
        assert (
            r["status"] == "awaiting_confirmation"
            and r["subsidy"] == "50000.00"
            and r["shares"] == {"city": "50000.00"}
        )
        assert {c["code"] for c in r["checks"]} >= {"window", "relation", "fully_paid"}
        confirmed = client_for(w.provider_user).post(f"{API}/{r['id']}/confirm")
        assert (
            confirmed.json()["status"] == "in_review"
            and confirmed.json()["steps"][0]["level"] == "county"
        )
        county = client_for(w.officials["county"])
        queue = county.get(f"{API}/queue").json()
        assert [q["redemption"]["id"] for q in queue] == [r["id"]] and queue[0]["step"]["due_on"]
        bad = county.post(
            f"{API}/{r['id']}/review", {"action": "return"}, content_type="application/json"
        )
        assert bad.status_code == 422 and bad.json()["code"] == "reasons_required"
        wrong = county.post(
            f"{API}/{r['id']}/review",
            {"action": "approve", "amount": "99999999.00"},
            content_type="application/json",
        )
        assert wrong.status_code == 422 and wrong.json()["details"]["fields"]["amount"]
        step_id = queue[0]["step"]["id"]
        ok = county.post(
            f"{API}/{r['id']}/review",
            {"action": "approve", "opinion": "同意推荐", "step_id": step_id},
            content_type="application/json",
        )
        assert ok.status_code == 200 and ok.json()["steps"][1]["status"] == "pending"
        again = county.post(
            f"{API}/{r['id']}/review",
            {"action": "approve", "step_id": step_id},
            content_type="application/json",
        )
        assert again.status_code == 409 and again.json()["code"] == "no_pending_step"
        expert = client_for(w.officials["expert"]).post(
            f"{API}/{r['id']}/review",
            {"action": "return", "reasons": ["补充研发相关性说明"]},
            content_type="application/json",
        )
        assert expert.json()["status"] == "returned"
        resubmitted = firm.post(
            f"{API}/{r['id']}/resubmit", {"note": "已补充", "other": upload("note.pdf")}
        )
        assert resubmitted.status_code == 200 and resubmitted.json()["round"] == 2
        mine = firm.get(f"{API}/").json()
        assert mine["count"] == 1 and mine["results"][0]["number"] == r["number"]
        assert county.get(f"{API}/?scope=region").json()["count"] == 1


def test_scoping_and_errors(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = ready(w)
        stranger = client_for(make_user("nx-xixia", Role.COUNTY_REVIEWER, "640105"))
        assert stranger.get(f"{API}/{r.pk}").status_code == 404
        assert stranger.get(f"{API}/{r.pk}").json()["code"] == "redemption_not_found"
        assert (
            stranger.post(
                f"{API}/{r.pk}/review", {"action": "approve"}, content_type="application/json"
            ).status_code
            == 404
        )
        assert (
            client_for(w.officials["city"])
            .post(f"{API}/{r.pk}/review", {"action": "approve"}, content_type="application/json")
            .status_code
            == 403
        )
        assert Client().get(f"{API}/").status_code == 401
        unknown = client_for(w.provider_user).post(API + "/", {"order_id": 999999})
        assert unknown.status_code == 404 and unknown.json()["code"] == "order_not_found"
        garbage = client_for(w.officials["county"]).post(
            f"{API}/{r.pk}/review", {"action": "maybe"}, content_type="application/json"
        )
        assert garbage.status_code == 422 and garbage.json()["code"] == "invalid_request"
        order = make_order(w)
        firm = client_for(w.provider_user)
        reused = firm.post(API + "/", {**_form(order), "invoice_number": r.invoices.get().number})
        assert reused.status_code == 409 and r.number in reused.json()["message"]
        ningxia_call = client_for(w.officials["province"]).post(
            f"{API}/calls",
            {
                "family": "ningxia",
                "title": "x",
                "opens_on": "2026-03-02",
                "closes_on": "2026-03-03",
            },
            content_type="application/json",
        )
        assert ningxia_call.status_code == 422 and ningxia_call.json()["code"] == "call_not_needed"


@pytest.mark.parametrize("method", ["post"])
def test_csrf_is_enforced(intake_env, method):
    w = world_for("ningxia")
    c = Client(enforce_csrf_checks=True)
    c.force_login(w.provider_user)
    assert c.post(f"{API}/1/withdraw", {}, content_type="application/json").status_code == 403
