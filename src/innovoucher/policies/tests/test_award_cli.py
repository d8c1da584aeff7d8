import io
import json

import pytest
from django.core.management import call_command

from innovoucher.policies.engine.awards import codes

pytestmark = pytest.mark.django_db

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


def run_award_quote(monkeypatch, capsys, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = 0
    try:
        call_command("award_quote")
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prints_the_contract_example(monkeypatch, capsys, seed_policies):
    code, out, _ = run_award_quote(monkeypatch, capsys, json.dumps(EXAMPLE))
    assert code == 0
    result = json.loads(out)
    # 第十二条 1000000.00 × 5% = 50000.00 (city); 第十九条 A 档 800000.00 × 30% = 240000.00
    # (province) + 1:1 city match
    assert result["total"] == "530000.00"
    assert result["shares"] == {"province": "240000.00", "city": "290000.00"}
    assert [(a["code"], a["amount"], a["funder"]) for a in result["awards"]] == [
        ("city_provider_subsidy", "50000.00", "city"),
        ("province_award", "240000.00", "province"),
        ("city_match", "240000.00", "city"),
    ]
    assert all(step["article"] for step in result["trace"])


def test_cli_exits_0_for_a_policy_without_awards(monkeypatch, capsys, seed_policies):
    code, out, _ = run_award_quote(monkeypatch, capsys, json.dumps({**EXAMPLE, "policy": "shanxi"}))
    result = json.loads(out)
    assert code == 0 and result["total"] == "0.00" and result["eligible"] is False
    assert [r["code"] for r in result["reasons"]] == [codes.NO_PROVIDER_AWARDS] and result[
        "reasons"
    ][0]["article"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", codes.INVALID_JSON),
        ("{", codes.INVALID_JSON),
        ("42", codes.INVALID_AWARD_REQUEST),
        ('{"year": 2025}', codes.INVALID_AWARD_REQUEST),
        ('{"policy": "liaocheng", "year": "2025"}', codes.INVALID_AWARD_REQUEST),
        (
            '{"policy": "liaocheng", "services": {"redeemed_total": 1.5}}',
            codes.INVALID_AWARD_REQUEST,
        ),
        ('{"policy": "liaocheng", "evaluation": {"grade": "E"}}', codes.INVALID_AWARD_REQUEST),
        ('{"policy": "liaocheng", "provider": {"region": "3715"}}', codes.INVALID_AWARD_REQUEST),
        ('{"policy": "liaocheng", "bonus": true}', codes.INVALID_AWARD_REQUEST),
        ('{"policy": "atlantis", "year": 2025}', codes.UNKNOWN_POLICY),
    ],
)
def test_cli_exits_2_with_code_and_message_on_malformed_input(
    monkeypatch, capsys, seed_policies, text, code
):
    exit_code, out, err = run_award_quote(monkeypatch, capsys, text)
    assert exit_code == 2 and out == ""
    error = json.loads(err)
    assert set(error) == {"code", "message", "details"} and error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]) and "Traceback" not in err
