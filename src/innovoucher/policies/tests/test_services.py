import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.policies import selectors, services
from innovoucher.policies.models import PolicyFamily, PolicyVersion

pytestmark = pytest.mark.django_db


def _doc(name: str) -> dict:
    return yaml.safe_load((Path(settings.POLICY_DIR) / f"{name}.yaml").read_text(encoding="utf-8"))


def test_import_publishes_every_seed_version_once_with_audit(seed_policies):
    assert set(PolicyFamily.objects.values_list("slug", flat=True)) == {
        "shanxi",
        "shaoxing",
        "urumqi",
        "liaocheng",
        "ningxia",
    }
    assert PolicyVersion.objects.filter(status="published").count() == 5
    assert AuditEvent.objects.filter(action="policies.version.publish").count() == 5
    assert services.policy_directory_import(actor=None) == []  # idempotent
    assert AuditEvent.objects.filter(action="policies.version.publish").count() == 5


def test_changing_a_published_version_is_refused(seed_policies):
    doc = _doc("shanxi")
    doc["versions"][0]["caps"][0]["amount"] = "600000.00"
    with pytest.raises(Conflict) as info:
        services.policy_family_import(actor=None, document=doc, source="edited")
    assert info.value.code == "policy_version_immutable"
    assert (
        PolicyVersion.objects.get(code="shanxi-2024").document["caps"][0]["amount"] == "500000.00"
    )
    # ADR 0018: a database holding an earlier reading of a seed file says so and how to proceed
    stored = PolicyVersion.objects.get(code="shanxi-2024").digest
    assert info.value.details["stored_digest"] == stored != info.value.details["file_digest"]
    assert "make clean" in info.value.message and "新版本" in info.value.message


def test_database_refuses_updates_and_deletes_of_published_versions(seed_policies):
    statements = [lambda: PolicyVersion.objects.filter(code="ningxia-2019").update(title="x")]
    if connection.vendor == "postgresql":  # SQLite guards UPDATE only (see migration 0002)
        statements.append(lambda: PolicyVersion.objects.filter(code="ningxia-2019").delete())
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
    assert PolicyVersion.objects.get(code="ningxia-2019").title != "x"


def test_invalid_document_lists_problems_and_stores_nothing():
    doc = _doc("ningxia")
    doc["versions"][0]["components"][0]["tiers"][0]["rate"] = 0.5  # a float rate
    doc["versions"][0]["eligibility"][0]["require"] = {"fact": "applicant.nonsense"}
    with pytest.raises(ValidationFailed) as info:
        services.policy_family_import(actor=None, document=doc, source="broken.yaml")
    problems = " ".join(info.value.details["problems"])
    assert "tiers[0].rate" in problems and "applicant.nonsense" in problems
    assert not PolicyFamily.objects.exists()


def test_a_new_version_supersedes_from_its_date_and_old_one_stays_pinned(seed_policies):
    doc = _doc("shanxi")
    successor = copy.deepcopy(doc["versions"][0])
    successor.update(
        code="shanxi-2027",
        title="修订版（测试）",
        effective_from={"value": "2027-01-01", "article": "测试"},
    )
    successor.pop("effective_to")
    successor["caps"][0]["amount"] = "800000.00"
    doc["versions"].append(successor)
    services.policy_family_import(actor=None, document=doc, source="test")
    assert (
        selectors.policy_version_in_force(family_slug="shanxi", on=dt.date(2026, 12, 31)).code
        == "shanxi-2024"
    )
    assert (
        selectors.policy_version_in_force(family_slug="shanxi", on=dt.date(2027, 1, 1)).code
        == "shanxi-2027"
    )
    assert (
        services.engine_version(PolicyVersion.objects.get(code="shanxi-2024")).caps[0].amount_fen
        == 50_000_000
    )


def test_lapsed_version_means_nothing_in_force(seed_policies):
    assert (
        selectors.policy_version_in_force(family_slug="liaocheng", on=dt.date(2026, 1, 25)).code
        == "liaocheng-2023"
    )
    assert (
        selectors.policy_version_in_force(family_slug="liaocheng", on=dt.date(2026, 1, 26)) is None
    )
    assert selectors.policy_version_in_force(family_slug="shanxi", on=dt.date(2024, 4, 30)) is None


def test_quote_service_uses_stored_versions(seed_policies, contract_example):
    result = services.quote_compute(contract_example)
    assert (result["subsidy"], result["shares"], result["payee"]) == (
        "110000.00",
        {"province": "110000.00"},
        "provider",
    )


def test_quote_for_a_lapsed_policy_says_so(seed_policies, contract_example):
    request = {**contract_example, "policy": "liaocheng", "on": "2026-06-01"}
    result = services.quote_compute(request)
    assert result["eligible"] is False and result["subsidy"] == "0.00"
    assert result["reasons"][0]["code"] == "no_version_in_force"
    assert (
        "2026年1月25日" in result["reasons"][0]["message"]
        and result["reasons"][0]["article"] == "第二十五条"
    )


def test_unknown_policy_is_an_input_error(seed_policies, contract_example):
    with pytest.raises(ValidationFailed) as info:
        services.quote_compute({**contract_example, "policy": "atlantis"})
    assert info.value.code == "unknown_policy" and "atlantis" in info.value.message
