"""Out-of-region providers: in the policy's list → accepted; outside → refused with a message
naming the route; recognised by the route (confirmed by an official of the policy's region) →
accepted. The recognition lifecycle, its scoping and its pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.providers import selectors, services
from innovoucher.providers.codes import Code
from innovoucher.providers.models import ProviderRecognition
from innovoucher.providers.states import (
    OFFICIAL,
    RECOGNITION_TRANSITIONS,
    AdmissionRoute,
    AdmissionStatus,
    RecognitionStatus,
)
from innovoucher.registry.tests.conftest import PASSWORD, pdf
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


pytestmark = pytest.mark.django_db


def _file(staff, org, family="ningxia", **overrides):
    values = {
        "basis": "local_department",
        "recognising_body": "新疆维吾尔自治区科学技术厅",
        "document_no": "新科认〔2026〕3号",
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
        "evidence": pdf(),
    }
    values.update(overrides)
    return services.recognition_file(actor=staff, organisation=org, family=family, **values)


def test_a_provider_in_the_listed_regions_is_accepted(provider_in):
    org, staff, _ = provider_in(
        "320102", "testing_agency"
    )  # 南京 — Shaoxing admits the Yangtze delta
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert (
        adm.status == AdmissionStatus.APPLIED
        and adm.recognition is None
        and adm.review_region_code == ""
    )


def test_outside_the_list_is_refused_naming_the_route(make_provider):
    org, staff = make_provider("key_lab", region="650102")
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(actor=staff, organisation=org, family="ningxia")
    assert exc.value.code == Code.REGION_NOT_RECOGNISED
    assert "不在“宁夏回族自治区科技创新券”认可的地区范围内（「服务机构入库」）" in exc.value.message
    assert "经当地科技管理部门认定" in exc.value.message and "区外服务机构认定" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
    assert "该政策未规定区外服务机构的认定途径" in exc.value.message


def test_recognised_provider_is_accepted(make_provider, ningxia_official):
    org, staff = make_provider("key_lab", region="650102")
    rec = _file(staff, org)
    assert rec.status == RecognitionStatus.SUBMITTED and rec.article == "「服务机构入库」"
    with pytest.raises(ValidationFailed):  # not confirmed yet
        services.admission_apply(actor=staff, organisation=org, family="ningxia")
    services.recognition_transition(actor=ningxia_official, recognition=rec, action="confirm")
    rec.refresh_from_db()
    assert rec.decided_by == ningxia_official and rec.decided_at is not None
    assert list(rec.changes.values_list("action", "to_status")) == [
        ("file", "submitted"),
        ("confirm", "confirmed"),
    ]
    assert list(
        AuditEvent.objects.filter(object_id=str(rec.pk), action__startswith="providers.recog")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["providers.recognition.file", "providers.recognition.confirm"]
    adm = services.admission_apply(actor=staff, organisation=org, family="ningxia")
    assert (adm.route, adm.status) == (
        AdmissionRoute.DIRECT,
        AdmissionStatus.ADMITTED,
    )  # key labs are admitted directly
    assert adm.recognition == rec and adm.review_region_code == "640000"
    assert selectors.recognition_get(actor=ningxia_official, pk=rec.pk) == rec


def test_recognised_reviewed_route_is_reviewed_by_the_policy_region(
    make_provider, ningxia_official, tianshan
):
    org, staff = make_provider(
        "university", region="650102"
    )  # universities go the reviewed route in Ningxia
    rec = _file(staff, org)
    services.recognition_transition(actor=ningxia_official, recognition=rec, action="confirm")
    adm = services.admission_apply(actor=staff, organisation=org, family="ningxia", staff=12)
    assert adm.status == AdmissionStatus.APPLIED
    assert selectors.admission_get(actor=ningxia_official, pk=adm.pk) == adm
    with pytest.raises(PermissionDenied):  # the provider's own county does not review for Ningxia
        services.admission_transition(actor=tianshan, admission=adm, action="initial_pass")
    adm = services.admission_transition(
        actor=ningxia_official, admission=adm, action="initial_pass"
    )
    assert adm.status == AdmissionStatus.EXPERT_REVIEW


def test_an_expired_or_refused_recognition_does_not_count(make_provider, ningxia_official):
    org, staff = make_provider("key_lab", region="650102")
    rec = _file(staff, org, valid_until="2026-12-31")
    services.recognition_transition(actor=ningxia_official, recognition=rec, action="confirm")
    with clock.frozen_now(dt.date(2027, 1, 4)), pytest.raises(ValidationFailed):
        services.admission_apply(actor=staff, organisation=org, family="ningxia")
    other, other_staff = make_provider("key_lab", region="650102")
    refused = _file(other_staff, other)
    services.recognition_transition(
        actor=ningxia_official, recognition=refused, action="refuse", reasons=["文件未加盖公章"]
    )
    with pytest.raises(ValidationFailed):
        services.admission_apply(actor=other_staff, organisation=other, family="ningxia")


def test_filing_is_checked(make_provider, provider_in):
    org, staff = make_provider("key_lab", region="650102")
    with pytest.raises(ValidationFailed) as exc:
        _file(staff, org, family="shaoxing")
    assert "未规定区外服务机构的认定途径" in exc.value.message
    inside, inside_staff, _ = provider_in("640104", "key_lab")
    with pytest.raises(ValidationFailed) as exc:
        _file(inside_staff, inside)
    assert "无需办理区外认定" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        _file(
            staff,
            org,
            basis="",
            recognising_body="",
            document_no="",
            valid_from="2026-05-01",
            valid_until="2026-04-01",
            evidence=None,
        )
    fields = exc.value.details["fields"]
    assert set(fields) == {"basis", "recognising_body", "document_no", "valid_until", "evidence"}
    _file(staff, org)
    with pytest.raises(Conflict):
        _file(staff, org)


@pytest.mark.parametrize("status", [s.value for s in RecognitionStatus])
@pytest.mark.parametrize("action", list(RECOGNITION_TRANSITIONS))
def test_every_state_and_action(make_provider, ningxia_official, status, action):
    org, staff = make_provider("key_lab", region="650102")
    rec = _file(staff, org)
    ProviderRecognition.objects.filter(pk=rec.pk).update(status=status)
    rec.refresh_from_db()
    t = RECOGNITION_TRANSITIONS[action]
    actor = ningxia_official if t.by == OFFICIAL else staff
    if status in t.sources:
        rec = services.recognition_transition(
            actor=actor, recognition=rec, action=action, reasons=["理由"]
        )
        assert rec.status == t.target and rec.changes.last().action == action
    else:
        with pytest.raises(Conflict):
            services.recognition_transition(
                actor=actor, recognition=rec, action=action, reasons=["理由"]
            )


def test_only_the_policy_regions_officials_decide_and_see(
    make_provider, ningxia_official, make_user, tianshan
):
    org, staff = make_provider("key_lab", region="650102")
    rec = _file(staff, org)
    shanxi = make_user("sx-province", Role.PROVINCE_REVIEWER, "140000")
    for actor in (shanxi, staff):
        with pytest.raises(PermissionDenied):
            services.recognition_transition(actor=actor, recognition=rec, action="confirm")
    with pytest.raises(NotFound):
        selectors.recognition_get(actor=shanxi, pk=rec.pk)
    other, other_staff = make_provider("key_lab", region="650102")
    with pytest.raises(NotFound):
        selectors.recognition_get(actor=other_staff, pk=rec.pk)
    with pytest.raises(ValidationFailed):
        services.recognition_transition(
            actor=ningxia_official, recognition=rec, action="refuse"
        )  # reasons required
    assert list(selectors.recognition_list_for_official(actor=ningxia_official)) == [rec]
    assert list(selectors.recognition_list_for_official(actor=shanxi)) == []


def test_recognition_pages(client, make_provider, ningxia_official):
    org, staff = make_provider("key_lab", region="650102")
    client.login(username=staff.username, password=PASSWORD)
    r = client.post(
        "/providers/recognitions/",
        {
            "provider": org.pk,
            "family": "ningxia",
            "basis": "local_department",
            "recognising_body": "新疆维吾尔自治区科学技术厅",
            "document_no": "",
            "valid_from": "2026-01-01",
            "valid_until": "2027-12-31",
        },
    )
    body = r.content.decode()
    assert (
        r.status_code == 422 and "请填写文件编号" in body and "新疆维吾尔自治区科学技术厅" in body
    )
    r = client.post(
        "/providers/recognitions/",
        {
            "provider": org.pk,
            "family": "ningxia",
            "basis": "local_department",
            "recognising_body": "新疆维吾尔自治区科学技术厅",
            "document_no": "新科认〔2026〕3号",
            "valid_from": "2026-01-01",
            "valid_until": "2027-12-31",
            "evidence": pdf(),
        },
    )
    rec = ProviderRecognition.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/providers/recognitions/{rec.pk}/"
    assert "撤回" in client.get(r["Location"]).content.decode()
    client.logout()
    client.force_login(ningxia_official)
    assert org.name in client.get("/providers/recognitions/").content.decode()
    assert client.get(f"/providers/recognitions/{rec.pk}/evidence/").status_code == 200
    client.post(f"/providers/recognitions/{rec.pk}/", {"action": "confirm"})
    rec.refresh_from_db()
    assert rec.status == RecognitionStatus.CONFIRMED
    assert (
        "确认认定" in client.get(f"/providers/recognitions/{rec.pk}/").content.decode()
    )  # in the history


def test_urumqi_admits_providers_inside_and_outside_the_city(provider_in):
    """Urumqi art. 8: 市域内外具有独立法人资格的服务机构 — an out-of-city provider is not refused
    and needs no recognition by its local department (it still may not claim itself, art. 15)."""
    org, staff, _ = provider_in("310104", "key_lab")  # 上海市徐汇区
    adm = services.admission_apply(actor=staff, organisation=org, family="urumqi")
    assert adm.recognition is None and adm.status != AdmissionStatus.REJECTED
    far, far_staff, _ = provider_in("320102", "testing_agency")  # 南京, the reviewed route
    reviewed = services.admission_apply(actor=far_staff, organisation=far, family="urumqi")
    assert reviewed.route == "reviewed" and reviewed.recognition is None
