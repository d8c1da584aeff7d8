"""The pure rules of redemption applications (no database)."""

import datetime as dt

import pytest

from innovoucher.redemptions import domain as d


@pytest.mark.parametrize(
    ("rule", "inside", "sides", "requested", "expected"),
    [
        ("applicant", True, {"applicant"}, None, "applicant"),
        ("applicant", True, {"provider"}, None, None),
        ("provider", True, {"provider"}, None, "provider"),
        ("provider", True, {"applicant"}, None, None),
        ("either_one", True, {"applicant"}, None, "applicant"),
        ("either_one", False, {"provider"}, None, "provider"),
        ("either_one", True, {"applicant", "provider"}, None, None),
        ("either_one", True, {"applicant", "provider"}, "provider", "provider"),
        ("by_provider_location", True, {"provider"}, None, "provider"),
        ("by_provider_location", False, {"provider"}, None, None),
        ("by_provider_location", False, {"applicant"}, None, "applicant"),
        ("nonsense", True, {"applicant"}, None, None),
    ],
)
def test_decide_claimant(rule, inside, sides, requested, expected):
    decision = d.decide_claimant(
        rule, provider_in_region=inside, actor_sides=sides, requested=requested
    )
    assert decision.kind == expected
    assert (decision.message == "") == (expected is not None)


def test_location_message_names_the_side():
    msg = d.decide_claimant(
        "by_provider_location", provider_in_region=False, actor_sides={"provider"}
    ).message
    assert "区外" in msg and "服务使用方" in msg


def test_confirmation_rule():
    assert d.confirmation_required(setting=None, claimant="applicant", provider_on_platform=True)
    assert not d.confirmation_required(setting=None, claimant="provider", provider_on_platform=True)
    assert not d.confirmation_required(
        setting=None, claimant="applicant", provider_on_platform=False
    )
    assert not d.confirmation_required(
        setting=False, claimant="applicant", provider_on_platform=True
    )
    assert d.confirmation_required(setting=True, claimant="provider", provider_on_platform=True)


def test_required_documents_and_the_missing_list():
    assert d.required_documents(deducted_at_checkout=False, relevance_required=True) == [
        "contract",
        "invoice",
        "payment_proof",
        "result_report",
        "relevance_proof",
    ]
    assert d.required_documents(deducted_at_checkout=True, relevance_required=False) == [
        "contract",
        "invoice",
        "result_report",
    ]
    line = d.check_documents(["contract", "invoice"], ["contract"])
    assert line.verdict == d.FAIL and line.message == "缺少以下材料：发票，请上传后再提交"
    assert d.check_documents(["contract"], ["contract", "other"]).verdict == d.PASS


def test_invoice_lines():
    today = dt.date(2026, 3, 2)
    lines = d.check_invoice(
        d.InvoiceFacts("1", 120, dt.date(2026, 3, 3)),
        contract_fen=100,
        completed_on=today,
        today=today,
    )
    assert [(x.code, x.verdict) for x in lines] == [
        ("invoice_amount", d.FAIL),
        ("invoice_date", d.FAIL),
    ]
    lines = d.check_invoice(
        d.InvoiceFacts("1", 90, dt.date(2026, 3, 1)),
        contract_fen=100,
        completed_on=today,
        today=today,
    )
    assert [(x.code, x.verdict) for x in lines] == [("invoice_amount", d.REFER)]


def test_verdict_and_failure_message():
    ok = d.CheckResult("a", "A", d.PASS, "好")
    refer = d.CheckResult("b", "B", d.REFER, "核实")
    fail1, fail2 = (
        d.CheckResult("c", "C", d.FAIL, "缺材料"),
        d.CheckResult("e", "E", d.FAIL, "超上限"),
    )
    assert (
        d.overall_verdict([ok]) == d.PASS
        and d.overall_verdict([ok, refer]) == d.REFER
        and d.overall_verdict([refer, fail1]) == d.FAIL
    )
    assert d.failure_message([ok, fail1]) == "自动初审未通过：缺材料"
    assert (
        d.failure_message([fail1, fail2]) == "自动初审未通过，共2项需要处理：1. 缺材料；2. 超上限"
    )
    assert "evidence" not in ok.as_dict()


def test_step_regions_roles_and_escalation():
    args = {"applicant_region": "140105", "policy_region": "140000"}
    assert [
        d.step_region(level, **args)
        for level in ("county", "city", "province", "agency", "expert", "meeting")
    ] == ["140105", "140100", "140000", "140000", "140000", "140000"]
    assert (
        d.step_role("meeting", "650100") == "city_reviewer"
        and d.step_role("meeting", "140000") == "province_reviewer"
    )
    assert d.step_role("agency", "640000") == "operator"
    assert d.escalation("county", "650102", "650100") == ("city_reviewer", "650100")
    assert d.escalation("expert", "650100", "650100") == ("city_reviewer", "650100")
    assert d.escalation("meeting", "650100", "650100") is None


def test_plan_steps_reads_deadlines():
    chain = [
        {"level": "county", "action": "初审"},
        {"level": "agency", "action": "复核", "deadline": {"days": 7, "unit": "working"}},
    ]
    plans = d.plan_steps(
        chain,
        "第十七条",
        {"county_confirm": {"days": 10, "unit": "working", "from": "x"}},
        "三（一）4",
    )
    assert [(p.level, p.days, p.deadline_article) for p in plans] == [
        ("county", 10, "三（一）4"),
        ("agency", 7, "第十七条"),
    ]
    default = d.plan_steps([{"level": "city", "action": "审核"}], "art")[0]
    assert (default.days, default.unit, default.deadline_article) == (
        10,
        "working",
        d.DEFAULT_DEADLINE_ARTICLE,
    )


def test_window_messages():
    on = dt.date(2026, 3, 2)
    nxt = d.Window("第二批", dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert (
        d.window_result(needs_call=False, open_call=None, next_call=None, on=on).verdict == d.PASS
    )
    assert (
        "尚未发布下一期兑付通知"
        in d.window_result(needs_call=True, open_call=None, next_call=None, on=on).message
    )
    line = d.window_result(needs_call=True, open_call=None, next_call=nxt, on=on)
    assert (
        line.verdict == d.FAIL and "《第二批》受理时间为2026年4月1日至2026年4月30日" in line.message
    )


def test_deduction_limit_and_reshare():
    assert d.deduction_limit(500, 0) == (500, None)
    amount, line = d.deduction_limit(500, 300)
    assert amount == 300 and line.verdict == d.PASS
    amount, line = d.deduction_limit(200, 300)
    assert amount == 200 and line.verdict == d.REFER
    assert d.reshare({"province": 500, "city": 500}, 333) == {"province": 167, "city": 166}
    assert d.reshare({"province": 0}, 0) == {"province": 0}


def test_relation_and_similar_orders_lines():
    evidence = {"kind": "affiliation", "summary": "甲 隶属 乙", "path": []}
    assert d.relation_result(None, policy_forbids=True).verdict == d.PASS
    assert d.relation_result(evidence, policy_forbids=True).verdict == d.FAIL
    assert d.relation_result(evidence, policy_forbids=False).verdict == d.REFER
    assert d.similar_orders_result([]).verdict == d.PASS
    assert d.similar_orders_result(["O1", "O2"]).evidence == {"orders": ["O1", "O2"]}
