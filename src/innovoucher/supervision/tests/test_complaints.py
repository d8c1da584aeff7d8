"""Complaints and reports: a case with a deadline, an answer and an outcome; Shaoxing 三（二）4:
the third upheld quality complaint within a year proposes revoking the provider's admission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from innovoucher.accounts.roles import Role
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.supervision.models import RevocationProposal
from innovoucher.supervision.services.complaints import (
    complaint_accept,
    complaint_answer,
    complaint_file,
)
from innovoucher.supervision.states import ComplaintKind, ComplaintStatus
from innovoucher.supervision.tests.support import at
from innovoucher.workdays.services import deadline_after
from testsupport import make_user
from testsupport.world import START, build_world


@pytest.fixture
def shaoxing(seed_policies):
    with at(START["shaoxing"]):
        return build_world("shaoxing", funded=False)


def _quality(world, text="检测报告迟交两个月，数据有误"):
    return complaint_file(
        actor=world.applicant_user,
        kind=ComplaintKind.QUALITY,
        provider=world.provider,
        family="shaoxing",
        text=text,
        complainant=world.applicant,
    )


@pytest.mark.django_db
def test_third_upheld_quality_complaint_proposes_revocation(shaoxing):
    world = shaoxing
    county = world.officials["county"]
    with at(START["shaoxing"]):
        first = _quality(world)
        assert first.due_on == deadline_after(START["shaoxing"], 15, "working")
        assert first.region_code == world.provider.region_code
        first = complaint_accept(actor=county, complaint=first)
        assert first.status == ComplaintStatus.HANDLING
        complaint_answer(actor=county, complaint=first, outcome="upheld", answer="经核实属实")
        second = _quality(world)
        complaint_answer(actor=county, complaint=second, outcome="not_upheld", answer="不属实")
        third = _quality(world)
        complaint_answer(actor=county, complaint=third, outcome="partly", answer="部分属实")
        assert not RevocationProposal.objects.exists(), "two upheld so far"
        fourth = _quality(world)
        complaint_answer(actor=county, complaint=fourth, outcome="upheld", answer="属实")
    proposal = RevocationProposal.objects.get()
    assert proposal.provider == world.provider and proposal.article == "三（二）4、四（三）"
    assert proposal.complaint_numbers == [first.number, third.number, fourth.number]
    assert AuditEvent.objects.filter(action="supervision.complaint.answer").count() == 4
    assert AuditEvent.objects.filter(action="supervision.revocation.propose").count() == 1


@pytest.mark.django_db
def test_public_report_and_refusals(shaoxing):
    world = shaoxing
    with at(START["shaoxing"]):
        report = complaint_file(
            actor=AnonymousUser(),
            kind=ComplaintKind.FRAUD,
            provider=world.provider,
            family="shaoxing",
            text="该机构与企业串通，虚开发票套取创新券资金",
        )
        assert report.complainant is None and report.status == ComplaintStatus.RECEIVED
        with pytest.raises(PermissionDenied):
            complaint_file(
                actor=AnonymousUser(),
                kind=ComplaintKind.QUALITY,
                provider=world.provider,
                family="shaoxing",
                text="质量差",
                complainant=world.applicant,
            )
        with pytest.raises(ValidationFailed) as caught:
            _quality(world, text="  ")
        assert caught.value.code == "complaint_invalid"
        with pytest.raises(ValidationFailed) as caught:
            complaint_file(
                actor=world.applicant_user,
                kind=ComplaintKind.QUALITY,
                provider=world.applicant,
                family="shaoxing",
                text="x",
                complainant=world.applicant,
            )
        assert caught.value.code == "complaint_invalid"
        stranger = make_user("other-county", Role.COUNTY_REVIEWER, "330603")
        with pytest.raises(PermissionDenied):
            complaint_answer(actor=stranger, complaint=report, outcome="upheld", answer="属实")
        with pytest.raises(ValidationFailed) as caught:
            complaint_answer(
                actor=world.officials["county"], complaint=report, outcome="maybe", answer="?"
            )
        assert caught.value.code == "complaint_invalid"
