"""The registry in English (issue 15): every page a party and a reviewer use, with records in
each main status (submitted, returned and approved registrations; declared, verified and
rejected facts; submitted, returned and approved change filings), related parties, the relation
check, and forms re-rendered with errors. Names, addresses, reasons and other text typed in
Chinese stay Chinese inside lang="zh-Hans"; the Chinese pages keep their Chinese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from innovoucher.core import clock
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.registry import services
from innovoucher.registry.domain import AFFILIATION_KINDS
from innovoucher.registry.idnumber import KINDS as ID_KINDS
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.labels import (
    AFFILIATION_KIND_LABELS,
    ID_KIND_LABELS,
    PROVIDER_KIND_LABELS,
)
from innovoucher.registry.models import FactKind
from innovoucher.registry.tests.conftest import register
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import START, build_world, pdf


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English request leaves English active in this thread; later tests expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_labels_repeat_the_pure_vocabularies():
    translation.activate(settings.LANGUAGE_CODE)
    assert {k: str(v) for k, v in PROVIDER_KIND_LABELS.items()} == PROVIDER_KINDS
    assert {k: str(v) for k, v in ID_KIND_LABELS.items()} == ID_KINDS
    assert {k: str(v) for k, v in AFFILIATION_KIND_LABELS.items()} == AFFILIATION_KINDS


def _check(problems, label, response):
    assert response.status_code < 500, label
    if found := untranslated(response.content.decode()):
        problems[label] = found


@pytest.fixture
def registry_world(seed_policies, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with clock.frozen_now(START["ningxia"]):
        world = build_world("ningxia", funded=False)
        reviewer = world.officials["county"]
        firm, user = world.applicant, world.applicant_user
        services.shareholder_add(
            actor=user,
            organisation=firm,
            holder_type="person",
            holder_name="王五",
            stake_percent="60",
            holder_id_number=make_id_number("640104", clock.today().replace(year=1975), 12),
        )
        services.controller_set(
            actor=user,
            organisation=firm,
            holder_type="organisation",
            holder_name="宁夏测试控股集团有限公司",
            holder_uscc=world.provider.uscc,
            basis="持股比例最高",
        )
        services.affiliation_add(
            actor=user,
            organisation=firm,
            kind="equity",
            counterpart_name=world.provider.name,
            counterpart_uscc=world.provider.uscc,
            note="参股20%",
        )
        declared = services.fact_record(
            actor=user,
            organisation=firm,
            kind=FactKind.HIGH_TECH,
            value=True,
            valid_from=clock.today(),
            expires_on=clock.today().replace(year=clock.today().year + 2),
            evidence_ref="GR2025640000123",
        )
        rejected = services.fact_record(
            actor=user,
            organisation=firm,
            kind=FactKind.SPECIALIZED_SME,
            value=True,
            valid_from=clock.today(),
            expires_on=clock.today().replace(year=clock.today().year + 1),
            evidence_ref="专精特新名单",
        )
        services.fact_verify(actor=reviewer, fact=rejected, accept=False, note="名单中未查到")
        returned_filing = services.filing_submit(
            actor=user,
            organisation=firm,
            values={"address": "银川市金凤区创新大道1号", "contact_name": "赵六"},
            reason="搬迁新址",
            evidence=pdf("搬迁证明.pdf"),
        )
        services.filing_review(
            actor=reviewer, filing=returned_filing, action="return", reasons=["证明材料不清晰"]
        )
        provider_user = world.provider_user
        approved_filing = services.filing_submit(
            actor=provider_user,
            organisation=world.provider,
            values={"service_scope": "检验检测、计量校准", "provider_kind": "university"},
            reason="新增服务",
            evidence=pdf(),
        )
        services.filing_review(actor=reviewer, filing=approved_filing, action="approve")
        pending = register("640104", username="en-pending")
        returned = register("640104", username="en-returned")
        services.registration_review(
            actor=reviewer, organisation=returned, action="return", reasons=["营业执照不清晰"]
        )
    # A filing waiting for review, submitted today (deadlines counted from now).
    submitted_filing = services.filing_submit(
        actor=provider_user,
        organisation=world.provider,
        values={"contact_phone": "13900002222"},
        reason="联系人电话变更",
        evidence=pdf(),
    )
    return {
        "world": world,
        "declared": declared,
        "pending": pending,
        "returned": returned,
        "returned_filing": returned_filing,
        "approved_filing": approved_filing,
        "submitted_filing": submitted_filing,
    }


@pytest.mark.django_db
def test_party_pages_in_english(client, registry_world):
    w = registry_world
    world = w["world"]
    firm = world.applicant
    client.force_login(world.applicant_user)
    chinese = client.get(f"/registry/organisations/{firm.pk}/").content.decode()
    assert "登记信息" in chinese and "审核记录" in chinese
    switch_to_english(client)
    urls = [
        "/registry/workspace/",
        f"/registry/organisations/{firm.pk}/",
        f"/registry/organisations/{firm.pk}/facts/",
        f"/registry/organisations/{firm.pk}/parties/",
        f"/registry/organisations/{firm.pk}/filings/",
        f"/registry/filings/{w['returned_filing'].pk}/",
        "/registry/filings/",
    ]
    problems = english_problems(client, urls)
    page = client.get(f"/registry/organisations/{firm.pk}/").content.decode()
    assert "Registration" in page and "Review history" in page
    # Forms re-rendered with their errors.
    _check(
        problems,
        "POST facts",
        client.post(f"/registry/organisations/{firm.pk}/facts/", {"kind": "employees"}),
    )
    _check(
        problems,
        "POST parties",
        client.post(
            f"/registry/organisations/{firm.pk}/parties/",
            {"form": "shareholder", "holder_type": "person", "stake_percent": "abc"},
        ),
    )
    _check(
        problems,
        "POST filing",
        client.post(f"/registry/organisations/{world.provider.pk}/filings/", {"reason": ""}),
    )
    # The party whose registration was returned: its workspace and the resubmission form.
    other = Client()
    other.force_login(get_user_model().objects.get(username="en-returned"))
    switch_to_english(other)
    returned = w["returned"]
    problems.update(
        english_problems(
            other,
            [
                "/registry/workspace/",
                f"/registry/organisations/{returned.pk}/",
                f"/registry/organisations/{returned.pk}/resubmit/",
            ],
        )
    )
    _check(
        problems,
        "POST resubmit",
        other.post(f"/registry/organisations/{returned.pk}/resubmit/", {"name": ""}),
    )
    # A provider sees its accepted and pending filings.
    provider = Client()
    provider.force_login(world.provider_user)
    switch_to_english(provider)
    problems.update(
        english_problems(
            provider,
            [
                f"/registry/filings/{w['approved_filing'].pk}/",
                f"/registry/filings/{w['submitted_filing'].pk}/",
                f"/registry/organisations/{world.provider.pk}/",
                f"/registry/organisations/{world.provider.pk}/filings/",
            ],
        )
    )
    assert not problems, problems


@pytest.mark.django_db
def test_reviewer_pages_in_english(client, registry_world):
    w = registry_world
    world = w["world"]
    firm, provider = world.applicant, world.provider
    client.force_login(world.officials["county"])
    chinese = client.get("/registry/workspace/").content.decode()
    assert "待审核的主体登记" in chinese and w["pending"].name in chinese
    switch_to_english(client)
    urls = [
        "/registry/workspace/",
        "/registry/organisations/",
        "/registry/organisations/?status=submitted",
        f"/registry/organisations/{w['pending'].pk}/",
        f"/registry/organisations/{w['returned'].pk}/",
        f"/registry/organisations/{firm.pk}/",
        f"/registry/organisations/{firm.pk}/facts/",
        f"/registry/organisations/{firm.pk}/parties/",
        f"/registry/organisations/{provider.pk}/filings/",
        "/registry/filings/",
        "/registry/filings/?status=returned",
        f"/registry/filings/{w['submitted_filing'].pk}/",
        f"/registry/filings/{w['approved_filing'].pk}/",
        f"/registry/filings/{w['returned_filing'].pk}/",
        "/registry/relations/",
        f"/registry/relations/?a={firm.uscc}&b={provider.uscc}",
        f"/registry/relations/?a={firm.uscc}&b={w['pending'].uscc}",
        "/notifications/todos/",
    ]
    problems = english_problems(client, urls)
    _check(
        problems,
        "POST review",
        client.post(f"/registry/organisations/{w['pending'].pk}/review/", {"action": "return"}),
    )
    _check(
        problems,
        "POST filing review",
        client.post(
            f"/registry/filings/{w['submitted_filing'].pk}/", {"op": "review", "action": "reject"}
        ),
    )
    _check(problems, "relations not found", client.get("/registry/relations/?a=nobody&b=x"))
    assert not problems, problems


@pytest.mark.django_db
def test_registration_page_in_english(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert "主体注册登记" in client.get("/registry/register/").content.decode()
    switch_to_english(client)
    problems = english_problems(client, ["/registry/register/"])
    _check(problems, "POST register", client.post("/registry/register/", {"kind": "enterprise"}))
    assert not problems, problems
