"""Complaints (投诉) and reports (举报): a firm complains about a provider's service quality; anyone
reports suspected fraud. Each is a case with a deadline, an answer and an outcome. Shaoxing
三（二）4: repeated upheld quality complaints lead to a proposal to revoke the admission."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.registry.models import Organisation, OrganisationKind
from innovoucher.registry.permissions import acts_for
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import COMPLAINT
from innovoucher.supervision.models import Complaint, RevocationProposal
from innovoucher.supervision.services.common import new_number, required_text, sanction_rules
from innovoucher.supervision.states import (
    OFFICIAL,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStatus,
)
from innovoucher.workdays.services import deadline_after

# The texts set no time limit for answering: 15 working days (an assumption).
ANSWER_DAYS = 15
# Shaoxing 三（二）4 "多次被投诉": three upheld quality complaints within a year (an assumption).
REPEATED = 3
WINDOW = dt.timedelta(days=365)
UPHELD = (ComplaintOutcome.UPHELD, ComplaintOutcome.PARTLY)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.COMPLAINT_INVALID, details={"fields": {field: [message]}}
    )


def complaint_file(
    *,
    actor,
    kind: str,
    provider: Organisation,
    family: str,
    text: str,
    complainant: Organisation | None = None,
    reporter_name: str = "",
    reporter_contact: str = "",
) -> Complaint:
    """A quality complaint by the firm's staff, or a fraud report by anyone (the public)."""
    if kind not in ComplaintKind.values:
        raise _invalid("kind", "请选择投诉类型")
    if provider is None or provider.kind != OrganisationKind.PROVIDER:
        raise _invalid("provider", "请选择被投诉的服务机构")
    text = required_text(text, "text", "投诉举报内容", Code.COMPLAINT_INVALID)
    if kind == ComplaintKind.QUALITY and (complainant is None or not acts_for(actor, complainant)):
        raise PermissionDenied("服务质量投诉须由服务使用方的经办人提出")
    sanction_rules(family, clock.today())  # the policy must be in force
    today = clock.today()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            number=new_number("TS", today),
            kind=kind,
            provider=provider,
            complainant=complainant if kind == ComplaintKind.QUALITY else None,
            reporter_name=(reporter_name or "").strip()[:60],
            reporter_contact=(reporter_contact or "").strip()[:60],
            region_code=provider.region_code,
            family_slug=family,
            text=text,
            due_on=deadline_after(today, ANSWER_DAYS, "working"),
            received_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="supervision.complaint.file",
            obj=complaint,
            region_code=complaint.region_code,
            data={"number": complaint.number, "kind": kind, "provider": provider.pk},
        )
    return complaint


def complaint_accept(*, actor, complaint: Complaint) -> Complaint:
    return transition_apply(COMPLAINT, actor=actor, obj=complaint, action="accept", by=OFFICIAL)


def _propose_revocation(actor, complaint: Complaint) -> RevocationProposal | None:
    since = clock.now() - WINDOW
    upheld = Complaint.objects.filter(
        provider=complaint.provider,
        kind=ComplaintKind.QUALITY,
        status=ComplaintStatus.ANSWERED,
        outcome__in=UPHELD,
        received_at__gte=since,
    ).order_by("id")
    if upheld.count() < REPEATED:
        return None
    _, cited = sanction_rules(complaint.family_slug, clock.today())
    try:
        with transaction.atomic():
            proposal = RevocationProposal.objects.create(
                provider=complaint.provider,
                region_code=complaint.region_code,
                family_slug=complaint.family_slug,
                article=cited.article,
                complaint_numbers=[c.number for c in upheld],
                proposed_at=clock.now(),
            )
    except IntegrityError:
        return None  # already proposed under this policy
    audit.record(
        actor=actor,
        action="supervision.revocation.propose",
        obj=proposal,
        region_code=proposal.region_code,
        data={"provider": complaint.provider_id, "complaints": proposal.complaint_numbers},
    )
    return proposal


def complaint_answer(*, actor, complaint: Complaint, outcome: str, answer: str) -> Complaint:
    """Answer the case with its outcome; a provider's third upheld quality complaint within a
    year raises a proposal to revoke its admission."""
    if outcome not in ComplaintOutcome.values:
        raise _invalid("outcome", "请选择办理结果")
    answer = required_text(answer, "answer", "答复意见", Code.COMPLAINT_INVALID)

    def after(obj):
        if obj.kind == ComplaintKind.QUALITY and outcome in UPHELD:
            _propose_revocation(actor, obj)

    return transition_apply(
        COMPLAINT,
        actor=actor,
        obj=complaint,
        action="answer",
        by=OFFICIAL,
        reasons=[answer],
        values={"outcome": outcome, "answer": answer},
        audit_data={"outcome": outcome},
        after=after,
    )
