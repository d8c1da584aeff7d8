"""The quote trace reads as sentences an applicant understands (issue 10): no rule codes or other
English keys, every line citing its article, and a cap line that says "未超过此上限" only when the
cap really did not cut the amount. Only wording: the JSON shape (`step`, `value`, `article`) is
the contract's (`/work/shared/guide/contracts.md`)."""

from __future__ import annotations

import re

import pytest
import yaml

from innovoucher.redemptions.domain import trace_display

from ._support import CASES_DIR, FAMILIES, deep_merge, run_quote

# An English identifier (a rule code such as applicant_in_city, a policy code such as shaoxing or
# liaocheng-2023): never in a line a person reads. Amounts and percentages are digits only.
CODE = re.compile(r"[A-Za-z_]{3,}")


def _defaults(fam: str) -> dict:
    return yaml.safe_load((CASES_DIR / f"{fam}.yaml").read_text(encoding="utf-8"))["defaults"]


def _sentences(result: dict) -> list[str]:
    return [f"{s['step']}：{s['value']}" for s in result["trace"]]


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_line_is_chinese_without_codes_and_cites_its_article(fam):
    result = run_quote(_defaults(fam))
    assert result["trace"], fam
    for line in result["trace"]:
        text = f"{line['step']}：{line['value']}"
        assert not CODE.search(text), (fam, text)
        assert line["article"], (fam, text)
    keys = {tuple(sorted(line)) for line in result["trace"]}
    assert keys == {("article", "step", "value")}


def test_rules_are_named_by_what_they_are_about_and_say_how_they_came_out():
    result = run_quote(_defaults("liaocheng"))
    lines = _sentences(result)
    assert (
        "申请主体条件：符合本条规定：企业注册地须在聊城市行政区域内（团队须入驻聊城市内孵化载体）"
        in lines
    )
    assert any(line.startswith("服务机构条件：符合本条规定：供给方须为聊城市") for line in lines)
    assert "计算基数：以实际支付金额 10000.00 元为计算基数" in lines
    assert "省财政补助（60%）：按 10000.00 元的 60% 计算为 6000.00 元（不足1分的部分舍去）" in lines
    assert "分担：市级财政：由市级财政承担 3000.00 元" in lines
    refused = run_quote(deep_merge(_defaults("liaocheng"), {"applicant": {"region": "140105"}}))
    lines = _sentences(refused)
    assert (
        "申请主体条件：不符合本条规定：企业注册地须在聊城市行政区域内（团队须入驻聊城市内孵化载体）"
        in lines
    )
    assert lines[-1] == "结论：有不符合本政策规定的条件（见上文），补助为 0.00 元"
    assert refused["trace"][-1]["article"].startswith("第八条")


def test_a_cap_line_says_it_did_not_cut_only_when_it_did_not():
    near = {
        "applicant": {"received_this_year": "645000.00", "group_received_this_year": "645000.00"}
    }
    capped = run_quote(deep_merge(_defaults("liaocheng"), near))
    cap_lines = [s for s in capped["trace"] if "650000.00" in s["step"]]
    assert len(cap_lines) == 1
    assert cap_lines[0]["step"].startswith("封顶：")
    assert cap_lines[0]["value"] == "本年度尚可补助 5000.00 元，补助由 9000.00 元调减为 5000.00 元"
    assert capped["subsidy"] == "5000.00"
    free = run_quote(_defaults("liaocheng"))
    (line,) = [s for s in free["trace"] if "650000.00" in s["step"]]
    assert line["step"].startswith("上限：")
    assert line["value"] == "本年度尚可补助 650000.00 元，9000.00 元未超过此上限"


def test_a_later_voucher_cut_qualifies_the_uncut_cap_line():
    trace = run_quote(_defaults("liaocheng"))["trace"]
    shown = trace_display(
        [*trace, {"step": "以创新券 Q1 余额为限", "value": "2000.00", "article": "第十七条"}]
    )
    (line,) = [s for s in shown if "650000.00" in s["step"]]
    assert line["value"].endswith("未超过此上限（随后按创新券余额核减，见下文）")
    # traces stored before the engine worded its rules still show no code
    old = trace_display([{"step": "条件（applicant_in_city）", "value": "符合：…", "article": "x"}])
    assert old[0]["step"] == "政策条件"
