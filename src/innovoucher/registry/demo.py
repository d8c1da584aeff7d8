"""Demo registry: the three administrators, officials at every level of each seed region, and
enterprises (Faker zh_CN names, valid credit codes and ID numbers) registered and reviewed
through the services, with eligibility facts and related-party cases. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from faker import Faker
from stdnum.cn import uscc as stdnum_uscc

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.accounts.services import assign_role, role_grant, user_create
from innovoucher.core import clock
from innovoucher.core.demo_accounts import DEMO_PASSWORD, register
from innovoucher.registry import services
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.models import ActualController, Organisation, OrganisationKind
from innovoucher.registry.states import RegistrationStatus

ENTERPRISES_PER_REGION = (
    6  # approved, except the last (waiting for review) and one returned in Shaoxing
)


@dataclass(frozen=True)
class Seed:
    slug: str
    short: str
    province: tuple[str, str]
    city: tuple[str, str]
    county: tuple[str, str]
    finance: tuple[str, str]
    operator: tuple[str, str] | None = None


SEEDS = [
    Seed(
        "shanxi",
        "太原",
        ("140000", "山西省科学技术厅"),
        ("140100", "太原市科学技术局"),
        ("140105", "太原市小店区科学技术局"),
        ("140000", "山西省财政厅"),
        ("140000", "山西省科技资源共享服务中心"),
    ),
    Seed(
        "shaoxing",
        "绍兴",
        ("330000", "浙江省科学技术厅"),
        ("330600", "绍兴市科学技术局"),
        ("330602", "绍兴市越城区科学技术局"),
        ("330600", "绍兴市财政局"),
    ),
    Seed(
        "urumqi",
        "乌鲁木齐",
        ("650000", "新疆维吾尔自治区科学技术厅"),
        ("650100", "乌鲁木齐市科学技术局"),
        ("650102", "乌鲁木齐市天山区科学技术局"),
        ("650100", "乌鲁木齐市财政局"),
        ("650100", "乌鲁木齐科技信息服务中心"),
    ),
    Seed(
        "liaocheng",
        "聊城",
        ("370000", "山东省科学技术厅"),
        ("371500", "聊城市科学技术局"),
        ("371502", "聊城市东昌府区科学技术局"),
        ("371500", "聊城市财政局"),
    ),
    Seed(
        "ningxia",
        "银川",
        ("640000", "宁夏回族自治区科学技术厅"),
        ("640100", "银川市科学技术局"),
        ("640104", "银川市兴庆区科学技术局"),
        ("640000", "宁夏回族自治区财政厅"),
        ("640000", "宁夏科技创新券专业服务机构"),
    ),
]
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
LICENCE = b"%PDF-1.4\n% demo business licence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def organisation_code(serial: int) -> str:
    """A GB 11714 organisation code (8 digits + its check character)."""
    body = f"{serial % 10**8:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_bank_account(serial: int) -> str:
    """A corporate settlement account number (19 digits; corporate accounts carry no public
    check digit) for demo and test parties."""
    return f"1211{serial % 10**15:015d}"


def bank_details(name: str, serial: int) -> dict:
    """Receiving-account fields of a `RegistrationData` for a party called `name`."""
    return {
        "bank_name": "中国工商银行股份有限公司营业部",
        "bank_account_name": name,
        "bank_account_number": make_bank_account(serial),
    }


def make_uscc(region_code: str, serial: int, prefix: str = "91") -> str:
    """A unified social credit code with valid check characters (prefix 91: enterprise)."""
    first17 = f"{prefix}{region_code}{organisation_code(serial)}"
    return first17 + stdnum_uscc.calc_check_digit(first17)


class _Demo:
    def __init__(self, progress) -> None:
        self.progress = progress
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 is slow on purpose
        User = get_user_model()
        self.User = User
        self.boot = User.objects.filter(is_superuser=True).order_by("pk").first()
        if self.boot is None:
            raise RuntimeError("缺少系统初始管理员账户：请先运行核心演示步骤")

    def user(self, actor, username: str, name: str):
        existing = self.User.objects.filter(username=username).first()
        return existing or user_create(
            actor=actor, username=username, display_name=name, password_hash=self.password_hash
        )

    def grant(self, actor, user, role: Role, region: str, organisation=None) -> None:
        if not RoleAssignment.objects.filter(
            user=user, role=role, region_code=region, active=True
        ).exists():
            role_grant(
                actor=actor, user=user, role=role, region_code=region, organisation=organisation
            )

    def admins(self) -> None:
        for username, name, role in (
            ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN),
            ("secadmin", "安全管理员", Role.SECURITY_ADMIN),
            ("auditadmin", "安全审计员", Role.AUDIT_ADMIN),
        ):
            user = self.user(self.boot, username, name)
            if not RoleAssignment.objects.filter(user=user, role=role, active=True).exists():
                assign_role(actor=self.boot, user=user, role=role, region_code=PLATFORM_REGION)
            register(username, f"{name}（三员分立）")
        self.sysadmin = self.User.objects.get(username="sysadmin")
        self.secadmin = self.User.objects.get(username="secadmin")

    def official(
        self, kind: str, region: str, name: str, username: str, person: str
    ) -> Organisation:
        org = Organisation.objects.filter(kind=kind, region_code=region, name=name).first()
        if org is None:
            org = services.organisation_create_official(
                actor=self.sysadmin, kind=kind, name=name, region_code=region
            )
        user = self.user(self.sysadmin, username, person)
        self.grant(self.secadmin, user, services.official_role_for(org), region, org)
        register(username, f"{name} {services.official_role_for(org).label}")
        return org

    def officials(self, seed: Seed) -> None:
        self.official(
            OrganisationKind.GOV_PROVINCE, *seed.province, f"{seed.slug}-province", "省级审核员"
        )
        self.official(OrganisationKind.GOV_CITY, *seed.city, f"{seed.slug}-city", "市级审核员")
        self.official(
            OrganisationKind.GOV_COUNTY, *seed.county, f"{seed.slug}-county", "区县审核员"
        )
        self.official(OrganisationKind.FINANCE, *seed.finance, f"{seed.slug}-finance", "财政经办人")
        if seed.operator:
            self.official(
                OrganisationKind.OPERATOR, *seed.operator, f"{seed.slug}-operator", "平台运营经办人"
            )

    def enterprise(
        self,
        seed: Seed,
        n: int,
        faker,
        rng: random.Random,
        legal_rep: tuple[str, str] | None = None,
    ) -> Organisation:
        region = seed.county[0]
        code = make_uscc(region, 10_000_000 * (SEEDS.index(seed) + 1) + n)
        org = Organisation.objects.filter(uscc=code).first()
        if org is not None:
            return org
        rep, ident = legal_rep or (
            faker.name(),
            make_id_number(
                region,
                dt.date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                rng.randint(1, 999),
            ),
        )
        data = services.RegistrationData(
            kind=OrganisationKind.ENTERPRISE,
            name=f"{seed.short}{faker.company()}",
            region_code=region,
            uscc=code,
            address=faker.street_address(),
            legal_rep_name=rep,
            legal_rep_id_number=ident,
            contact_name=faker.name(),
            contact_phone=f"13{rng.randint(100000000, 999999999)}",
        )
        while Organisation.objects.filter(name=data.name).exists():
            data.name = f"{seed.short}{faker.company()}"
        for key, value in bank_details(data.name, 10_000_000 * (SEEDS.index(seed) + 1) + n).items():
            setattr(data, key, value)
        account = services.AccountData(
            username=f"{seed.slug}-ent{n}",
            password_hash=self.password_hash,
            display_name=data.contact_name,
        )
        licence = SimpleUploadedFile("licence.pdf", LICENCE, content_type="application/pdf")
        return services.organisation_register(
            actor=None, data=data, account=account, licence=licence
        )

    def approve_with_facts(
        self, org: Organisation, reviewer, rng: random.Random, on: dt.date
    ) -> None:
        if org.status != RegistrationStatus.SUBMITTED:
            return
        services.registration_review(actor=reviewer, organisation=org, action="approve")
        until = on.replace(year=on.year + 1)
        facts = [
            ("employees", str(rng.randint(12, 480)), "上年度社保缴纳人数证明"),
            ("annual_revenue", f"{rng.randint(3, 1800) * 100000}.00", "上年度财务审计报告"),
            ("tech_sme", rng.random() < 0.8, "科技型中小企业入库编号"),
            ("credit_status", True, "信用中国查询结果：无失信记录"),
        ]
        if rng.random() < 0.3:
            facts.append(("high_tech", True, "高新技术企业证书"))
        for kind, value, ref in facts:
            services.fact_record(
                actor=reviewer,
                organisation=org,
                kind=kind,
                value=value,
                valid_from=on.replace(month=1, day=1),
                expires_on=until,
                evidence_ref=f"{ref}（演示）",
            )

    def region(self, seed: Seed, index: int) -> None:
        faker = Faker("zh_CN")
        faker.seed_instance(2026 + index)
        rng = random.Random(2026 + index)
        self.officials(seed)
        reviewer = self.User.objects.get(username=f"{seed.slug}-county")
        today = clock.today()
        shared_rep = ("马文华", make_id_number(seed.county[0], dt.date(1978, 3, 14), 100 + index))
        orgs = []
        returned = seed.slug == "shaoxing"  # one registration sent back for correction
        for n in range(1, ENTERPRISES_PER_REGION + 1):
            org = self.enterprise(
                seed,
                n,
                faker,
                rng,
                legal_rep=shared_rep if (seed.slug == "ningxia" and n in (1, 2)) else None,
            )
            orgs.append(org)
            if n < ENTERPRISES_PER_REGION - (1 if returned else 0):
                self.approve_with_facts(org, reviewer, rng, today)
            elif n < ENTERPRISES_PER_REGION and org.status == RegistrationStatus.SUBMITTED:
                services.registration_review(
                    actor=reviewer,
                    organisation=org,
                    action="return",
                    reasons=["营业执照扫描件不清晰，请重新上传", "联系人电话无法接通，请核对"],
                )
            self.progress.advance()
        register(f"{seed.slug}-ent1", f"{orgs[0].name} 申请主体经办人")
        if returned:
            register(
                f"{seed.slug}-ent{ENTERPRISES_PER_REGION - 1}",
                f"{orgs[-2].name} 申请主体经办人（登记被退回，待修改）",
            )
        self.related_cases(seed, orgs, reviewer, rng)
        # One fact declared by the enterprise, waiting for the county's verification.
        owner = self.User.objects.get(username=f"{seed.slug}-ent2")
        if not orgs[1].facts.filter(kind="specialized_sme").exists():
            services.fact_record(
                actor=owner,
                organisation=orgs[1],
                kind="specialized_sme",
                value=True,
                valid_from=today,
                expires_on=today.replace(year=today.year + 3),
                evidence_ref="省级专精特新中小企业名单（演示）",
            )

    def related_cases(
        self, seed: Seed, orgs: list[Organisation], reviewer, rng: random.Random
    ) -> None:
        a, b, c = orgs[0], orgs[1], orgs[2]
        if (
            seed.slug in ("shaoxing", "shanxi")
            and not ActualController.objects.filter(organisation=a).exists()
        ):
            person = make_id_number(seed.county[0], dt.date(1970, 8, 8), 500)
            for org in (a, b):
                services.controller_set(
                    actor=reviewer,
                    organisation=org,
                    holder_type="person",
                    holder_name="王建国",
                    holder_id_number=person,
                    basis="持股比例最高（演示：同一实际控制人）",
                )
        if seed.slug in ("liaocheng", "urumqi") and not b.shareholders.exists():
            services.shareholder_add(
                actor=reviewer,
                organisation=b,
                holder_type="organisation",
                holder_name=a.name,
                holder_uscc=a.uscc,
                stake_percent="60",
            )
            services.shareholder_add(
                actor=reviewer,
                organisation=b,
                holder_type="person",
                holder_name="李明",
                holder_id_number=make_id_number(seed.county[0], dt.date(1985, 1, 9), 321),
                stake_percent="40",
            )
        if seed.slug == "urumqi" and not c.affiliations.exists():
            services.affiliation_add(
                actor=reviewer,
                organisation=c,
                kind="co_built",
                counterpart_name=a.name,
                counterpart_uscc=a.uscc,
                note="共建研发中心（演示）",
            )


def _registry(progress) -> None:
    progress.total(len(SEEDS) * ENTERPRISES_PER_REGION)
    demo = _Demo(progress)
    demo.admins()
    for index, seed in enumerate(SEEDS):
        demo.region(seed, index)


DEMO_STEPS = [(30, "主体登记：管理员、各级审核人员与企业", _registry)]
