"""Provider-supervision articles are policy data: each seed version cites its own provider credit
requirement (and Ningxia its 通报批评并限期整改, Liaocheng its 通报), validated on load."""

from __future__ import annotations

import copy

import pytest

from innovoucher.policies.engine import PolicyDefinitionError, load_family

from ._support import policy_document

FAMILIES = ("shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia")


@pytest.mark.parametrize("family", FAMILIES)
def test_every_seed_version_cites_its_provider_credit_requirement(family):
    for version in load_family(policy_document(family), source=family).versions:
        credit = version.provider_credit
        assert credit is not None and credit.article and credit.value, version.code


def test_ningxia_measures_and_liaocheng_bulletins_come_from_their_texts():
    ningxia = load_family(policy_document("ningxia")).versions[0]
    assert ningxia.provider_measures.article == "「监督管理」"
    assert "限期整改" in ningxia.provider_measures.value
    liaocheng = load_family(policy_document("liaocheng")).versions[0]
    assert liaocheng.county_bulletins.article == "第二十二条"
    assert liaocheng.provider_measures is None and ningxia.county_bulletins is None


@pytest.mark.parametrize("key", ["provider_credit", "provider_measures", "county_bulletins"])
def test_a_provider_requirement_needs_a_sentence_and_an_article(key):
    document = copy.deepcopy(policy_document("shanxi"))
    document["versions"][0][key] = {"value": " ", "article": ""}
    with pytest.raises(PolicyDefinitionError) as info:
        load_family(document, source="test.yaml")
    problems = "\n".join(info.value.problems)
    assert f"versions[0].{key}.value" in problems and f"versions[0].{key}.article" in problems
