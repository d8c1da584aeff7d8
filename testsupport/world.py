"""A small world for lifecycle tests, built through the services: for one seed policy, the
officials of every level its review chain names, a verified applicant with eligibility facts,
an admitted provider with a published service, and funded budgets for every funder level.

    with clock.frozen_now(START["shanxi"]):
        world = build_world("shanxi")      # inside a test with the seed policies loaded
    world.applicant, world.applicant_user, world.provider, world.provider_user, world.service
    world.officials["city"], world.officials["province"], world.finance["province"], ...

Used by the tests of vouchers, orders and redemptions and by the journey tests. Not imported
by production code (it lives outside the package).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.policies.models import PolicyFamily
from innovoucher.providers.services.admission import admission_apply
from innovoucher.providers.services.catalogue import service_publish
from innovoucher.registry import services as registry
from innovoucher.registry.demo import bank_details, make_uscc
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.models import FactKind, OrganisationKind
from innovoucher.supervision.services.commitments import commitment_ensure
from testsupport import PASSWORD, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = itertools.count(1)

# family -> (applicant county, provider county, provider kind, service category)
PLACES = {
    "shanxi": ("140105", "140105", "university", "testing"),
    "shaoxing": ("330602", "330602", "university", "testing"),
    "urumqi": ("650102", "650102", "key_lab", "rd"),
    "liaocheng": ("371502", "371502", "university", "testing"),
    "ningxia": ("640104", "640104", "testing_agency", "testing"),
}
# A day on which each seed policy is in force (Liaocheng lapsed on 2026-01-25): lifecycle tests
# run inside `clock.frozen_now(START[family])` and move the clock forward from there.
START = {
    "shanxi": dt.date(2026, 3, 2),
    "shaoxing": dt.date(2026, 3, 2),
    "urumqi": dt.date(2026, 3, 2),
    "liaocheng": dt.date(2025, 3, 3),
    "ningxia": dt.date(2026, 3, 2),
}
# funder level -> region code of the funder for an applicant county
FUNDER_REGION = {
    "province": lambda c: c[:2] + "0000",
    "city": lambda c: c[:4] + "00",
    "county": lambda c: c,
}


def pdf(name: str = "doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    family: str
    county: str
    sysadmin: object
    officials: dict[str, object] = field(
        default_factory=dict
    )  # level (county/city/province/agency/expert/meeting) -> user
    finance: dict[str, object] = field(default_factory=dict)  # funder level -> finance officer
    applicant: object = None
    applicant_user: object = None
    provider: object = None
    provider_user: object = None
    service: object = None

    @property
    def city(self) -> str:
        return self.county[:4] + "00"

    @property
    def province(self) -> str:
        return self.county[:2] + "0000"


def register_party(
    region: str,
    *,
    kind=OrganisationKind.ENTERPRISE,
    provider_kind: str = "",
    name: str = "",
    reviewer=None,
    username: str = "",
    commit: bool = True,
):
    """Register (and, given a reviewer, approve) a party; returns (organisation, its user). An
    approved party signs the credit commitments the policies ask for unless `commit` is false."""
    n = next(_serial)
    username = username or f"party{n}-{region}"
    name = (
        name or f"世界测试{'服务机构' if kind == OrganisationKind.PROVIDER else '科技有限公司'}{n}"
    )
    data = registry.RegistrationData(
        kind=kind,
        name=name,
        **bank_details(name, 7000 + n),
        region_code=region,
        uscc=make_uscc(region, 7000 + n),
        legal_rep_name="张三",
        legal_rep_id_number=make_id_number(region, dt.date(1980, 5, 6), n % 1000),
        contact_name="李四",
        contact_phone="13800001111",
        provider_kind=provider_kind,
    )
    account = registry.AccountData(username=username, password=PASSWORD)
    org = registry.organisation_register(
        actor=None, data=data, account=account, licence=pdf("licence.pdf")
    )
    if reviewer is not None:
        registry.registration_review(actor=reviewer, organisation=org, action="approve")
        org.refresh_from_db()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    if reviewer is not None and commit:
        sign_commitments(org, user)
    return org, user


def sign_commitments(org, user) -> None:
    """The party signs the credit commitment of every policy in force that asks for one
    (信用承诺, Shaoxing 四（三）), as a new party does on its 信用承诺 page before applying."""
    for slug in PolicyFamily.objects.values_list("slug", flat=True):
        commitment_ensure(actor=user, organisation=org, family=slug)


def give_facts(
    org,
    reviewer,
    *,
    employees: int = 120,
    revenue_yuan: int = 150_000_000,
    flags=(FactKind.TECH_SME, FactKind.CREDIT_STATUS),
) -> None:
    """Record and verify the facts most policies ask for (SME size, tech-SME, good credit)."""
    today = clock.today()
    start, end = today - dt.timedelta(days=200), today + dt.timedelta(days=400)
    values = [
        (FactKind.EMPLOYEES, employees),
        (FactKind.ANNUAL_REVENUE, f"{revenue_yuan}.00"),
        *[(k, True) for k in flags],
    ]
    for kind, value in values:
        fact = registry.fact_record(
            actor=reviewer,
            organisation=org,
            kind=kind,
            value=value,
            valid_from=start,
            expires_on=end,
            evidence_ref="测试证明材料",
        )
        if fact.status != "verified":
            registry.fact_verify(actor=reviewer, fact=fact, accept=True)


def fund(world: World, amount_fen: int = 100_000_000, year: int | None = None) -> None:
    """Open and appropriate a voucher budget for every funder level of the policy."""
    year = year or clock.today().year
    for level in ("province", "city", "county"):
        region = FUNDER_REGION[level](world.county)
        officer = world.finance.get(level) or make_user(
            f"{world.family}-fin-{level}-{next(_serial)}", Role.FINANCE_OFFICER, region
        )
        world.finance[level] = officer
        budget = ledger.budget_open(actor=officer, funder_region=region, fiscal_year=year)
        ledger.budget_appropriate(
            actor=officer,
            budget=budget,
            amount_fen=amount_fen,
            reference=f"测试预算-{world.family}-{level}-{next(_serial)}",
        )


def build_world(family: str, *, funded: bool = True) -> World:
    county, provider_county, provider_kind, category = PLACES[family]
    n = next(_serial)
    sysadmin = make_user(f"{family}-sysadmin-{n}", Role.SYSTEM_ADMIN)
    world = World(family=family, county=county, sysadmin=sysadmin)
    for level, role, region, kind in (
        ("county", Role.COUNTY_REVIEWER, county, OrganisationKind.GOV_COUNTY),
        ("city", Role.CITY_REVIEWER, county[:4] + "00", OrganisationKind.GOV_CITY),
        ("province", Role.PROVINCE_REVIEWER, county[:2] + "0000", OrganisationKind.GOV_PROVINCE),
    ):
        org = registry.organisation_create_official(
            actor=sysadmin, kind=kind, name=f"{region}科技局{n}", region_code=region
        )
        world.officials[level] = make_user(
            f"{family}-{level}-{n}", role, region, org, email=f"{family}-{level}-{n}@example.cn"
        )
    world.officials["agency"] = make_user(
        f"{family}-agency-{n}", Role.OPERATOR, county[:2] + "0000"
    )
    world.officials["expert"] = make_user(f"{family}-expert-{n}", Role.EXPERT, county[:4] + "00")
    world.officials["meeting"] = world.officials["city"]
    reviewer = world.officials["county"]
    world.applicant, world.applicant_user = register_party(
        county, reviewer=reviewer, username=f"{family}-firm-{n}"
    )
    give_facts(world.applicant, reviewer)
    prov_reviewer = reviewer if provider_county == county else None
    world.provider, world.provider_user = register_party(
        provider_county,
        kind=OrganisationKind.PROVIDER,
        provider_kind=provider_kind,
        reviewer=prov_reviewer,
        username=f"{family}-prov-{n}",
    )
    admission_apply(actor=world.provider_user, organisation=world.provider, family=family)
    world.service = service_publish(
        actor=world.provider_user,
        provider=world.provider,
        category=category,
        name=f"{family}测试服务{n}",
        price="100000.00",
        turnaround_days=20,
    )
    if funded:
        fund(world)
    return world
