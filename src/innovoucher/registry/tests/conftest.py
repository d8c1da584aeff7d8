"""Registry test helpers: officials of two counties (越城区 330602 and 天山区 650102) and a way
to register enterprises through the service. Users come from `testsupport.make_user`."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.registry import services
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.models import OrganisationKind
from testsupport import PASSWORD
from testsupport import make_user as _make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = itertools.count(1)


def pdf(name: str = "licence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def id_for(region: str, year: int = 1980, seq: int | None = None) -> str:
    return make_id_number(
        region, dt.date(year, 5, 6), seq if seq is not None else next(_serial) % 1000
    )


def registration(region: str = "330602", **overrides) -> services.RegistrationData:
    values = {
        "kind": OrganisationKind.ENTERPRISE,
        "name": f"测试科技有限公司{next(_serial)}",
        "region_code": region,
        "uscc": make_uscc(region, next(_serial)),
        "legal_rep_name": "张三",
        "legal_rep_id_number": id_for(region),
        "contact_name": "李四",
        "contact_phone": "13800001111",
    }
    values.update(overrides)
    return services.RegistrationData(**values)


def register(region: str = "330602", username: str | None = None, licence=True, **overrides):
    """Register an enterprise through the service (anonymous self-registration)."""
    data = registration(region, **overrides)
    account = services.AccountData(username=username or f"ent{next(_serial)}", password=PASSWORD)
    return services.organisation_register(
        actor=None, data=data, account=account, licence=pdf() if licence else None
    )


@pytest.fixture
def boot(db):
    return get_user_model().objects.create_user(
        "boot", password=PASSWORD, is_superuser=True, is_staff=True
    )


@pytest.fixture
def make_user(db):
    """`testsupport.make_user` (password `PASSWORD`), with the platform region as default."""

    def make(
        username: str, role: Role | None = None, region: str = PLATFORM_REGION, organisation=None
    ):
        return _make_user(username, role, region, organisation)

    return make


@pytest.fixture
def sysadmin(make_user):
    return make_user("sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def yuecheng(make_user, sysadmin):
    """County reviewer of 越城区 330602 (绍兴)."""
    org = services.organisation_create_official(
        actor=sysadmin, kind=OrganisationKind.GOV_COUNTY, name="越城区科技局", region_code="330602"
    )
    return make_user("yc-reviewer", Role.COUNTY_REVIEWER, "330602", org)


@pytest.fixture
def tianshan(make_user, sysadmin):
    """County reviewer of 天山区 650102 (乌鲁木齐)."""
    org = services.organisation_create_official(
        actor=sysadmin, kind=OrganisationKind.GOV_COUNTY, name="天山区科技局", region_code="650102"
    )
    return make_user("ts-reviewer", Role.COUNTY_REVIEWER, "650102", org)


@pytest.fixture
def enterprise(db):
    """An enterprise of 越城区 waiting for review, and its applicant account."""
    org = register("330602", username="yc-applicant")
    return org


@pytest.fixture
def applicant(enterprise):
    return get_user_model().objects.get(username="yc-applicant")
