import json

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/quotes"


def post(client, body, raw=False):
    return client.post(URL, data=body if raw else json.dumps(body), content_type="application/json")


def test_contract_example_quotes_110000_to_the_provider(client, seed_policies, contract_example):
    response = post(client, contract_example)
    assert response.status_code == 200
    data = response.json()
    assert (
        data["subsidy"] == "110000.00"
        and data["shares"] == {"province": "110000.00"}
        and data["payee"] == "provider"
    )
    assert data["version"] == "ningxia-2019" and data["on"] == "2026-06-01"
    assert all(step["article"] is not None for step in data["trace"])


def test_not_eligible_is_200_with_reasons(client, seed_policies, contract_example):
    contract_example["service"]["category"] = "statutory_testing"
    data = post(client, contract_example).json()
    assert data["eligible"] is False and data["subsidy"] == "0.00"
    assert {r["code"] for r in data["reasons"]} >= {"scope_excluded"}


@pytest.mark.parametrize(
    "body,code,field",
    [
        ("{not json", "invalid_json", None),
        ("[1, 2]", "invalid_quote_request", None),
        ("", "invalid_quote_request", None),
        ({"policy": "ningxia"}, "invalid_quote_request", "applicant"),
        (
            {
                "policy": "ningxia",
                "applicant": {"kind": "company", "region": "640104"},
                "service": {"category": "testing", "contract_amount": "1"},
            },
            "invalid_quote_request",
            "applicant.kind",
        ),
        (
            {
                "policy": "ningxia",
                "applicant": {"kind": "enterprise", "region": "64010"},
                "service": {"category": "testing", "contract_amount": "1"},
            },
            "invalid_quote_request",
            "applicant.region",
        ),
        (
            {
                "policy": "ningxia",
                "applicant": {"kind": "enterprise", "region": "640104"},
                "service": {"category": "testing", "contract_amount": 1.5},
            },
            "invalid_quote_request",
            "service.contract_amount",
        ),
        (
            {
                "policy": "ningxia",
                "on": "2026-13-01",
                "applicant": {"kind": "enterprise", "region": "640104"},
                "service": {"category": "testing", "contract_amount": "1"},
            },
            "invalid_quote_request",
            "on",
        ),
        (
            {
                "policy": "atlantis",
                "applicant": {"kind": "enterprise", "region": "640104"},
                "service": {"category": "testing", "contract_amount": "1"},
            },
            "unknown_policy",
            "policy",
        ),
    ],
)
def test_malformed_input_is_a_4xx_with_a_chinese_message(client, seed_policies, body, code, field):
    response = post(client, body, raw=isinstance(body, str))
    assert 400 <= response.status_code < 500
    data = response.json()
    assert data["code"] == code and set(data) == {"code", "message", "details"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])
    if field:
        assert field in [e["field"] for e in data["details"]["errors"]]


def test_openapi_documents_the_quote_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/quotes" in spec["paths"]
    assert "422" in spec["paths"]["/api/v1/quotes"]["post"]["responses"]
