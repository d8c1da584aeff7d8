"""The policy document validator: a broken document reports every problem, each with its path."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innovoucher.policies.engine import PolicyDefinitionError, load_family

from ._support import FAMILIES, policy_document


def problems_of(document, source="test.yaml") -> list[str]:
    with pytest.raises(PolicyDefinitionError) as info:
        load_family(document, source=source)
    assert info.value.source == source
    assert str(info.value).startswith(f"{source}: ")
    return info.value.problems


def ningxia() -> dict:
    return copy.deepcopy(policy_document("ningxia"))


def find(problems: list[str], path: str, fragment: str) -> bool:
    return any(p.startswith(f"{path}: ") and fragment in p for p in problems)


# Each breaks one thing in a copy of the Ningxia document (it has tiers, caps by kind, a payee
# region).
def _unknown_fact(d):
    d["versions"][0]["eligibility"][0]["require"] = {"fact": "applicant.shoe_size", "at_least": 42}


def _float_rate(d):
    d["versions"][0]["components"][0]["tiers"][0]["rate"] = 0.5


def _overlapping_category(d):
    d["versions"][0]["scope"]["excluded"][0]["categories"].append("testing")


def _missing_article(d):
    del d["versions"][0]["eligibility"][1]["article"]


def _bad_tier_order(d):
    d["versions"][0]["components"][0]["tiers"][1]["up_to"] = "50000.00"


def _duplicate_rule_code(d):
    d["versions"][0]["eligibility"][2]["code"] = d["versions"][0]["eligibility"][0]["code"]


def _bad_family_region(d):
    d["region"] = "6400"


def _bad_payee_region(d):
    d["versions"][0]["payee"]["region"] = "64"


def _bad_condition_region(d):
    d["versions"][0]["eligibility"][4]["require"] = {"fact": "provider.region", "within": "ningxia"}


def _unknown_process_key(d):
    d["versions"][0]["process"]["speed"] = {"value": "fast", "article": "无"}


def _float_money(d):
    d["versions"][0]["caps"][0]["amount"] = 200000.0


def _missing_process_item(d):
    del d["versions"][0]["process"]["claimant"]


def _untiered_middle(d):
    del d["versions"][0]["components"][0]["tiers"][0]["up_to"]


def _rate_over_100(d):
    d["versions"][0]["components"][0]["tiers"][2]["rate"] = "150%"


def _unknown_category(d):
    d["versions"][0]["scope"]["included"]["value"][0] = "cooking"


def _unknown_applicant_kind(d):
    d["versions"][0]["applicant_kinds"]["value"].append("company")


def _fail_rule_without_require(d):
    del d["versions"][0]["eligibility"][0]["require"]


def _unknown_verdict(d):
    d["versions"][0]["eligibility"][0]["verdict"] = "maybe"


def _two_comparisons(d):
    d["versions"][0]["eligibility"][0]["require"] = {
        "fact": "service.contract_amount",
        "at_least": "1.00",
        "at_most": "2.00",
    }


def _float_operand(d):
    d["versions"][0]["eligibility"][3]["require"] = {
        "fact": "service.contract_amount",
        "at_most": 500000.0,
    }


def _ends_before_it_starts(d):
    d["versions"][0]["effective_to"] = {"value": dt.date(2019, 1, 1), "article": "无"}


def _unknown_version_key(d):
    d["versions"][0]["colour"] = "red"


def _unhashable_category(d):
    d["versions"][0]["scope"]["included"]["value"][0] = ["testing"]


def _unhashable_fact(d):
    d["versions"][0]["eligibility"][0]["require"] = {"fact": ["applicant.region"], "is": True}


def _list_expected(d):
    d["versions"][0]["caps"][0]["kinds"] = 5


def _no_funders(d):
    d["versions"][0]["components"][0]["funders"] = {"nation": 1}


def _rate_and_tiers(d):
    d["versions"][0]["components"][0]["rate"] = "10%"


BREAKAGES = [
    # (id, break, path, fragment of the message)
    (
        "unknown fact",
        _unknown_fact,
        "versions[0].eligibility[0].require.fact",
        "未知的事实“applicant.shoe_size”",
    ),
    (
        "float rate",
        _float_rate,
        "versions[0].components[0].tiers[0].rate",
        "比例须写成带引号的字符串",
    ),
    (
        "overlapping category",
        _overlapping_category,
        "versions[0].scope",
        "类别同时出现在支持与不支持范围：testing",
    ),
    ("missing article", _missing_article, "versions[0].eligibility[1].article", "缺少此项"),
    (
        "bad tier order",
        _bad_tier_order,
        "versions[0].components[0].tiers[1].up_to",
        "各档上限须递增",
    ),
    (
        "duplicate rule code",
        _duplicate_rule_code,
        "versions[0].eligibility[2]",
        "规则代码“applicant_in_region”重复",
    ),
    ("bad family region", _bad_family_region, "region", "6位行政区划代码"),
    ("bad payee region", _bad_payee_region, "versions[0].payee.region", "地区代码"),
    (
        "bad region in a condition",
        _bad_condition_region,
        "versions[0].eligibility[4].require.within",
        "6位行政区划代码",
    ),
    ("unknown process key", _unknown_process_key, "versions[0].process.speed", "未知的流程参数"),
    ("float money", _float_money, "versions[0].caps[0].amount", "不接受浮点数"),
    ("missing process item", _missing_process_item, "versions[0].process.claimant", "缺少此项"),
    (
        "open-ended tier not last",
        _untiered_middle,
        "versions[0].components[0].tiers[0]",
        "只有最后一档可以不设上限",
    ),
    ("rate over 100%", _rate_over_100, "versions[0].components[0].tiers[2].rate", "0% 到 100%"),
    (
        "unknown category",
        _unknown_category,
        "versions[0].scope.included.value[0]",
        "“cooking”不是可用的取值",
    ),
    (
        "unknown applicant kind",
        _unknown_applicant_kind,
        "versions[0].applicant_kinds.value[3]",
        "“company”不是可用的取值",
    ),
    (
        "fail rule without require",
        _fail_rule_without_require,
        "versions[0].eligibility[0]",
        "须有 require 条件",
    ),
    (
        "unknown verdict",
        _unknown_verdict,
        "versions[0].eligibility[0].verdict",
        "“maybe”不是可用的取值",
    ),
    ("two comparisons", _two_comparisons, "versions[0].eligibility[0].require", "只能有一个比较"),
    ("float operand", _float_operand, "versions[0].eligibility[3].require.at_most", "不接受浮点数"),
    ("ends before it starts", _ends_before_it_starts, "versions[0].effective_to", "早于施行日期"),
    ("unknown version key", _unknown_version_key, "versions[0]", "未知的键：colour"),
    (
        "category is a list",
        _unhashable_category,
        "versions[0].scope.included.value[0]",
        "不是可用的取值",
    ),
    ("fact is a list", _unhashable_fact, "versions[0].eligibility[0].require.fact", "未知的事实"),
    ("cap kinds not a list", _list_expected, "versions[0].caps[0].kinds", "应为列表"),
    (
        "unknown funder",
        _no_funders,
        "versions[0].components[0].funders.nation",
        "“nation”不是可用的取值",
    ),
    (
        "rate and tiers together",
        _rate_and_tiers,
        "versions[0].components[0]",
        "须写 rate 或 tiers 之一",
    ),
]


@pytest.mark.parametrize("family", FAMILIES)
def test_the_seed_policies_validate(family):
    loaded = load_family(copy.deepcopy(policy_document(family)), source=f"policies/{family}.yaml")
    assert loaded.slug == family and loaded.versions
    for version in loaded.versions:
        assert version.effective_from.article, f"{version.code} 施行日期须注明条款"
        assert all(rule.article for rule in version.eligibility)
        assert all(c.article for c in version.components) and all(c.article for c in version.caps)


@pytest.mark.parametrize(
    ("breakage", "path", "fragment"), [pytest.param(b, p, f, id=i) for i, b, p, f in BREAKAGES]
)
def test_each_problem_is_reported_with_its_path(breakage, path, fragment):
    document = ningxia()
    breakage(document)
    problems = problems_of(document)
    assert find(problems, path, fragment), f"应报告 “{path}: …{fragment}…”，实际：{problems}"


def test_a_broken_document_reports_every_problem_at_once():
    document = ningxia()
    for _, breakage, _, _ in BREAKAGES[
        :10
    ]:  # the ten of the brief, on distinct parts of one document
        breakage(document)
    problems = problems_of(document)
    missing = [
        f"{path}: {fragment}"
        for _, _, path, fragment in BREAKAGES[:10]
        if not find(problems, path, fragment)
    ]
    assert not missing, f"漏报：{missing}\n实际：{problems}"


def test_versions_must_have_distinct_codes_and_start_dates():
    document = ningxia()
    document["versions"].append(copy.deepcopy(document["versions"][0]))
    problems = problems_of(document)
    assert find(problems, "versions", "版本号重复"), problems
    assert find(problems, "versions", "施行日期相同"), problems


@pytest.mark.parametrize(
    "document",
    [None, [], "family: x", {"family": "x"}],
    ids=["null", "list", "text", "no versions"],
)
def test_not_a_policy_document(document):
    problems = problems_of(document)
    assert problems and all(": " in p for p in problems)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


@settings(max_examples=150, deadline=None, database=None)
@given(st.sampled_from(FAMILIES), st.data())
def test_any_malformed_part_is_a_reported_problem_never_a_crash(family, data):
    """Administrators may enter policies too: whatever is wrong must come back as a list of
    problems."""
    document = copy.deepcopy(policy_document(family))
    path = data.draw(st.sampled_from([p for p in _paths(document) if p]), label="path")
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(JUNK, label="junk")
    try:
        load_family(document, source="fuzz")
    except PolicyDefinitionError as error:
        assert error.problems and all(isinstance(p, str) and ": " in p for p in error.problems)
