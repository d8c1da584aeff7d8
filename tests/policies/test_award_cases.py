"""Provider-award cases that read like the policy: tests/policies/cases/awards/<family>.yaml.

Like the quote cases (test_policy_cases.py): a `defaults` award request, a list of `cases` whose
`input` is
deep-merged over it, and an `expect` block worked out by hand from the seed texts (see the comments
in the
case files). Every case also checks the contract's invariants: the shares and the awards add up to
the total,
a zero answer names why with an article, every trace step cites an article.
"""

from __future__ import annotations

import json

import pytest
import yaml

from innovoucher.policies.engine.awards import award_quote, codes, parse_award_request

from ._support import (
    CASES_DIR,
    FAMILIES,
    TODAY,
    deep_merge,
    family,
    policy_document,
    yuan_to_fen_str,
)

AWARD_CASES_DIR = CASES_DIR / "awards"
EXPECT_KEYS = {
    "eligible",
    "version",
    "total",
    "shares",
    "awards",
    "reasons_include",
    "reasons_exclude",
}
CASE_KEYS = {"name", "article", "input", "expect"}
MIN_CASES_WITH_AWARDS = 6
MIN_CASES_WITHOUT = 1
CASE_FILES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted(AWARD_CASES_DIR.glob("*.yaml"))
}


def run_award_quote(payload: dict) -> dict:
    request = parse_award_request(payload, today=TODAY)
    return award_quote(family(request.policy), request).as_contract()


def _params():
    for fam, doc in CASE_FILES.items():
        for index, case in enumerate(doc.get("cases") or []):
            yield pytest.param(fam, index, case, id=f"{fam}-{index:02d}-{case.get('name', index)}")


def _describe(fam: str, case: dict, payload: dict, result: dict) -> str:
    lines = [
        f"\n政策 {fam}，用例“{case.get('name')}”（{case.get('article')}）",
        "请求：" + json.dumps(payload, ensure_ascii=False),
        f"结果：eligible={result['eligible']} total={result['total']} "
        f"shares={result['shares']} version={result['version']}",
    ]
    lines += [
        f"  补助 {a['code']} {a['amount']}（{a['funder']}，{a['article']}）"
        for a in result["awards"]
    ]
    lines += [
        f"  原因 {r['code']} [{r['verdict']}]：{r['message']}（{r['article']}）"
        for r in result["reasons"]
    ]
    lines += [f"  过程 {s['step']}：{s['value']}" for s in result["trace"]]
    return "\n".join(lines)


@pytest.mark.parametrize(("fam", "index", "case"), list(_params()))
def test_award_case(fam: str, index: int, case: dict):
    assert isinstance(case, dict) and not set(case) - CASE_KEYS, f"{fam} 第{index}个用例的键不正确"
    assert case.get("name") and case.get("article"), f"{fam} 第{index}个用例须写 name 和 article"
    expect = case.get("expect") or {}
    assert expect and not set(expect) - EXPECT_KEYS, (
        f"{fam} 用例“{case['name']}”的 expect 为空或有未知的键：{set(expect) - EXPECT_KEYS}"
    )
    payload = deep_merge(CASE_FILES[fam]["defaults"], case.get("input") or {})
    result = run_award_quote(payload)
    where = _describe(fam, case, payload, result)
    reason_codes = [r["code"] for r in result["reasons"]]

    assert result["policy"] == fam and result["year"] == payload["year"], where
    for key in ("eligible", "version", "total", "shares"):
        if key in expect:
            assert result[key] == expect[key], (
                f"{key} 应为 {expect[key]!r}，实际 {result[key]!r}" + where
            )
    if "awards" in expect:
        got = [{"code": a["code"], "amount": a["amount"]} for a in result["awards"]]
        assert got == expect["awards"], f"补助项目应为 {expect['awards']}，实际 {got}" + where
    for code in expect.get("reasons_include") or []:
        assert code in reason_codes, f"原因中应有 {code}，实际 {reason_codes}" + where
    for code in expect.get("reasons_exclude") or []:
        assert code not in reason_codes, f"原因中不应有 {code}，实际 {reason_codes}" + where

    total = yuan_to_fen_str(result["total"])
    assert sum(yuan_to_fen_str(v) for v in result["shares"].values()) == total, (
        "分担合计须等于补助总额" + where
    )
    assert sum(yuan_to_fen_str(a["amount"]) for a in result["awards"]) == total, (
        "各项补助合计须等于补助总额" + where
    )
    assert all(a["article"] for a in result["awards"]) and all(
        s["article"] for s in result["trace"]
    ), "每项补助和每个步骤须注明条款" + where
    assert result["eligible"] is (total > 0), where
    if not result["eligible"]:
        failed = [r for r in result["reasons"] if r["verdict"] == codes.VERDICT_FAIL]
        assert failed and all(r["article"] for r in failed), (
            "没有补助时须说明原因并注明条款" + where
        )


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_policy_has_award_cases(fam: str):
    assert fam in CASE_FILES, (
        f"policies/{fam}.yaml 没有服务机构补助用例文件 tests/policies/cases/awards/{fam}.yaml"
    )
    doc = CASE_FILES[fam]
    assert doc.get("family") == fam and doc["defaults"].get("policy") == fam
    has_awards = any(
        (v.get("provider_awards") or {}).get("awards") for v in policy_document(fam)["versions"]
    )
    wanted = MIN_CASES_WITH_AWARDS if has_awards else MIN_CASES_WITHOUT
    cases = doc.get("cases") or []
    assert len(cases) >= wanted, (
        f"cases/awards/{fam}.yaml 只有 {len(cases)} 个用例，至少需要 {wanted} 个"
    )
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)), f"cases/awards/{fam}.yaml 用例名称重复"


@pytest.mark.parametrize("fam", FAMILIES)
def test_every_award_and_cap_is_shown_by_some_case(fam: str):
    """Each award is granted by some case, each award condition refuses some case, each cap binds
    in some case."""
    granted, refused, capped = set(), set(), False
    for case in CASE_FILES.get(fam, {}).get("cases") or []:
        result = run_award_quote(deep_merge(CASE_FILES[fam]["defaults"], case.get("input") or {}))
        granted |= {a["code"] for a in result["awards"]}
        refused |= set((case.get("expect") or {}).get("reasons_include") or [])
        capped |= codes.AWARD_CAPPED in (case.get("expect") or {}).get("reasons_include", [])
    for version in policy_document(fam)["versions"]:
        awards = (version.get("provider_awards") or {}).get("awards") or []
        assert not {a["code"] for a in awards} - granted, (
            f"{fam}: 没有用例得到这些补助：{ {a['code'] for a in awards} - granted }"
        )
        conditional = {
            a["code"] for a in awards if "when" in a or "grade_rates" in a or "match" in a
        }
        assert not conditional - refused, (
            f"{fam}: 没有用例在 reasons_include 中展示这些补助条件不满足：{conditional - refused}"
        )
        if any("cap" in a for a in awards) or version.get("provider_awards", {}).get("total_cap"):
            assert capped, f"{fam}: 没有用例展示上限（reasons_include: [{codes.AWARD_CAPPED}]）"


def test_no_award_case_file_without_a_policy():
    assert set(CASE_FILES) <= set(FAMILIES)
