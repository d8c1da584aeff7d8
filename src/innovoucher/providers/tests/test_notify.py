"""Each waiting step of provider admission and recognition tells the person it waits on (in-app
message and e-mail after commit), once per step."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.notifications.models import Notification
from innovoucher.providers import services
from innovoucher.registry.tests.conftest import pdf
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


pytestmark = pytest.mark.django_db


def _mail(*users):
    for u in users:
        u.email = f"{u.username}@example.cn"
        u.save()


def _subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_reviewed_route_notifies_each_waiting_person(
    make_provider, yuecheng, city_reviewer, experts, tianshan, django_capture_on_commit_callbacks
):
    org, staff = make_provider("testing_agency", name="绍兴检测公司")
    _mail(yuecheng, city_reviewer, staff, *experts)
    with django_capture_on_commit_callbacks(execute=True):
        adm = services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
    assert "服务机构入库申请待初审：绍兴检测公司" in _subjects(yuecheng)
    assert mail.outbox[-1].to == [yuecheng.email] and not _subjects(tianshan)
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    assert any(s.startswith("入库申请初审推荐") for s in _subjects(staff))
    with django_capture_on_commit_callbacks(execute=True):
        services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:2])
    for e in experts[:2]:
        assert _subjects(e) == ["请评审服务机构入库申请：绍兴检测公司"]
    assert {m.to[0] for m in mail.outbox[-2:]} == {experts[0].email, experts[1].email}
    assert _subjects(experts[2]) == []
    services.admission_score(actor=experts[0], admission=adm, score=80)
    assert not any("会议审议" in s for s in _subjects(city_reviewer))  # one expert still to answer
    services.admission_score(
        actor=experts[1], admission=adm, conflict=True, conflict_note="曾任顾问"
    )
    assert "入库评审待会议审议：绍兴检测公司" in _subjects(city_reviewer)
    adm.refresh_from_db()
    services.admission_transition(actor=city_reviewer, admission=adm, action="meeting_approve")
    assert any(s.startswith("入库申请进入公示") for s in _subjects(staff))
    adm.refresh_from_db()
    services.admission_transition(
        actor=city_reviewer,
        admission=adm,
        action="publicity_objection",
        reasons=["公示期收到实名异议"],
    )
    note = Notification.objects.filter(recipient=staff, subject__contains="公示有异议").get()
    assert "公示期收到实名异议" in note.body


def test_direct_admission_and_suspension_tell_the_provider(make_provider, yuecheng):
    org, staff = make_provider("university")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert any(s.startswith("已直接入库") for s in _subjects(staff))
    assert not any("待初审" in s for s in _subjects(yuecheng))
    services.admission_transition(
        actor=yuecheng, admission=adm, action="suspend", reasons=["年度评价为差"]
    )
    assert any("暂停服务" in s for s in _subjects(staff))


def test_recognition_filed_and_decided(
    make_provider, ningxia_official, django_capture_on_commit_callbacks
):
    org, staff = make_provider("key_lab", region="650102")
    _mail(ningxia_official, staff)
    with django_capture_on_commit_callbacks(execute=True):
        rec = services.recognition_file(
            actor=staff,
            organisation=org,
            family="ningxia",
            basis="local_department",
            recognising_body="新疆科技厅",
            document_no="新科〔2026〕1号",
            valid_from="2026-01-01",
            valid_until="2027-12-31",
            evidence=pdf(),
        )
    assert _subjects(ningxia_official) == [f"区外服务机构认定待确认：{org.name}"]
    assert mail.outbox[-1].to == [ningxia_official.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_transition(actor=ningxia_official, recognition=rec, action="confirm")
    assert "区外服务机构认定已确认：宁夏回族自治区科技创新券" in _subjects(staff)
    assert mail.outbox[-1].to == [staff.email]
