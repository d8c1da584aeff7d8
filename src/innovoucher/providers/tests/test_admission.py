import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.providers import selectors, services
from innovoucher.providers.codes import Code
from innovoucher.providers.models import ProviderAdmission
from innovoucher.providers.services.admission import admission_rules
from innovoucher.providers.states import TRANSITIONS, AdmissionRoute, AdmissionStatus, actions_from
from testsupport.world import PDF


def cert():
    """A qualification certificate (Shaoxing 三（二）2 asks for one on the reviewed route)."""
    return SimpleUploadedFile("资质证书.pdf", PDF, content_type="application/pdf")


pytestmark = pytest.mark.django_db


def test_direct_kind_is_admitted_at_once_citing_the_article(make_provider):
    org, staff = make_provider("university")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert (adm.route, adm.status) == (AdmissionRoute.DIRECT, AdmissionStatus.ADMITTED)
    assert adm.admitted_on == clock.today() and adm.article == "三（二）1、2"
    assert AuditEvent.objects.filter(
        action="providers.admission.apply", object_id=str(adm.pk)
    ).exists()
    assert selectors.provider_get_public(pk=org.pk) == org


def test_other_kind_goes_the_reviewed_route(make_provider):
    org, staff = make_provider(
        "testing_agency"
    )  # Shaoxing admits testing agencies only after review
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert (adm.route, adm.status) == (AdmissionRoute.REVIEWED, AdmissionStatus.APPLIED)
    with pytest.raises(NotFound):
        selectors.provider_get_public(pk=org.pk)


def test_out_of_region_provider_refused_unless_recognised(make_provider):
    org, staff = make_provider(
        "university", region="650102"
    )  # Urumqi provider, Shaoxing policy (Zhejiang + delta)
    with pytest.raises(ValidationFailed) as exc:
        services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
    assert exc.value.code == Code.REGION_NOT_RECOGNISED


def test_policy_without_version_in_force_refuses(make_provider):
    org, staff = make_provider("university")
    with pytest.raises(ValidationFailed):
        services.admission_apply(
            actor=staff, organisation=org, family="liaocheng"
        )  # lapsed 2026-01-25


def test_only_staff_may_apply(make_provider, yuecheng):
    org, _ = make_provider("university")
    with pytest.raises(PermissionDenied):
        services.admission_apply(
            actor=yuecheng, organisation=org, family="shaoxing", certificates=[cert()]
        )


def test_one_active_admission_per_policy(make_provider):
    org, staff = make_provider("testing_agency")
    services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    with pytest.raises(Conflict):
        services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderAdmission.objects.create(
            organisation=org,
            family_slug="shaoxing",
            route="reviewed",
            status="meeting",
            applied_at=clock.now(),
        )


def test_supplementary_only_where_the_policy_allows(make_provider):
    org, staff = make_provider("testing_agency", region="650102")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="urumqi", supplementary=True
    )
    assert adm.route == AdmissionRoute.SUPPLEMENTARY and adm.status == AdmissionStatus.APPLIED
    org2, staff2 = make_provider("testing_agency")
    with pytest.raises(ValidationFailed):
        services.admission_apply(
            actor=staff2,
            organisation=org2,
            family="shaoxing",
            supplementary=True,
            certificates=[cert()],
        )


def _to_meeting(adm, yuecheng, experts, conflict_first=True):
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:2])
    if conflict_first:
        services.admission_score(
            actor=experts[0], admission=adm, conflict=True, conflict_note="曾任该机构顾问"
        )
    else:
        services.admission_score(actor=experts[0], admission=adm, score=70)
    adm.refresh_from_db()
    assert adm.status == AdmissionStatus.EXPERT_REVIEW  # one expert has not answered yet
    services.admission_score(actor=experts[1], admission=adm, score=85, comment="资质齐全")
    adm.refresh_from_db()
    return adm


