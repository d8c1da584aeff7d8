"""Ningxia's minimum team, experts filtered by region, every state × action of the admission
table, Chinese labels in the history, and the to-dos of the reviewed route."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.notifications.selectors import todo_list_for_actor
from innovoucher.providers import selectors, services
from innovoucher.providers.models import ProviderAdmission
from innovoucher.providers.states import (
    ADMISSION_ACTION_LABELS,
    COUNTY,
    SYSTEM,
    TRANSITIONS,
    AdmissionStatus,
)
from innovoucher.registry import services as registry
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


pytestmark = pytest.mark.django_db


@pytest.fixture
def nx_university(provider_in):
    return provider_in("640104", "university")  # not a direct kind in Ningxia: the reviewed route


def test_ningxia_minimum_staff_cites_the_article(nx_university):
    org, staff, _ = nx_university
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(actor=staff, organisation=org, family="ningxia")
    assert (
        exc.value.message
        == "“宁夏回族自治区科技创新券”审核入库要求专职服务团队不少于10人（「服务机构入库」），"
        "请填写本机构的专职服务人员数"
    )
    assert exc.value.details["fields"]["staff"]
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(actor=staff, organisation=org, family="ningxia", staff="9")
    assert "您申报的专职服务人员为9人" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.admission_apply(actor=staff, organisation=org, family="ningxia", staff="十")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="ningxia", staff="10"
    )  # 不少于 includes 10
    assert adm.status == AdmissionStatus.APPLIED and adm.declared_staff == 10


def test_ningxia_minimum_staff_from_the_employees_fact(nx_university):
    org, staff, reviewer = nx_university
    registry.fact_record(
        actor=reviewer,
        organisation=org,
        kind="employees",
        value="12",
        valid_from="2026-01-01",
        expires_on="2027-12-31",
        evidence_ref="社保缴费人数",
    )
    adm = services.admission_apply(actor=staff, organisation=org, family="ningxia")
    assert adm.declared_staff == 12


def test_direct_route_and_other_policies_have_no_minimum(provider_in, make_provider):
    org, staff, _ = provider_in("640104", "testing_agency")
    assert (
        services.admission_apply(actor=staff, organisation=org, family="ningxia").status
        == AdmissionStatus.ADMITTED
    )
    org2, staff2 = make_provider("testing_agency")
    assert (
        services.admission_apply(
            actor=staff2, organisation=org2, family="shaoxing", certificates=[cert()]
        ).declared_staff
        is None
    )


def test_experts_are_filtered_by_region(make_provider, yuecheng, make_user):
    org, staff = make_provider("testing_agency")  # 越城区 330602, Shaoxing (330600)
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    zhejiang = make_user("zj-expert", Role.EXPERT, "330000")
    shaoxing = make_user("sx-expert", Role.EXPERT, "330600")
    xinjiang = make_user("xj-expert", Role.EXPERT, "650000")
    national = make_user("cn-expert", Role.EXPERT, "100000")
    assert set(selectors.experts_for_admission(actor=yuecheng, admission=adm)) == {
        zhejiang,
        shaoxing,
        national,
    }
    with pytest.raises(ValidationFailed) as exc:
        services.admission_assign_experts(actor=yuecheng, admission=adm, experts=[xinjiang])
    assert "不覆盖服务机构所在地区（330602）或政策地区（330600）" in exc.value.message
    assert (
        len(
            services.admission_assign_experts(
                actor=yuecheng, admission=adm, experts=[zhejiang, shaoxing]
            )
        )
        == 2
    )


def _admission_in(status, make_provider):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    ProviderAdmission.objects.filter(pk=adm.pk).update(
        status=status, admitted_on=clock.today() if status == "admitted" else None
    )
    adm.refresh_from_db()
    return adm


@pytest.mark.parametrize("status", [s.value for s in AdmissionStatus])
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_state_and_action(make_provider, yuecheng, city_reviewer, status, action):
    adm = _admission_in(status, make_provider)
    t = TRANSITIONS[action]
    actor = yuecheng if t.by == COUNTY else city_reviewer
    values = {"admitted_on": clock.today()} if t.target == AdmissionStatus.ADMITTED else {}
    call = dict(
        actor=actor,
        admission=adm,
        action=action,
        reasons=["理由"],
        values=values,
        system=t.by == SYSTEM,
    )
    if status in t.sources:
        adm = services.apply_transition(**call)
        assert adm.status == t.target and adm.changes.last().action == action
    else:
        with pytest.raises(Conflict):
            services.apply_transition(**call)


def test_history_actions_have_chinese_labels(client, make_provider, yuecheng):
    assert set(ADMISSION_ACTION_LABELS) == {"apply", "direct", *TRANSITIONS}
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    client.force_login(yuecheng)
    page = client.get(f"/providers/admissions/{adm.pk}/").content.decode()
    assert (
        "<td>提交入库申请</td>" in page
        and "<td>初审推荐</td>" in page
        and "initial_pass</td>" not in page
    )


def test_reviewed_route_todos_follow_the_steps(
    make_provider, yuecheng, city_reviewer, experts, tianshan
):
    org, staff = make_provider("testing_agency")
    with clock.frozen_now(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        adm = services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
        titles = lambda user: [t.title for t in todo_list_for_actor(actor=user)]  # noqa: E731
        assert f"初审服务机构入库申请：{org.name}" in titles(yuecheng)
        assert titles(city_reviewer) == [] and titles(tianshan) == []
        services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
        assert f"指派评审专家：{org.name}" in titles(yuecheng)
        services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:1])
        assert (
            titles(experts[0]) == [f"评审服务机构入库申请：{org.name}"] and titles(experts[1]) == []
        )
        services.admission_score(actor=experts[0], admission=adm, score=80)
        assert titles(experts[0]) == []
        assert f"会议审议服务机构入库：{org.name}" in titles(city_reviewer)
        adm.refresh_from_db()
        services.admission_transition(actor=city_reviewer, admission=adm, action="meeting_approve")
        assert titles(city_reviewer) == []  # publicity running
    with clock.frozen_now(dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC)):
        items = [t for t in todo_list_for_actor(actor=city_reviewer) if org.name in t.title]
        assert (
            items[0].title == f"公示期满，办理入库：{org.name}"
            and items[0].due_on == dt.date(2026, 11, 10)
            and items[0].overdue
        )


def test_provider_staff_cannot_act_as_reviewer(make_provider):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    with pytest.raises(PermissionDenied):
        services.admission_assign_experts(actor=staff, admission=adm, experts=[])
