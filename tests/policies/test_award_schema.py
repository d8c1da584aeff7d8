"""The award rules are validated on load like every other parameter: each mistake is listed with
its path."""

from __future__ import annotations

import copy

import pytest

from innovoucher.policies.engine import PolicyDefinitionError, load_family

from ._support import policy_document

AWARDS = "versions[0].provider_awards"


def liaocheng() -> dict:
    return copy.deepcopy(policy_document("liaocheng"))


def problems_of(document) -> list[str]:
    with pytest.raises(PolicyDefinitionError) as info:
        load_family(document, source="test.yaml")
    return info.value.problems


def awards_of(d) -> dict:
    return d["versions"][0]["provider_awards"]


def _set(path_fn, value):
    def mutate(d):
        node, key = path_fn(d)
        node[key] = value

    return mutate


BREAKS = [
    (
        "float rate",
        _set(lambda d: (awards_of(d)["awards"][0], "rate"), 0.05),
        f"{AWARDS}.awards[0].rate",
        "带引号",
    ),
    (
        "unknown base",
        _set(lambda d: (awards_of(d)["awards"][0], "base"), "turnover"),
        f"{AWARDS}.awards[0].base",
        "turnover",
    ),
    (
        "unknown funder",
        _set(lambda d: (awards_of(d)["awards"][0], "funder"), "nation"),
        f"{AWARDS}.awards[0].funder",
        "nation",
    ),
    (
        "unknown fact in when",
        _set(
            lambda d: (awards_of(d)["awards"][0], "when"),
            {"fact": "applicant.region", "within": "371500"},
        ),
        f"{AWARDS}.awards[0].when.fact",
        "applicant.region",
    ),
    (
        "when without message",
        lambda d: awards_of(d)["awards"][0].pop("message"),
        f"{AWARDS}.awards[0].message",
        "缺少",
    ),
    (
        "missing article",
        lambda d: awards_of(d)["awards"][1].pop("article"),
        f"{AWARDS}.awards[1].article",
        "缺少",
    ),
    (
        "two amount kinds",
        _set(lambda d: (awards_of(d)["awards"][0], "per_unit"), "200.00"),
        f"{AWARDS}.awards[0]",
        "之一",
    ),
    (
        "grade E",
        _set(lambda d: (awards_of(d)["awards"][1], "grade_rates"), {"E": "30%"}),
        f"{AWARDS}.awards[1].grade_rates.E",
        "E",
    ),
    (
        "match of a later award",
        _set(lambda d: (awards_of(d)["awards"][2], "match"), {"award": "nothing", "ratio": "1:1"}),
        f"{AWARDS}.awards[2].match.award",
        "nothing",
    ),
    (
        "bad ratio",
        _set(
            lambda d: (awards_of(d)["awards"][2], "match"),
            {"award": "province_award", "ratio": "one"},
        ),
        f"{AWARDS}.awards[2].match.ratio",
        "1:1",
    ),
    (
        "bad cap",
        _set(lambda d: (awards_of(d)["awards"][0], "cap"), "50万"),
        f"{AWARDS}.awards[0].cap",
        "格式不正确",
    ),
    (
        "duplicate code",
        _set(lambda d: (awards_of(d)["awards"][1], "code"), "city_provider_subsidy"),
        f"{AWARDS}.awards",
        "重复",
    ),
    ("unknown key", _set(lambda d: (awards_of(d), "bonus"), True), AWARDS, "bonus"),
    (
        "no awards and no none_message",
        _set(lambda d: (awards_of(d), "awards"), []),
        f"{AWARDS}.none_message",
        "缺少",
    ),
    (
        "ceiling not bool",
        _set(lambda d: (awards_of(d)["awards"][0], "ceiling"), "yes"),
        f"{AWARDS}.awards[0].ceiling",
        "true",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "path", "fragment"), BREAKS, ids=[b[0] for b in BREAKS])
def test_a_broken_award_rule_is_refused_with_its_path(name, mutate, path, fragment):
    document = liaocheng()
    mutate(document)
    problems = problems_of(document)
    assert any(p.startswith(f"{path}: ") and fragment in p for p in problems), problems


def test_every_problem_is_listed_at_once():
    document = liaocheng()
    awards_of(document)["awards"][0]["rate"] = 0.05
    awards_of(document)["awards"][1]["funder"] = "nation"
    problems = problems_of(document)
    assert len([p for p in problems if p.startswith(AWARDS)]) >= 2


def test_a_version_without_provider_awards_still_loads():
    document = liaocheng()
    del document["versions"][0]["provider_awards"]
    assert load_family(document, source="test.yaml").versions[0].provider_awards is None


def test_the_seed_files_encode_the_awards_with_articles():
    for fam in ("liaocheng", "ningxia", "shaoxing"):
        awards = policy_document(fam)["versions"][0]["provider_awards"]["awards"]
        assert awards and all(a["article"] for a in awards)
    for fam in ("shanxi", "urumqi"):
        node = policy_document(fam)["versions"][0]["provider_awards"]
        assert not node.get("awards") and node["none_message"] and node["article"]
