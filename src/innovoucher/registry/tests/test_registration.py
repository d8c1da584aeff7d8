"""Registration: validation messages, the review transition table, compare-and-swap, history."""

import pytest
from django.contrib.auth import get_user_model

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.registry import services
from innovoucher.registry.models import Organisation, OrganisationKind, RegistrationChange
from innovoucher.registry.selectors import (
    organisation_get,
    organisation_quote_facts,
    review_deadline,
)
from innovoucher.registry.states import TRANSITIONS, RegistrationStatus
from innovoucher.registry.tests.conftest import PASSWORD, id_for, pdf, register, registration
from innovoucher.workdays.services import (
    add_working_days,
    calendar_seed_chinesecalendar,
    work_calendar_invalidate,
)

pytestmark = pytest.mark.django_db


def fields_of(exc) -> dict:
    return exc.value.details["fields"]


def test_self_registration_creates_organisation_account_role_history_and_audit(
    enterprise, applicant
):
    assert enterprise.status == RegistrationStatus.SUBMITTED and enterprise.submission_count == 1
    assert enterprise.licence.name.startswith(
        "registry/licences/"
    ) and enterprise.licence.name.endswith(".pdf")
    assert (
        enterprise.legal_rep_id_masked.startswith("330") and "*" in enterprise.legal_rep_id_masked
    )
    role = RoleAssignment.objects.get(user=applicant)
    assert (role.role, role.region_code, role.organisation_id) == (
        Role.APPLICANT,
        "330602",
        enterprise.pk,
    )
    assert applicant.check_password(PASSWORD)
    assert list(enterprise.changes.values_list("action", "to_status")) == [("submit", "submitted")]
    assert AuditEvent.objects.filter(
        action="registry.organisation.register", object_id=str(enterprise.pk)
    ).exists()


def test_the_id_check_digit_message_reaches_the_person():
    good = id_for("330602")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        register(legal_rep_id_number=bad)
    assert fields_of(exc)["legal_rep_id_number"] == ["身份证号码校验位错误，请核对最后一位"]
    assert exc.value.message == "身份证号码校验位错误，请核对最后一位"
    assert not Organisation.objects.exists() and not get_user_model().objects.exists()


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_register(
            actor=None,
            data=services.RegistrationData(
                kind="enterprise",
                name="",
                region_code="33060",
                uscc="91330602MA2BCDEF1A",
                legal_rep_name="张三",
                legal_rep_id_number="123",
                contact_name="",
                contact_phone="123",
            ),
            account=services.AccountData(username="a b", password="123"),
            licence=None,
        )
    fields = fields_of(exc)
    assert fields["uscc"] == ["统一社会信用代码校验位错误，请核对最后一位"]
    assert fields["legal_rep_id_number"] == ["身份证号码应为18位，您填写了3位"]
    assert fields["region_code"] == [
        "请从列表中选择所在地区（省、市、区县）：该行政区划代码不在国家标准（GB/T 2260）中"
    ]
    assert fields["name"] == ["请填写名称"] and fields["contact_name"] == ["请填写联系人"]
    assert "联系电话应为11位手机号码" in fields["contact_phone"][0]
    assert fields["licence"] == [
        "请上传营业执照（登记证书）（PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）格式，"
        "不超过10MB）"
    ]
    assert "用户名只能包含" in fields["username"][0]
    assert exc.value.message.startswith("登记信息有误，共")


