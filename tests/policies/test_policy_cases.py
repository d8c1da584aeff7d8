"""Policy cases that read like the policy: tests/policies/cases/<family>.yaml.

Each file has a `defaults` quote request and a list of `cases`; a case's `input` is deep-merged over
the
defaults and its `expect` block checked against the engine's contract JSON. The expected numbers are
worked out by hand from the seed texts (see the comments in the case files), never copied from the
engine.
"""

from __future__ import annotations

import json

import pytest
import yaml

from ._support import CASES_DIR, FAMILIES, deep_merge, policy_document, run_quote, yuan_to_fen_str

EXPECT_KEYS = {
    "eligible",
    "subsidy",
    "shares",
    "payee",
    "reasons_include",
    "reasons_exclude",
    "version",
}
CASE_KEYS = {"name", "article", "input", "expect"}
MIN_CASES = 12


def _case_files() -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(CASES_DIR.glob("*.yaml"))
    }


CASE_FILES = _case_files()


def _params():
    for fam, doc in CASE_FILES.items():
        for index, case in enumerate(doc.get("cases") or []):
            name = case.get("name", f"#{index}") if isinstance(case, dict) else f"#{index}"
            yield pytest.param(fam, index, case, id=f"{fam}-{index:02d}-{name}")


def _describe(fam: str, case: dict, payload: dict, result: dict | None = None) -> str:
    lines = [
        f"\n政策 {fam}，用例“{case.get('name')}”（{case.get('article')}）",
        "请求：" + json.dumps(payload, ensure_ascii=False),
    ]
    if result is not None:
        lines.append(
            f"结果：eligible={result['eligible']} subsidy={result['subsidy']} "
            f"shares={result['shares']} payee={result['payee']} version={result['version']}"
        )
        lines += [
            f"  原因 {r['code']} [{r['verdict']}]：{r['message']}（{r['article']}）"
            for r in result["reasons"]
        ]
        lines += [f"  过程 {s['step']}：{s['value']}" for s in result["trace"]]
    return "\n".join(lines)


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)


