"""The JSON API of vouchers and orders: documented, scoped, errors as {code, message, details}."""

import json

from innovoucher.accounts.roles import Role
from innovoucher.orders.tests.conftest import at
from testsupport.world import make_user


def post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_openapi_documents_vouchers_and_orders(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/vouchers/",
        "/api/v1/vouchers/claim",
        "/api/v1/orders/",
        "/api/v1/orders/{order_id}/actions",
        "/api/v1/orders/contracts/{contract_id}/actions",
        "/api/v1/orders/contracts/{contract_id}/pdf",
    ):
        assert path in paths


def test_shaoxing_claim_order_settle_by_api(client, make_world):
    w = make_world("shaoxing")
    client.force_login(w.applicant_user)
    with at("shaoxing"):
        r = post(
            client, "/api/v1/vouchers/claim", {"holder_id": w.applicant.pk, "family": "shaoxing"}
        )
        assert r.status_code == 201, r.content
        voucher = r.json()
        assert (voucher["face"], voucher["remaining"], voucher["status"]) == (
            "200000.00",
            "200000.00",
            "issued",
        )
        again = post(
            client, "/api/v1/vouchers/claim", {"holder_id": w.applicant.pk, "family": "shaoxing"}
        )
        assert (
            again.status_code == 409
            and again.json()["code"] == "already_claimed"
            and "每年度限申领一张" in again.json()["message"]
        )
        bad = post(
            client,
            "/api/v1/orders/",
            {
                "client_id": w.applicant.pk,
                "service_id": w.service.pk,
                "family": "shaoxing",
                "contract_amount": "1.234",
            },
        )
        assert bad.status_code == 422 and set(bad.json()["details"]["fields"]) >= {
            "contract_amount"
        }
        r = post(
            client,
            "/api/v1/orders/",
            {
                "client_id": w.applicant.pk,
                "service_id": w.service.pk,
                "family": "shaoxing",
                "subject": "检测",
                "contract_amount": "100000.00",
                "voucher_id": voucher["id"],
            },
        )
        assert r.status_code == 201, r.content
        order = r.json()
        assert (
            order["voucher_uses"][0]["amount"] == "50000.00"
            and order["voucher_uses"][0]["status"] == "reserved"
        )
        refused = post(client, f"/api/v1/orders/{order['id']}/actions", {"action": "accept"})
        assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
        client.force_login(w.provider_user)
        assert (
            post(client, f"/api/v1/orders/{order['id']}/actions", {"action": "accept"}).status_code
            == 200
        )
        assert (
            post(client, f"/api/v1/orders/{order['id']}/actions", {"action": "deliver"}).json()[
                "status"
            ]
            == "delivered"
        )
        client.force_login(w.applicant_user)
        done = post(client, f"/api/v1/orders/{order['id']}/actions", {"action": "settle"}).json()
        assert (done["deduction"], done["paid"], done["status"]) == (
            "50000.00",
            "50000.00",
            "settled",
        )
        rating = post(
            client,
            f"/api/v1/orders/{order['id']}/rating",
            {"score": 5, "quality": 5, "timeliness": 4},
        )
        assert rating.status_code == 201
        listed = client.get("/api/v1/vouchers/").json()
        assert listed["count"] == 1 and listed["results"][0]["used"] == "50000.00"
        detail = client.get(f"/api/v1/vouchers/{voucher['id']}").json()
        assert detail["uses"][0]["order_id"] == order["id"] and detail["trace"]


def test_ningxia_contract_by_api_and_scoping(client, make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        client.force_login(w.applicant_user)
        order = post(
            client,
            "/api/v1/orders/",
            {
                "client_id": w.applicant.pk,
                "service_id": w.service.pk,
                "family": "ningxia",
                "subject": "检测",
                "contract_amount": "300000.00",
            },
        ).json()
        contract = {
            "contract_type": "development",
            "project_name": "检测",
            "content": "检测内容",
            "deliverables": "报告",
            "start_on": "2026-03-02",
            "end_on": "2026-04-30",
            "amount": "300000.00",
            "payment_terms": "验收后结算",
            "client_signatory": "张三",
            "provider_signatory": "王五",
            "registration_no": "640104001",
        }
        saved = post(client, f"/api/v1/orders/{order['id']}/contract", contract, method="put")
        assert saved.status_code == 200, saved.content
        cid = saved.json()["id"]
        submitted = post(
            client, f"/api/v1/orders/contracts/{cid}/actions", {"action": "submit"}
        ).json()
        assert submitted["status"] == "submitted" and {c["code"] for c in submitted["checks"]} >= {
            "amount_matches",
            "split_contract",
        }
        stranger = make_user("api-stranger", Role.COUNTY_REVIEWER, "640106")
        client.force_login(stranger)
        assert client.get(f"/api/v1/orders/contracts/{cid}").status_code == 404
        assert client.get(f"/api/v1/orders/{order['id']}").json()["code"] == "order_not_found"
        client.force_login(w.officials["agency"])
        assert [i["contract"]["id"] for i in client.get("/api/v1/orders/contracts").json()] == [cid]
        approved = post(
            client, f"/api/v1/orders/contracts/{cid}/actions", {"action": "approve"}
        ).json()
        assert approved["status"] == "approved" and approved["voucher_id"]
        voucher = client.get(f"/api/v1/vouchers/{approved['voucher_id']}").json()
        assert (voucher["face"], voucher["reserved"]) == ("110000.00", "110000.00")
        pdf = client.get(f"/api/v1/orders/contracts/{cid}/pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.logout()
    assert client.get("/api/v1/vouchers/").status_code == 401


def test_issue_return_and_revoke_by_api(client, make_world):
    w = make_world("urumqi")
    with at("urumqi"):
        client.force_login(w.officials["county"])
        refused = post(client, "/api/v1/vouchers/issue", {"family": "urumqi", "year": 2026})
        assert refused.status_code == 422 and refused.json()["code"] == "not_issuable"
        client.force_login(w.officials["city"])
        assert post(
            client, "/api/v1/vouchers/issue", {"family": "urumqi", "year": 2026}
        ).json() == {"family": "urumqi", "issued": 1}
        voucher = client.get("/api/v1/vouchers/").json()["results"][0]
        assert (voucher["mode"], voucher["face"]) == ("automatic", "100000.00")
        no_reason = post(client, f"/api/v1/vouchers/{voucher['id']}/revoke", {"reasons": []})
        assert no_reason.status_code == 422 and no_reason.json()["code"] == "reasons_required"
        client.force_login(w.applicant_user)
        assert (
            post(client, f"/api/v1/vouchers/{voucher['id']}/revoke", {"reasons": ["x"]}).status_code
            == 403
        )
        returned = post(
            client, f"/api/v1/vouchers/{voucher['id']}/return", {"reasons": ["本年度无需求"]}
        ).json()
        assert returned["status"] == "returned" and returned["changes"][-1]["reasons"] == [
            "本年度无需求"
        ]
