"""Pure order rules, without a database."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from innovoucher.orders import domain
from innovoucher.policies.engine import load_family

POLICIES = Path(__file__).resolve().parents[4] / "policies"


def version(family):
    return load_family(
        yaml.safe_load((POLICIES / f"{family}.yaml").read_text(encoding="utf-8")), source=family
    ).versions[-1]


@pytest.mark.parametrize(
    "fen, words",
    [
        (0, "零元整"),
        (5, "伍分"),
        (50, "伍角整"),
        (100, "壹元整"),
        (1000, "壹拾元整"),
        (100400, "壹仟零肆元整"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),
        (100005, "壹仟元零伍分"),
        (10500000, "壹拾万伍仟元整"),
        (10050000, "壹拾万零伍佰元整"),
        (30000000, "叁拾万元整"),
        (11000000, "壹拾壹万元整"),
        (1000000005, "壹仟万元零伍分"),
        (10000000100, "壹亿零壹元整"),
        (10100000000, "壹亿零壹佰万元整"),
        (100000000000, "壹拾亿元整"),
    ],
)
def test_amount_in_words(fen, words):
    assert domain.amount_in_words(fen) == words


def test_amount_in_words_refuses_what_is_not_money():
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            domain.amount_in_words(bad)


def facts(i, day, amount=10_000_00, client=1, provider=2, category="testing", cancelled=False):
    return domain.OrderFacts(i, client, provider, category, day, amount, cancelled)


def test_split_signal_finds_earlier_similar_orders_within_90_days():
    now = facts(9, dt.date(2026, 6, 1))
    others = [
        facts(1, dt.date(2026, 3, 3)),  # 90 days before: inside (以内 includes)
        facts(2, dt.date(2026, 3, 2)),  # 91 days: outside
        facts(3, dt.date(2026, 5, 1), provider=3),
        facts(4, dt.date(2026, 5, 1), category="rd"),
        facts(5, dt.date(2026, 5, 1), cancelled=True),
        facts(6, dt.date(2026, 5, 20), amount=5_000_00),
        facts(7, dt.date(2026, 6, 2)),  # later
    ]
    similar = domain.similar_orders(now, others)
    assert [o.id for o in similar] == [1, 6]
    signal = domain.split_signal(now, similar)
    assert signal.raised and signal.count == 2 and signal.combined_fen == 25_000_00


def contract_facts(**changes):
    values = dict(
        amount_fen=1000,
        order_amount_fen=1000,
        start_on=dt.date(2026, 3, 2),
        end_on=dt.date(2026, 4, 2),
        category_label="检验检测",
        category_supported=True,
        category_message="",
        client_verified=True,
        provider_verified=True,
        provider_admitted=True,
        contract_type="development",
        contract_type_label="技术开发",
        registration_no="640104001",
        split=domain.SplitSignal(0, 1000),
        articles={"amount_matches": "「创新券使用流程」第1—2步"},
    )
    values.update(changes)
    return domain.ContractFacts(**values)


def verdicts(f):
    return {c.code: c.verdict for c in domain.contract_checks(f)}


def test_contract_checks_pass_fail_refer():
    assert set(verdicts(contract_facts()).values()) == {"pass"}
    assert domain.overall_verdict(domain.contract_checks(contract_facts())) == "pass"
    assert verdicts(contract_facts(amount_fen=999))["amount_matches"] == "fail"
    assert verdicts(contract_facts(end_on=dt.date(2026, 3, 1)))["dates_ordered"] == "fail"
    assert (
        verdicts(contract_facts(category_supported=False, category_message="不支持"))[
            "category_supported"
        ]
        == "fail"
    )
    assert verdicts(contract_facts(provider_admitted=False))["parties_verified"] == "fail"
    assert verdicts(contract_facts(split=domain.SplitSignal(1, 3000)))["split_contract"] == "refer"
    assert verdicts(contract_facts(contract_type="service"))["contract_type"] == "refer"
    assert verdicts(contract_facts(registration_no=" "))["contract_type"] == "refer"
    checks = domain.contract_checks(
        contract_facts(
            eligibility=[{"code": "x", "message": "m", "article": "a", "verdict": "fail"}]
        )
    )
    assert domain.overall_verdict(checks) == "fail"
    first = domain.contract_checks(contract_facts(amount_fen=999))[0]
    assert "不一致" in first.message and first.article == "「创新券使用流程」第1—2步"


def test_checkout_deduction_per_policy():
    assert domain.checkout_deduction(
        version("shaoxing"), "330600", "310104"
    ).applies  # always (a Shanghai provider too)
    ningxia = version("ningxia")
    assert domain.checkout_deduction(ningxia, "640000", "640104").applies
    outside = domain.checkout_deduction(ningxia, "640000", "610102")
    assert not outside.applies and "区外" in outside.message and "第3步" in outside.article
    for family, region in (("shanxi", "140000"), ("urumqi", "650100"), ("liaocheng", "371500")):
        assert not domain.checkout_deduction(version(family), region, region[:4] + "02").applies