def test_full_reviewed_route(make_provider, yuecheng, city_reviewer, experts):
    org, staff = make_provider("testing_agency")
    with clock.frozen_now(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        adm = services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
        adm = _to_meeting(adm, yuecheng, experts)
        assert adm.status == AdmissionStatus.MEETING
        adm = services.admission_transition(
            actor=city_reviewer, admission=adm, action="meeting_approve"
        )
        assert adm.status == AdmissionStatus.PUBLICITY
        # Shaoxing: publicity of 7 calendar days (三（一）4), opening the day after the decision
        assert (adm.publicity_starts_on, adm.publicity_ends_on) == (
            dt.date(2026, 11, 3),
            dt.date(2026, 11, 9),
        )
        with pytest.raises(Conflict) as exc:
            services.admission_transition(actor=city_reviewer, admission=adm, action="admit")
        assert exc.value.code == Code.PUBLICITY_RUNNING
    with clock.frozen_now(dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)), pytest.raises(Conflict):
        services.admission_transition(actor=city_reviewer, admission=adm, action="admit")
    with clock.frozen_now(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)):
        adm = services.admission_transition(actor=city_reviewer, admission=adm, action="admit")
    assert adm.status == AdmissionStatus.ADMITTED and adm.admitted_on == dt.date(2026, 11, 10)
    actions = list(adm.changes.values_list("action", flat=True))
    assert actions == ["apply", "initial_pass", "scores_complete", "meeting_approve", "admit"]
    assert AuditEvent.objects.filter(action="providers.admission.admit").count() == 1
    assert list(
        AuditEvent.objects.filter(object_id=str(adm.pk), action__startswith="providers.admission.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "providers.admission.apply",
        "providers.admission.initial_pass",
        "providers.admission.assign_experts",
        "providers.admission.score",
        "providers.admission.score",
        "providers.admission.scores_complete",
        "providers.admission.meeting_approve",
        "providers.admission.admit",
    ]


def test_publicity_in_working_days(make_provider, tianshan):
    _, version, _ = admission_rules("urumqi", dt.date(2026, 11, 20))
    # Decided on Friday 20 November: opens on Saturday, runs 5 working days (Mon 23 – Fri 27)
    assert services.admission_publicity(version, dt.date(2026, 11, 20)) == (
        dt.date(2026, 11, 21),
        dt.date(2026, 11, 27),
    )


def test_refused_transitions(make_provider, yuecheng, tianshan, city_reviewer, experts):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    for actor in (tianshan, city_reviewer, staff):
        # another county; initial review is the county's; the provider cannot review itself
        with pytest.raises(PermissionDenied) as exc:
            services.admission_transition(actor=actor, admission=adm, action="initial_pass")
        assert exc.value.code == CoreCode.PERMISSION_DENIED
    with pytest.raises(Conflict) as exc:  # wrong state
        services.admission_transition(actor=yuecheng, admission=adm, action="meeting_approve")
    assert exc.value.code == CoreCode.INVALID_TRANSITION
    with pytest.raises(PermissionDenied) as exc:  # system step
        services.admission_transition(actor=yuecheng, admission=adm, action="scores_complete")
    assert exc.value.code == CoreCode.SYSTEM_ONLY
    with pytest.raises(ValidationFailed) as exc:  # reasons required
        services.admission_transition(actor=yuecheng, admission=adm, action="initial_reject")
    assert exc.value.code == CoreCode.REASONS_REQUIRED
    with pytest.raises(ValidationFailed) as exc:
        services.admission_transition(actor=yuecheng, admission=adm, action="approve_all")
    assert exc.value.code == CoreCode.UNKNOWN_ACTION and exc.value.details["fields"]["action"]
    with pytest.raises(PermissionDenied):  # not assigned
        services.admission_score(actor=experts[2], admission=adm, score=90)
    adm = services.admission_transition(
        actor=yuecheng, admission=adm, action="initial_reject", reasons=["资质证书过期"]
    )
    assert adm.status == AdmissionStatus.REJECTED and adm.reasons == ["资质证书过期"]
    # a rejected application frees the slot: the provider may apply again
    again = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert again.status == AdmissionStatus.APPLIED


def test_stale_status_is_a_conflict(make_provider, yuecheng):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    stale = ProviderAdmission.objects.get(pk=adm.pk)
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    with pytest.raises(Conflict) as exc:
        services.apply_transition(
            actor=yuecheng, admission=stale, action="initial_reject", reasons=["x"]
        )
    assert exc.value.code == CoreCode.STALE_STATUS


def test_expert_rules(make_provider, yuecheng, experts, make_user):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    with pytest.raises(ValidationFailed):
        services.admission_assign_experts(
            actor=yuecheng, admission=adm, experts=[make_user("not-an-expert")]
        )
    services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[:1])
    with pytest.raises(ValidationFailed):
        services.admission_score(actor=experts[0], admission=adm, score=101)
    with pytest.raises(ValidationFailed):
        services.admission_score(actor=experts[0], admission=adm, conflict=True)
    services.admission_score(
        actor=experts[0], admission=adm, conflict=True, conflict_note="亲属任职"
    )
    with pytest.raises(Conflict) as exc:
        services.admission_score(actor=experts[0], admission=adm, score=80)
    assert exc.value.code == Code.ALREADY_SCORED
    adm.refresh_from_db()
    assert adm.status == AdmissionStatus.EXPERT_REVIEW  # nobody without a conflict has scored yet
    services.admission_assign_experts(actor=yuecheng, admission=adm, experts=experts[1:2])
    services.admission_score(actor=experts[1], admission=adm, score=60)
    adm.refresh_from_db()
    assert adm.status == AdmissionStatus.MEETING