@pytest.mark.parametrize(("fam", "index", "case"), list(_params()))
def test_policy_case(fam: str, index: int, case: dict):
    assert isinstance(case, dict), f"{fam} 第{index}个用例应为映射"
    assert not set(case) - CASE_KEYS, (
        f"{fam} 用例“{case.get('name')}”有未知的键：{set(case) - CASE_KEYS}"
    )
    assert case.get("name") and case.get("article"), f"{fam} 第{index}个用例须写 name 和 article"
    expect = case.get("expect") or {}
    assert expect, f"{fam} 用例“{case['name']}”没有 expect"
    assert not set(expect) - EXPECT_KEYS, (
        f"{fam} 用例“{case['name']}”的 expect 有未知的键：{set(expect) - EXPECT_KEYS}"
    )

    payload = deep_merge(CASE_FILES[fam]["defaults"], case.get("input") or {})
    odd_keys = [key for key in _keys(payload) if not isinstance(key, str)]
    assert not odd_keys, (
        f"{fam} 用例“{case['name']}”的请求中有非文本的键 {odd_keys}：YAML 会把未加引号的 on "
        '读成 true，请写成 "on"'
    )
    result = run_quote(payload)
    where = _describe(fam, case, payload, result)
    codes = [r["code"] for r in result["reasons"]]

    assert result["policy"] == fam, where
    if "version" in expect:
        assert result["version"] == expect["version"], (
            f"版本应为 {expect['version']!r}，实际 {result['version']!r}" + where
        )
    if "eligible" in expect:
        assert result["eligible"] is expect["eligible"], (
            f"是否符合条件应为 {expect['eligible']}，实际 {result['eligible']}" + where
        )
    if "subsidy" in expect:
        assert result["subsidy"] == expect["subsidy"], (
            f"补助应为 {expect['subsidy']}，实际 {result['subsidy']}" + where
        )
    if "shares" in expect:
        assert result["shares"] == expect["shares"], (
            f"分担应为 {expect['shares']}，实际 {result['shares']}" + where
        )
    if "payee" in expect:
        assert result["payee"] == expect["payee"], (
            f"收款方应为 {expect['payee']}，实际 {result['payee']}" + where
        )
    for code in expect.get("reasons_include") or []:
        assert code in codes, f"原因中应有 {code}，实际 {codes}" + where
    for code in expect.get("reasons_exclude") or []:
        assert code not in codes, f"原因中不应有 {code}，实际 {codes}" + where

    # The contract's invariants hold for every case.
    assert sum(yuan_to_fen_str(v) for v in result["shares"].values()) == yuan_to_fen_str(
        result["subsidy"]
    ), "分担合计须等于补助" + where
    if not result["eligible"]:
        assert result["subsidy"] == "0.00", "不符合条件时补助须为 0.00" + where
        failed = [r for r in result["reasons"] if r["verdict"] == "fail"]
        assert failed and all(r["article"] for r in failed), (
            "不符合条件时须列出每条不符合的规则及其条款" + where
        )


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_policy_has_a_case_file_with_enough_cases(fam: str):
    assert fam in CASE_FILES, (
        f"policies/{fam}.yaml 没有对应的用例文件 tests/policies/cases/{fam}.yaml"
    )
    doc = CASE_FILES[fam]
    assert doc.get("family") == fam, f"cases/{fam}.yaml 的 family 应为 {fam}"
    assert isinstance(doc.get("defaults"), dict) and doc["defaults"].get("policy") == fam, (
        f"cases/{fam}.yaml 须有 defaults，且 policy 为 {fam}"
    )
    cases = doc.get("cases") or []
    assert len(cases) >= MIN_CASES, (
        f"cases/{fam}.yaml 只有 {len(cases)} 个用例，至少需要 {MIN_CASES} 个"
    )
    names = [c.get("name") for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"cases/{fam}.yaml 用例名称重复：{duplicates}"


def test_no_case_file_without_a_policy():
    assert set(CASE_FILES) <= set(FAMILIES), (
        f"用例文件没有对应的政策：{set(CASE_FILES) - set(FAMILIES)}"
    )


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_rule_is_shown_by_some_case(fam: str):
    """Every eligibility rule that can refuse (fail) or send to review (refer) is triggered by at
    least one case."""
    rules = [
        (version["code"], rule["code"], rule["verdict"])
        for version in policy_document(fam)["versions"]
        for rule in version.get("eligibility") or []
        if rule.get("verdict") in ("fail", "refer")
    ]
    shown = {
        code
        for case in CASE_FILES.get(fam, {}).get("cases") or []
        for code in (case.get("expect") or {}).get("reasons_include") or []
    }
    missing = [
        f"{version}/{code}（{verdict}）" for version, code, verdict in rules if code not in shown
    ]
    assert not missing, (
        f"cases/{fam}.yaml 没有任何用例在 reasons_include 中展示这些规则：{'、'.join(missing)}"
    )


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_exclusion_is_shown_by_some_case(fam: str):
    """Each list of excluded services (one message, one article) is refused in at least one case."""
    doc = CASE_FILES.get(fam, {})
    refused = {
        deep_merge(doc.get("defaults") or {}, case.get("input") or {})
        .get("service", {})
        .get("category")
        for case in doc.get("cases") or []
        if "scope_excluded" in ((case.get("expect") or {}).get("reasons_include") or [])
    }
    missing = [
        f"{version['code']}：{exclusion['article']}（{'、'.join(exclusion['categories'])}）"
        for version in policy_document(fam)["versions"]
        for exclusion in (version.get("scope") or {}).get("excluded") or []
        if not refused & set(exclusion["categories"])
    ]
    assert not missing, f"cases/{fam}.yaml 没有用例展示这些排除事项：{'；'.join(missing)}"
