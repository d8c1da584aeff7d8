import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_quote(monkeypatch, capsys, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = 0
    try:
        call_command("quote")
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prints_the_result_json(monkeypatch, capsys, seed_policies, contract_example):
    code, out, _ = run_quote(monkeypatch, capsys, json.dumps(contract_example))
    assert code == 0 and json.loads(out)["subsidy"] == "110000.00"


def test_cli_exits_0_when_not_eligible(monkeypatch, capsys, seed_policies, contract_example):
    contract_example["applicant"]["region"] = "110101"
    code, out, _ = run_quote(monkeypatch, capsys, json.dumps(contract_example))
    assert code == 0 and json.loads(out)["eligible"] is False


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "42",
        '{"policy": "ningxia"}',
        '{"policy":"x","applicant":{"kind":"enterprise","region":"640104"},"service":{"category":"testing","contract_amount":"1.001"}}',
    ],
)
def test_cli_exits_2_with_a_message_on_malformed_input(monkeypatch, capsys, seed_policies, text):
    code, out, err = run_quote(monkeypatch, capsys, text)
    assert code == 2 and out == ""
    error = json.loads(err)
    assert error["code"] and error["message"] and "Traceback" not in err
