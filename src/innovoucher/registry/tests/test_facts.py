"""Eligibility facts: evidence and expiry, verification, and the quote's `applicant` object."""

import datetime as dt

import pytest

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.policies.engine.request import parse_quote_request
from innovoucher.policies.engine.vocabulary import APPLICANT_KINDS
from innovoucher.registry import services
from innovoucher.registry.selectors import organisation_quote_facts
from innovoucher.registry.states import FactStatus
from innovoucher.registry.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def record(actor, org, kind, value, start="2026-01-01", end="2026-12-31", **extra):
    extra.setdefault("evidence_ref", "证明文号（测试）")
    return services.fact_record(
        actor=actor,
        organisation=org,
        kind=kind,
        value=value,
        valid_from=start,
        expires_on=end,
        **extra,
    )


def test_declared_by_the_party_verified_by_the_county(enterprise, applicant, yuecheng):
    fact = record(
        applicant,
        enterprise,
        "employees",
        "120",
        evidence_file=pdf("social-security.pdf"),
        evidence_ref="",
    )
    assert fact.status == FactStatus.DECLARED and fact.evidence_file.name.startswith(
        "registry/evidence/"
    )
    with pytest.raises(ValidationFailed):
        services.fact_verify(actor=yuecheng, fact=fact, accept=False)
    fact = services.fact_verify(actor=yuecheng, fact=fact, accept=True)
    assert fact.status == FactStatus.VERIFIED and fact.verified_by == yuecheng
    with pytest.raises(Conflict):
        services.fact_verify(actor=yuecheng, fact=fact, accept=False, note="重复核验")
    assert record(yuecheng, enterprise, "credit_status", True).status == FactStatus.VERIFIED


@pytest.mark.parametrize(
    "kind,value,field,message",
    [
        ("employees", "-3", "value", "从业人数应为不小于0的整数"),
        ("annual_revenue", "12.345", "value", "营业收入应为以元为单位、最多两位小数的金额"),
        ("tech_sme", "maybe", "value", "请选择“是”或“否”"),
        ("nonsense", "1", "kind", "请选择事项"),
    ],
)
def test_values_are_checked(enterprise, applicant, kind, value, field, message):
    with pytest.raises(ValidationFailed) as exc:
        record(applicant, enterprise, kind, value)
    assert message in exc.value.details["fields"][field][0]


def test_evidence_and_dates_are_required(enterprise, applicant):
    with pytest.raises(ValidationFailed) as exc:
        record(
            applicant,
            enterprise,
            "tech_sme",
            True,
            start="2026-06-01",
            end="2026-05-31",
            evidence_ref="",
        )
    fields = exc.value.details["fields"]
    assert fields["expires_on"] == ["有效期至不能早于起始日期"]
    assert fields["evidence_ref"] == ["请上传证明材料，或填写证书编号、文号、查询结果等依据"]
    with pytest.raises(ValidationFailed) as exc:
        record(applicant, enterprise, "incubator_residency", True)
    assert exc.value.details["fields"]["incubator_name"] == ["请填写入驻的孵化载体名称"]


def test_quote_facts_use_only_facts_in_force_on_the_day(enterprise, applicant, yuecheng):
    record(applicant, enterprise, "employees", "80", start="2025-01-01", end="2025-12-31")
    record(applicant, enterprise, "employees", "120", start="2026-01-01", end="2026-12-31")
    record(applicant, enterprise, "annual_revenue", "150000000.00")
    record(applicant, enterprise, "tech_sme", True, end="2026-03-31")
    record(applicant, enterprise, "high_tech", True)
    record(applicant, enterprise, "credit_status", True)
    rejected = record(applicant, enterprise, "specialized_sme", True)
    services.fact_verify(actor=yuecheng, fact=rejected, accept=False, note="名单中无此企业")

    june = organisation_quote_facts(organisation=enterprise, on=dt.date(2026, 6, 1))
    assert june == {
        "kind": "enterprise",
        "region": "330602",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "credit_ok": True,
        "tech_sme": False,
        "in_incubator": False,
        "high_tech": True,
        "specialized_sme": False,
        "in_jinchuanggu": False,
    }
    assert june["kind"] in APPLICANT_KINDS
    march = organisation_quote_facts(organisation=enterprise, on=dt.date(2026, 3, 31))
    assert march["tech_sme"] is True
    last_year = organisation_quote_facts(organisation=enterprise, on=dt.date(2025, 6, 1))
    assert (
        last_year["employees"] == 80
        and "annual_revenue" not in last_year
        and last_year["credit_ok"] is True
    )
    assert organisation_quote_facts(
        organisation=enterprise, on=dt.date(2026, 6, 1), verified_only=True
    ) == {
        "kind": "enterprise",
        "region": "330602",
        "credit_ok": True,
        "tech_sme": False,
        "in_incubator": False,
        "high_tech": False,
        "specialized_sme": False,
        "in_jinchuanggu": False,
    }


def test_major_incident_and_jinchuanggu_facts_reach_the_quote(enterprise, applicant):
    """Liaocheng art. 8 (3): undeclared → the key is absent (the policy refers it); declared →
    `major_incident` false. Shanxi art. 15: the 晋创谷 residency becomes `in_jinchuanggu`."""
    day = dt.date(2026, 6, 1)
    assert "major_incident" not in organisation_quote_facts(organisation=enterprise, on=day)
    record(applicant, enterprise, "no_major_incident", True)
    record(applicant, enterprise, "jinchuanggu", True)
    facts = organisation_quote_facts(organisation=enterprise, on=day)
    assert facts["major_incident"] is False and facts["in_jinchuanggu"] is True
    record(applicant, enterprise, "no_major_incident", False, start="2026-05-01")
    assert organisation_quote_facts(organisation=enterprise, on=day)["major_incident"] is True
    parsed = parse_quote_request(
        {
            "policy": "liaocheng",
            "applicant": facts,
            "service": {"category": "testing", "contract_amount": "1.00"},
        },
        today=day,
    )
    assert parsed.get("applicant.in_jinchuanggu") is True


def test_the_newest_fact_of_a_kind_wins(enterprise, applicant):
    record(applicant, enterprise, "credit_status", True, start="2026-01-01")
    record(
        applicant,
        enterprise,
        "credit_status",
        False,
        start="2026-05-01",
        evidence_ref="信用中国：列入失信名单",
    )
    assert (
        organisation_quote_facts(organisation=enterprise, on=dt.date(2026, 4, 30))["credit_ok"]
        is True
    )
    assert (
        organisation_quote_facts(organisation=enterprise, on=dt.date(2026, 5, 1))["credit_ok"]
        is False
    )


def test_quote_facts_feed_the_quote_request(enterprise, applicant):
    """The selector's output is accepted as the quote's `applicant` object."""

    record(applicant, enterprise, "employees", "120")
    record(applicant, enterprise, "annual_revenue", "150000000.00")
    applicant_facts = organisation_quote_facts(organisation=enterprise, on=dt.date(2026, 6, 1))
    request = {
        "policy": "shaoxing",
        "on": "2026-06-01",
        "applicant": applicant_facts,
        "provider": {"region": "330602", "kind": "university", "admitted": True},
        "service": {"category": "testing", "contract_amount": "10000.00"},
    }
    parsed = parse_quote_request(request, today=dt.date(2026, 6, 1))
    assert (
        parsed.get("applicant.employees") == 120
        and parsed.get("applicant.annual_revenue") == 15_000_000_000
    )