@pytest.mark.parametrize(
    "upload,message",
    [
        (pdf("licence.exe", b"MZ..."), "只接受 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx） 格式"),
        (pdf("licence.pdf", b"\x89PNG\r\n\x1a\n...."), "内容与扩展名“.pdf”不符"),
        (pdf("licence.pdf", b""), "是空文件"),
        (pdf("licence.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "不能超过10MB"),
    ],
)
def test_licence_type_and_size(upload, message):
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_register(
            actor=None,
            data=registration(),
            account=services.AccountData(username="u1", password=PASSWORD),
            licence=upload,
        )
    assert message in fields_of(exc)["licence"][0]


def test_credit_code_is_unique_and_username_too(enterprise):
    with pytest.raises(ValidationFailed) as exc:
        register(uscc=enterprise.uscc, username="yc-applicant")
    assert "已经登记" in fields_of(exc)["uscc"][0]
    assert "已被使用" in fields_of(exc)["username"][0]


def test_provider_needs_its_kind_and_team_needs_an_approved_incubator(yuecheng):
    with pytest.raises(ValidationFailed) as exc:
        register(kind=OrganisationKind.PROVIDER)
    assert "请选择服务机构类型" in fields_of(exc)["provider_kind"][0]
    provider = register(kind=OrganisationKind.PROVIDER, provider_kind="university")
    assert provider.provider_kind == "university"
    assert RoleAssignment.objects.get(organisation=provider).role == Role.PROVIDER_STAFF
    with pytest.raises(ValidationFailed) as exc:
        register(kind=OrganisationKind.TEAM, uscc="", host_incubator_id=provider.pk, licence=False)
    assert "已通过登记的入驻孵化载体" in fields_of(exc)["host_incubator_id"][0]


def test_incubator_agent_registers_a_resident_team(yuecheng):
    incubator = register(kind=OrganisationKind.INCUBATOR, username="agent")
    agent = get_user_model().objects.get(username="agent")
    with pytest.raises(PermissionDenied):
        services.organisation_register(
            actor=agent, data=registration(kind=OrganisationKind.TEAM, uscc="")
        )
    services.registration_review(actor=yuecheng, organisation=incubator, action="approve")
    team = services.organisation_register(
        actor=agent, data=registration(kind=OrganisationKind.TEAM, uscc="")
    )
    assert team.host_incubator == incubator and team.status == RegistrationStatus.SUBMITTED

    assert organisation_get(actor=agent, pk=team.pk) == team
    assert (
        organisation_quote_facts(organisation=team, on=team.created_at.date())["in_incubator"]
        is True
    )


# --- the transition table: every state × every action ------------------------------------


def _org_in(status, enterprise, yuecheng, applicant):
    if status == RegistrationStatus.RETURNED:
        services.registration_review(
            actor=yuecheng, organisation=enterprise, action="return", reasons=["补充材料"]
        )
    elif status in (RegistrationStatus.APPROVED, RegistrationStatus.REJECTED):
        action = "approve" if status == RegistrationStatus.APPROVED else "reject"
        services.registration_review(
            actor=yuecheng, organisation=enterprise, action=action, reasons=["理由"]
        )
    enterprise.refresh_from_db()
    assert enterprise.status == status
    return enterprise


@pytest.mark.parametrize("status", list(RegistrationStatus))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_state_and_action(status, action, enterprise, yuecheng, applicant):
    org = _org_in(status, enterprise, yuecheng, applicant)
    transition = TRANSITIONS[action]
    actor = yuecheng if transition.by == "reviewer" else applicant
    before = RegistrationChange.objects.filter(organisation=org).count()
    if status in transition.sources:
        result = services.apply_transition(
            actor=actor, organisation=org, action=action, reasons=["请补充营业执照"]
        )
        assert result.status == transition.target
        change = RegistrationChange.objects.filter(organisation=org).last()
        assert (change.action, change.from_status, change.to_status) == (
            action,
            status,
            transition.target,
        )
        assert AuditEvent.objects.filter(
            action=f"registry.registration.{action}", object_id=str(org.pk)
        ).exists()
    else:
        with pytest.raises(Conflict) as exc:
            services.apply_transition(
                actor=actor, organisation=org, action=action, reasons=["请补充营业执照"]
            )
        assert "不能" in exc.value.message
        org.refresh_from_db()
        assert org.status == status
        assert RegistrationChange.objects.filter(organisation=org).count() == before


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_only_the_reviewer_of_the_region_reviews(action, enterprise, applicant, tianshan):
    for actor in (applicant, tianshan):
        with pytest.raises(PermissionDenied):
            services.registration_review(
                actor=actor, organisation=enterprise, action=action, reasons=["x"]
            )
    enterprise.refresh_from_db()
    assert enterprise.status == RegistrationStatus.SUBMITTED


def test_city_reviewer_may_review_its_counties(enterprise, make_user):
    city = make_user("sx-city", Role.CITY_REVIEWER, "330600")
    assert (
        services.registration_review(actor=city, organisation=enterprise, action="approve").status
        == RegistrationStatus.APPROVED
    )


def test_return_and_reject_need_reasons(enterprise, yuecheng):
    for action in ("return", "reject"):
        with pytest.raises(ValidationFailed) as exc:
            services.registration_review(
                actor=yuecheng, organisation=enterprise, action=action, reasons=["  "]
            )
        assert exc.value.code == Code.REASONS_REQUIRED


def test_compare_and_swap_refuses_a_stale_decision(enterprise, yuecheng, make_user):
    other = make_user("yc-2", Role.COUNTY_REVIEWER, "330602")
    stale = Organisation.objects.get(pk=enterprise.pk)
    services.registration_review(actor=yuecheng, organisation=enterprise, action="approve")
    with pytest.raises(Conflict) as exc:
        # `stale` still says "submitted": the conditional update finds no row and refuses.
        services.apply_transition(
            actor=other, organisation=stale, action="reject", reasons=["不符合条件"]
        )
    assert exc.value.code == Code.STALE_STATUS
    assert Organisation.objects.get(pk=enterprise.pk).status == RegistrationStatus.APPROVED
    assert RegistrationChange.objects.filter(organisation=enterprise, action="reject").count() == 0


def test_resubmission_after_return_keeps_history(enterprise, yuecheng, applicant):
    services.registration_review(
        actor=yuecheng,
        organisation=enterprise,
        action="return",
        reasons=["营业执照不清晰", "联系电话有误"],
    )
    data = registration(
        name="越城新名称科技有限公司",
        uscc=enterprise.uscc,
        legal_rep_id_number=id_for("330602"),
        contact_phone="0575-88001234",
    )
    org = services.organisation_resubmit(
        actor=applicant,
        organisation=enterprise,
        data=data,
        licence=pdf("new.pdf"),
        note="已重新上传",
    )
    assert org.status == RegistrationStatus.SUBMITTED and org.submission_count == 2
    assert org.name == "越城新名称科技有限公司" and org.contact_phone == "0575-88001234"
    history = list(org.changes.values_list("action", "to_status", "submission_no"))
    assert history == [
        ("submit", "submitted", 1),
        ("return", "returned", 1),
        ("resubmit", "submitted", 2),
    ]
    assert org.changes.get(action="return").reasons == ["营业执照不清晰", "联系电话有误"]
    services.registration_review(actor=yuecheng, organisation=org, action="approve")
    assert org.changes.count() == 4


def test_resubmission_is_validated_like_registration(enterprise, yuecheng, applicant, tianshan):
    services.registration_review(
        actor=yuecheng, organisation=enterprise, action="return", reasons=["x"]
    )
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_resubmit(
            actor=applicant,
            organisation=enterprise,
            data=registration(uscc=enterprise.uscc, legal_rep_id_number="110105194912310021"),
        )
    assert fields_of(exc)["legal_rep_id_number"] == ["身份证号码校验位错误，请核对最后一位"]
    with pytest.raises(PermissionDenied):
        services.organisation_resubmit(
            actor=tianshan, organisation=enterprise, data=registration(uscc=enterprise.uscc)
        )


def test_official_bodies_are_created_by_the_system_administrator(sysadmin, applicant):
    with pytest.raises(PermissionDenied):
        services.organisation_create_official(
            actor=applicant, kind="gov_city", name="绍兴市科技局", region_code="330600"
        )
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_create_official(
            actor=sysadmin, kind="gov_city", name="绍兴市科技局", region_code="330602"
        )
    assert "层级不符" in fields_of(exc)["region_code"][0]
    org = services.organisation_create_official(
        actor=sysadmin, kind="gov_city", name="绍兴市科技局", region_code="330600"
    )
    assert org.status == RegistrationStatus.APPROVED and org.is_official


def test_contact_and_bank_account(enterprise, applicant, tianshan):
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_set_bank_account(
            actor=applicant,
            organisation=enterprise,
            bank_name="",
            account_name="x",
            account_number="12ab",
        )
    assert fields_of(exc)["account_number"] == ["银行账号只能由数字组成（可省略空格）"]
    assert "须与登记名称" in fields_of(exc)["account_name"][0]
    assert fields_of(exc)["bank_name"] == ["请填写开户银行"]
    org = services.organisation_set_bank_account(
        actor=applicant,
        organisation=enterprise,
        bank_name="中国银行绍兴分行",
        account_name=enterprise.name,
        account_number="6216 6100 0012 3456 780",
    )
    assert org.bank_account_masked == "621************6780"
    with pytest.raises(PermissionDenied):
        services.organisation_update_contact(
            actor=tianshan,
            organisation=enterprise,
            contact_name="王五",
            contact_phone="13900001111",
        )
    assert (
        services.organisation_update_contact(
            actor=applicant,
            organisation=enterprise,
            contact_name="王五",
            contact_phone="13900001111",
        ).contact_name
        == "王五"
    )


def test_review_deadline_counts_chinese_working_days(enterprise):
    import datetime as dt

    from django.utils import timezone

    Organisation.objects.filter(pk=enterprise.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2026, 9, 29, 10))
    )
    enterprise.refresh_from_db()
    # Without the 2026 holiday arrangement: plain weekdays (Sep 30, Oct 1, 2, 5, 6).
    work_calendar_invalidate()
    assert review_deadline(enterprise) == dt.date(2026, 10, 6)
    calendar_seed_chinesecalendar(actor=None, years=[2026])
    work_calendar_invalidate()
    # With it: National Day and Mid-Autumn holidays are skipped, adjusted Saturdays count.
    deadline = review_deadline(enterprise)
    assert deadline > dt.date(2026, 10, 6)

    assert deadline == add_working_days(dt.date(2026, 9, 29), 5)


def test_an_unknown_action_is_the_engines_uniform_refusal(enterprise, yuecheng):
    with pytest.raises(ValidationFailed) as exc:
        services.registration_review(actor=yuecheng, organisation=enterprise, action="bogus")
    assert exc.value.code == Code.UNKNOWN_ACTION
    assert exc.value.details["fields"]["action"]
    with pytest.raises(PermissionDenied):  # a party's action is not a review
        services.registration_review(actor=yuecheng, organisation=enterprise, action="resubmit")


def test_registration_and_resubmission_write_the_name_search_keys(enterprise, yuecheng, applicant):
    assert enterprise.name_initials.startswith("cskj")
    services.registration_review(
        actor=yuecheng, organisation=enterprise, action="return", reasons=["名称有误"]
    )
    enterprise.refresh_from_db()
    data = registration("330602", name="越城创新", uscc=enterprise.uscc)
    services.organisation_resubmit(actor=applicant, organisation=enterprise, data=data)
    enterprise.refresh_from_db()
    assert (enterprise.name_initials, enterprise.name_pinyin) == ("yccx", "yuechengchuangxin")
