"""Demo providers: for each seed region, providers of different kinds registered and approved
through the registry services, admitted through `admission_apply` (directly, or along the whole
reviewed route with an expert), with services, instruments and a booking. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import role_grant, user_create
from innovoucher.core import clock
from innovoucher.core.demo_accounts import DEMO_PASSWORD, register
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.policies.services import engine_family
from innovoucher.providers import selectors, services
from innovoucher.providers.models import Booking, Instrument, Service
from innovoucher.providers.selectors import active_admissions
from innovoucher.registry import services as registry
from innovoucher.registry.demo import LICENCE, SEEDS, bank_details, make_uscc
from innovoucher.registry.fitness import fitness_prepare
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.registry.states import RegistrationStatus

SERVICES = {
    "testing": [("材料成分与性能检测", "1200.00", 7), ("第三方检验检测报告", "800.00", 5)],
    "rd": [("委托研发与技术攻关", "50000.00", 90)],
    "novelty_search": [("科技查新报告", "600.00", 10)],
    "design": [("工业产品设计", "20000.00", 30)],
    "pilot": [("小试中试工程化验证", "30000.00", 60)],
}
# (name, model, place, price per hour, price per sample or "")
INSTRUMENTS = [
    ("场发射扫描电子显微镜", "SU8010", "分析测试中心101室", "300.00", ""),
    ("X射线衍射仪", "D8 ADVANCE", "分析测试中心203室", "200.00", "150.00"),
]
NAMES = ("{short}理工大学分析测试中心", "{short}先进材料重点实验室", "{short}质量检验检测研究院")


def _user(sysadmin, username: str, name: str, password_hash: str):
    User = get_user_model()
    return User.objects.filter(username=username).first() or user_create(
        actor=sysadmin, username=username, display_name=name, password_hash=password_hash
    )


def _expert(seed, password_hash: str, sysadmin, secadmin):
    user = _user(sysadmin, f"{seed.slug}-expert", f"{seed.short}评审专家", password_hash)
    if not RoleAssignment.objects.filter(user=user, role=Role.EXPERT, active=True).exists():
        role_grant(actor=secadmin, user=user, role=Role.EXPERT, region_code=seed.province[0])
    register(user.username, f"{seed.short}服务机构入库评审专家")
    return user


def _provider(seed, index: int, n: int, kind: str, password_hash: str, reviewer) -> Organisation:
    region = seed.county[0]
    code = make_uscc(region, 90_000_000 + index * 100 + n, prefix="12")
    org = Organisation.objects.filter(uscc=code).first()
    username = f"{seed.slug}-prov{n}"
    if org is None:
        data = registry.RegistrationData(
            kind=OrganisationKind.PROVIDER,
            provider_kind=kind,
            name=NAMES[n - 1].format(short=seed.short),
            region_code=region,
            uscc=code,
            address=f"{seed.short}科技园区{n}号",
            legal_rep_name="陈立新",
            legal_rep_id_number=_id(region, index, n),
            contact_name="周敏",
            contact_phone=f"1390000{index}{n:03d}",
            **bank_details(NAMES[n - 1].format(short=seed.short), 90_000_000 + index * 100 + n),
        )
        account = registry.AccountData(
            username=username, password_hash=password_hash, display_name="周敏"
        )
        org = registry.organisation_register(
            actor=None,
            data=data,
            account=account,
            licence=SimpleUploadedFile("licence.pdf", LICENCE, content_type="application/pdf"),
        )
    if org.status == RegistrationStatus.SUBMITTED:
        registry.registration_review(actor=reviewer, organisation=org, action="approve")
        org.refresh_from_db()
    register(username, f"{org.name} 服务机构经办人（{PROVIDER_KINDS[kind]}）")
    return org


def _id(region: str, index: int, n: int) -> str:
    return make_id_number(region, dt.date(1975, 4, 10 + n), 600 + index * 10 + n)


def _admit(seed, org, staff, reviewer, expert, on: dt.date, reviewed: bool) -> None:
    if active_admissions(org).exists():
        return
    with clock.frozen_now(on - dt.timedelta(days=40)):
        fitness_prepare(actor=staff, organisation=org, family=seed.slug)  # 信用承诺 (supervision)
        adm = services.admission_apply(
            actor=staff,
            organisation=org,
            family=seed.slug,
            materials="资质证书、仪器设备清单、近三年服务业绩（演示）",
            staff=25,
            certificates=[
                SimpleUploadedFile("资质证书.pdf", LICENCE, content_type="application/pdf")
            ],
        )
        if not reviewed or adm.status == "admitted":
            return
        services.admission_transition(actor=reviewer, admission=adm, action="initial_pass")
        services.admission_assign_experts(actor=reviewer, admission=adm, experts=[expert])
        services.admission_score(
            actor=expert, admission=adm, score=86, comment="服务能力符合入库条件（演示）"
        )
        adm.refresh_from_db()
        services.admission_transition(actor=reviewer, admission=adm, action="meeting_approve")
    with clock.frozen_now(on - dt.timedelta(days=10)):
        adm.refresh_from_db()
        services.admission_transition(actor=reviewer, admission=adm, action="admit")


def _catalogue(org, staff, categories, with_instruments: bool) -> None:
    if not Service.objects.filter(provider=org).exists():
        for category in categories:
            for name, price, days in SERVICES[category]:
                services.service_publish(
                    actor=staff,
                    provider=org,
                    category=category,
                    name=name,
                    price=price,
                    turnaround_days=days,
                    description=f"{org.name}提供{name}服务（演示）",
                    process="在线委托 → 签订合同 → 服务实施 → 出具报告",
                    fee_standard="按物价部门核定标准收费",
                )
    if with_instruments and not Instrument.objects.filter(provider=org).exists():
        for name, model, place, price, per_sample in INSTRUMENTS:
            services.instrument_register(
                actor=staff,
                provider=org,
                name=name,
                model_no=model,
                location=place,
                price_per_hour=price,
                price_per_sample=per_sample,
                booking_rules="提前一个工作日预约；需经培训后上机",
            )


def _open_slot(instrument, after: dt.datetime) -> dt.datetime:
    """09:00 on the first day from `after` when the instrument is open for three hours."""
    opening = selectors.instrument_opening(instrument)
    day = timezone.localtime(after).date()
    for _ in range(30):
        start = dt.datetime.combine(day, dt.time(9))
        if opening.is_open(start, start + dt.timedelta(hours=3)):
            break
        day += dt.timedelta(days=1)
    return timezone.make_aware(start)


def _providers(progress) -> None:
    progress.total(len(SEEDS))
    password_hash = make_password(DEMO_PASSWORD)
    User = get_user_model()
    secadmin = User.objects.filter(username="secadmin").first()
    sysadmin = User.objects.filter(username="sysadmin").first()
    today = clock.today()
    for index, seed in enumerate(SEEDS):
        reviewer = User.objects.filter(username=f"{seed.slug}-county").first()
        if reviewer is None or sysadmin is None or secadmin is None:
            continue  # the registry demo step has not run
        family = engine_family(seed.slug)
        version = family.version_on(today)
        on = today
        if version is None:  # a lapsed policy: its providers were admitted while it was in force
            version = max(family.versions, key=lambda v: v.effective_from.value)
            on = version.effective_to.value if version.effective_to else today
        rules = version.provider_admission.value if version.provider_admission else {}
        direct = list(rules.get("direct_kinds", [])) or ["university"]
        reviewed_kind = next(
            k for k in ("testing_agency", "service_company", "university") if k not in direct
        )
        expert = _expert(seed, password_hash, sysadmin, secadmin)
        plan = [
            (1, direct[0], ["testing", "rd"], True, False),
            (2, direct[1] if len(direct) > 1 else direct[0], ["pilot", "design"], True, False),
            (3, reviewed_kind, ["testing", "novelty_search"], False, True),
        ]
        first_instrument = None
        for n, kind, categories, instruments, reviewed in plan:
            org = _provider(seed, index, n, kind, password_hash, reviewer)
            staff = User.objects.get(username=f"{seed.slug}-prov{n}")
            _admit(seed, org, staff, reviewer, expert, on, reviewed)
            _catalogue(org, staff, categories, instruments)
            first_instrument = first_instrument or Instrument.objects.filter(provider=org).first()
        booker = User.objects.filter(username=f"{seed.slug}-ent1").first()
        ent = (
            Organisation.objects.filter(
                pk__in=RoleAssignment.objects.filter(user=booker, role=Role.APPLICANT).values(
                    "organisation_id"
                )
            ).first()
            if booker
            else None
        )
        if (
            first_instrument
            and ent
            and ent.status == RegistrationStatus.APPROVED
            and not Booking.objects.filter(instrument=first_instrument).exists()
        ):
            start = _open_slot(first_instrument, clock.now() + dt.timedelta(days=3))
            services.booking_request(
                actor=booker,
                instrument=first_instrument,
                organisation=ent,
                start=start,
                end=start + dt.timedelta(hours=3),
                purpose="样品微观形貌表征（演示）",
            )
        progress.advance()


DEMO_STEPS = [(50, "服务机构：入库、服务目录与仪器预约", _providers)]
