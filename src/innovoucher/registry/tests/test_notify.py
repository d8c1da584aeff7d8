"""Every waiting step of the registry tells the person it waits on: an in-app message (with its
deadline where one exists) and an e-mail after commit — once per business key."""

import datetime as dt

import pytest
from django.core import mail

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.notifications.models import Notification
from innovoucher.registry import services
from innovoucher.registry.services.registration import _ask_review
from innovoucher.registry.tests.conftest import id_for, pdf, register

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)


def _mail(user):
    user.email = f"{user.username}@example.cn"
    user.save()
    return user


@pytest.fixture
def reviewer(yuecheng):
    return _mail(yuecheng)


@pytest.fixture
def firm(reviewer, django_capture_on_commit_callbacks):
    with clock.frozen_now(MONDAY), django_capture_on_commit_callbacks(execute=True):
        org = register("330602", username="firm-user", contact_email="firm@example.cn")
    return org


def _user(org):
    return org.role_assignments.get().user


def test_registration_submitted_tells_the_county_reviewer_with_a_deadline(firm, reviewer, tianshan):
    note = Notification.objects.get(recipient=reviewer)
    assert note.subject == f"主体登记待审核：{firm.name}" and note.due_on == dt.date(2026, 3, 9)
    assert note.url == f"/registry/organisations/{firm.pk}/"
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert not Notification.objects.filter(recipient=tianshan).exists()  # another county


def test_city_reviewer_is_told_when_no_county_reviewer_covers_the_region(make_user):
    city = make_user("sx-city", Role.CITY_REVIEWER, "330600")
    register("330602")
    assert Notification.objects.filter(recipient=city).count() == 1


@pytest.mark.parametrize(
    "action,reasons,subject",
    [
        ("approve", [], "主体登记审核结果：审核通过"),
        ("return", ["营业执照不清晰"], "主体登记审核结果：退回修改"),
        ("reject", ["不属于支持对象"], "主体登记审核结果：不予通过"),
    ],
)
def test_review_result_tells_the_party(
    firm, reviewer, action, reasons, subject, django_capture_on_commit_callbacks
):
    user = _user(firm)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_review(
            actor=reviewer, organisation=firm, action=action, reasons=reasons
        )
    note = Notification.objects.get(recipient=user)
    assert note.subject == subject and all(r in note.body for r in reasons)
    assert mail.outbox[-1].to == ["firm@example.cn"]
    if action == "return":
        assert note.url == f"/registry/organisations/{firm.pk}/resubmit/"


def test_resubmission_tells_the_reviewer_again(firm, reviewer, django_capture_on_commit_callbacks):
    services.registration_review(
        actor=reviewer, organisation=firm, action="return", reasons=["请补充地址"]
    )
    data = services.RegistrationData(
        kind=firm.kind,
        name=firm.name,
        region_code="330602",
        uscc=firm.uscc,
        address="越城区1号",
        legal_rep_name="张三",
        legal_rep_id_number="",
        contact_name="李四",
        contact_phone="13800001111",
    )
    data.legal_rep_id_number = id_for("330602")
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_resubmit(actor=_user(firm), organisation=firm, data=data)
    subjects = list(
        Notification.objects.filter(recipient=reviewer).values_list("subject", flat=True)
    )
    assert f"主体登记待审核：{firm.name}（第2次提交）" in subjects


def test_fact_declared_tells_the_reviewer_and_a_refusal_tells_the_party(
    firm, reviewer, django_capture_on_commit_callbacks
):
    services.registration_review(actor=reviewer, organisation=firm, action="approve")
    user = _user(firm)
    with django_capture_on_commit_callbacks(execute=True):
        fact = services.fact_record(
            actor=user,
            organisation=firm,
            kind="employees",
            value="30",
            valid_from="2026-01-01",
            expires_on="2026-12-31",
            evidence_ref="社保缴费证明",
        )
    note = Notification.objects.get(recipient=reviewer, key=f"registry:fact:{fact.pk}:declared")
    assert "资格信息待核验" in note.subject and note.due_on is not None
    assert mail.outbox[-1].to == [reviewer.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.fact_verify(actor=reviewer, fact=fact, accept=False, note="证明不清晰")
    assert Notification.objects.filter(
        recipient=user, subject="资格信息核验未通过：从业人数"
    ).exists()
    # A fact the reviewer records is verified at once: nobody waits, nobody is told.
    before = Notification.objects.count()
    services.fact_record(
        actor=reviewer,
        organisation=firm,
        kind="tech_sme",
        value=True,
        valid_from="2026-01-01",
        expires_on="2026-12-31",
        evidence_ref="入库编号",
    )
    assert Notification.objects.count() == before


def test_change_filing_tells_the_reviewer_then_the_party(
    firm, reviewer, django_capture_on_commit_callbacks
):
    services.registration_review(actor=reviewer, organisation=firm, action="approve")
    user = _user(firm)
    with django_capture_on_commit_callbacks(execute=True):
        filing = services.filing_submit(
            actor=user,
            organisation=firm,
            values={"address": "越城区新址8号"},
            reason="迁址",
            evidence=pdf(),
        )
    note = Notification.objects.get(recipient=reviewer, key=f"registry:filing:{filing.pk}:submit:1")
    assert note.url == f"/registry/filings/{filing.pk}/" and note.due_on is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.filing_review(
            actor=reviewer, filing=filing, action="return", reasons=["请上传新的租赁合同"]
        )
    assert (
        Notification.objects.get(
            recipient=user, key=f"registry:filing:{filing.pk}:return:1"
        ).subject
        == "变更备案审核结果：退回补正"
    )
    assert mail.outbox[-1].to == ["firm@example.cn"]


def test_the_same_step_notifies_once(firm, reviewer):

    _ask_review(firm)
    _ask_review(firm)
    assert Notification.objects.filter(recipient=reviewer).count() == 1