def test_suspend_resume_revoke(make_provider, yuecheng):
    org, staff = make_provider("university")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    with clock.frozen_now(dt.date(2026, 12, 1)):
        adm = services.admission_transition(
            actor=yuecheng, admission=adm, action="suspend", reasons=["年度评价不合格"]
        )
    assert adm.status == AdmissionStatus.SUSPENDED and adm.suspended_on == dt.date(2026, 12, 1)
    with pytest.raises(NotFound):
        selectors.provider_get_public(pk=org.pk)
    adm = services.admission_transition(actor=yuecheng, admission=adm, action="resume")
    assert adm.status == AdmissionStatus.ADMITTED and adm.suspended_on is None
    with pytest.raises(ValidationFailed):
        services.admission_transition(actor=yuecheng, admission=adm, action="revoke")
    adm = services.admission_transition(
        actor=yuecheng, admission=adm, action="revoke", reasons=["弄虚作假"]
    )
    assert adm.status == AdmissionStatus.REVOKED and adm.revoked_on == clock.today()
    with pytest.raises(Conflict):
        services.admission_transition(actor=yuecheng, admission=adm, action="resume")


def test_transition_table_shape():
    for t in TRANSITIONS.values():
        assert t.target not in t.sources
    assert [t.action for t in actions_from(AdmissionStatus.APPLIED)] == [
        "initial_pass",
        "initial_reject",
    ]
    assert "scores_complete" not in [t.action for t in actions_from(AdmissionStatus.EXPERT_REVIEW)]


def test_admission_scoping(make_provider, yuecheng, tianshan):
    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    assert selectors.admission_get(actor=yuecheng, pk=adm.pk) == adm
    assert selectors.admission_get(actor=staff, pk=adm.pk) == adm
    with pytest.raises(NotFound):
        selectors.admission_get(actor=tianshan, pk=adm.pk)
    assert not selectors.admission_list_for_actor(actor=tianshan).exists()
    other, other_staff = make_provider("testing_agency")
    with pytest.raises(NotFound):
        selectors.admission_get(actor=other_staff, pk=adm.pk)
