"""Provider test helpers: seed policies, county reviewers of 越城区 (绍兴) and 天山区 (乌鲁木齐),
providers registered and approved through the registry services. Users come from the one
builder, `testsupport.make_user`; hashing and media are set by the root conftest."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from innovoucher.accounts.roles import Role
from innovoucher.registry import services as registry
from innovoucher.registry.models import OrganisationKind
from innovoucher.registry.tests.conftest import (  # noqa: F401  (fixtures)
    register,
    sysadmin,
    tianshan,
    yuecheng,
)
from testsupport import make_user as build_user
from testsupport.world import sign_commitments

_n = itertools.count(1)


@pytest.fixture
def make_user(db):
    """`testsupport.make_user` as a fixture (the registry fixtures above ask for it by name)."""
    return build_user


@pytest.fixture(autouse=True)
def _policies(seed_policies):
    return None


@pytest.fixture
def make_provider(db, yuecheng, tianshan):
    reviewers = {"330602": yuecheng, "650102": tianshan}

    def make(
        provider_kind: str = "testing_agency",
        region: str = "330602",
        name: str | None = None,
        username: str | None = None,
    ):
        username = username or f"prov{next(_n)}"
        org = register(
            region,
            username=username,
            kind=OrganisationKind.PROVIDER,
            provider_kind=provider_kind,
            name=name or f"测试服务机构{next(_n)}",
        )
        registry.registration_review(actor=reviewers[region], organisation=org, action="approve")
        org.refresh_from_db()
        user = get_user_model().objects.get(username=username)
        sign_commitments(org, user)  # 信用承诺 before applying (supervision)
        return org, user

    return make


@pytest.fixture
def city_reviewer(make_user):
    return make_user("sx-city", Role.CITY_REVIEWER, "330600")


@pytest.fixture
def experts(make_user):
    return [make_user(f"expert{i}", Role.EXPERT, "330000") for i in range(3)]


@pytest.fixture
def enterprise_user(yuecheng):
    org = register("330602", username="ent-booker")
    registry.registration_review(actor=yuecheng, organisation=org, action="approve")
    org.refresh_from_db()
    return org, get_user_model().objects.get(username="ent-booker")


@pytest.fixture
def provider_in(make_user, sysadmin):
    """A provider of any county, approved by a county reviewer created for that county."""
    reviewers: dict = {}

    def make(region: str, provider_kind: str = "university", username: str | None = None):
        if region not in reviewers:
            gov = registry.organisation_create_official(
                actor=sysadmin,
                kind=OrganisationKind.GOV_COUNTY,
                name=f"{region}科技局",
                region_code=region,
            )
            reviewers[region] = make_user(f"county-{region}", Role.COUNTY_REVIEWER, region, gov)
        username = username or f"prov{next(_n)}"
        org = register(
            region,
            username=username,
            kind=OrganisationKind.PROVIDER,
            provider_kind=provider_kind,
            name=f"区外测试机构{next(_n)}",
        )
        registry.registration_review(actor=reviewers[region], organisation=org, action="approve")
        org.refresh_from_db()
        user = get_user_model().objects.get(username=username)
        sign_commitments(org, user)  # 信用承诺 before applying (supervision)
        return org, user, reviewers[region]

    return make


@pytest.fixture
def ningxia_official(make_user):
    """The region S&T department of Ningxia (province-level reviewer of 640000)."""
    return make_user("nx-province", Role.PROVINCE_REVIEWER, "640000")
