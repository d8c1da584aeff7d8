import json

import pytest

from innovoucher.policies.engine.awards import codes

pytestmark = pytest.mark.django_db
URL = "/api/v1/award-quotes"
EXAMPLE = {
    "policy": "liaocheng",
    "year": 2025,
    "provider": {"region": "371502", "kind": "university", "public_institution": True},
    "services": {
        "redeemed_total": "800000.00",
        "via_platform_total": "600000.00",
        "qualifying_contract_total": "1000000.00",
        "public_interest_contracts": 12,
    },
    "evaluation": {"grade": "A"},
}


def post(client, body, raw=False):
    return client.post(URL, data=body if raw else json.dumps(body), content_type="application/json")


def test_contract_example(client, seed_policies):
    response = post(client, EXAMPLE)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "policy",
        "version",
        "year",
        "eligible",
        "total",
        "shares",
        "awards",
        "reasons",
        "trace",
    }
    assert data["version"] == "liaocheng-2023" and data["year"] == 2025 and data["eligible"] is True
    assert data["total"] == "530000.00" and data["shares"] == {
        "province": "240000.00",
        "city": "290000.00",
    }
    assert all(set(a) == {"code", "amount", "funder", "article"} for a in data["awards"])


def test_a_year_after_the_version_lapsed_is_an_answer(client, seed_policies):
    # 第二十五条：有效期至 2026-01-25；2026-12-31 no version is in force.
    data = post(client, {**EXAMPLE, "year": 2026}).json()
    assert data["eligible"] is False and data["total"] == "0.00" and data["version"] is None
    assert (
        data["reasons"][0]["code"] == codes.NO_VERSION_IN_FORCE
        and data["reasons"][0]["article"] == "第二十五条"
    )


def test_shaoxing_ceiling_is_the_result_with_a_reason(client, seed_policies):
    body = {
        "policy": "shaoxing",
        "year": 2025,
        "services": {"redeemed_total": "500000.00", "via_platform_total": "200000.00"},
    }
    data = post(client, body).json()
    # 三（三）1：500000.00 ≥ 50万 → 不超过 30% = 150000.00; platform part 200000.00 × 10% = 20000.00
    assert data["total"] == "170000.00" and data["shares"] == {"county": "170000.00"}
    assert codes.AWARD_CEILING in [r["code"] for r in data["reasons"]]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ("{not json", codes.INVALID_JSON, None),
        ("", codes.INVALID_AWARD_REQUEST, None),
        ("[1, 2]", codes.INVALID_AWARD_REQUEST, None),
        ({"year": 2025}, codes.INVALID_AWARD_REQUEST, "policy"),
        ({"policy": "ningxia", "year": 25}, codes.INVALID_AWARD_REQUEST, "year"),
        (
            {"policy": "ningxia", "services": {"redeemed_total": "-1.00"}},
            codes.INVALID_AWARD_REQUEST,
            "services.redeemed_total",
        ),
        (
            {"policy": "ningxia", "services": {"redeemed_total": "1.001"}},
            codes.INVALID_AWARD_REQUEST,
            "services.redeemed_total",
        ),
        (
            {"policy": "ningxia", "services": {"public_interest_contracts": -3}},
            codes.INVALID_AWARD_REQUEST,
            "services.public_interest_contracts",
        ),
        (
            {
                "policy": "ningxia",
                "services": {"redeemed_total": "10.00", "via_platform_total": "20.00"},
            },
            codes.INVALID_AWARD_REQUEST,
            "services.via_platform_total",
        ),
        (
            {"policy": "ningxia", "provider": {"kind": "bank"}},
            codes.INVALID_AWARD_REQUEST,
            "provider.kind",
        ),
        (
            {"policy": "ningxia", "provider": {"public_institution": "yes"}},
            codes.INVALID_AWARD_REQUEST,
            "provider.public_institution",
        ),
        ({"policy": "ningxia", "provider": []}, codes.INVALID_AWARD_REQUEST, "provider"),
        (
            {"policy": "ningxia", "evaluation": {"grade": 1}},
            codes.INVALID_AWARD_REQUEST,
            "evaluation.grade",
        ),
        (
            {"policy": "ningxia", "services": {"total": "1.00"}},
            codes.INVALID_AWARD_REQUEST,
            "services.total",
        ),
        ({"policy": "atlantis", "year": 2025}, codes.UNKNOWN_POLICY, "policy"),
    ],
)
def test_malformed_input_is_a_4xx_with_code_and_chinese_message(
    client, seed_policies, body, code, field
):
    response = post(client, body, raw=isinstance(body, str))
    assert 400 <= response.status_code < 500
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == code and set(data) == {"code", "message", "details"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])
    if field:
        assert field in [e["field"] for e in data["details"]["errors"]]


def test_openapi_documents_the_award_quote_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/award-quotes"]["post"]
    assert {"200", "422"} <= set(operation["responses"])
    assert (
        operation["requestBody"]["content"]["application/json"]["example"]["policy"] == "liaocheng"
    )
