"""Supervision cites the provider articles of the policy version in force (no table in Python):
a version whose text words the provider credit requirement differently is cited as written."""

from __future__ import annotations

import datetime as dt

import pytest

from innovoucher.policies.services import engine_family, policy_version_for
from innovoucher.supervision.selectors import DEFAULT_PROVIDER_CREDIT, provider_credit_rule

ON = dt.date(2026, 3, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("family", ["shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia"])
def test_the_provider_credit_rule_is_the_version_in_force(seed_policies, family):
    for version in engine_family(family).versions:
        day = version.effective_from.value
        assert policy_version_for(family_slug=family, on=day).code == version.code
        assert provider_credit_rule(family, day) == (
            version.provider_credit.article,
            version.provider_credit.value,
        )


@pytest.mark.django_db
def test_no_policy_in_force_falls_back_to_the_platform_rule_without_an_article(seed_policies):
    assert provider_credit_rule("shanxi", dt.date(1990, 1, 1)) == DEFAULT_PROVIDER_CREDIT
    assert provider_credit_rule("", ON) == DEFAULT_PROVIDER_CREDIT
