"""Registry API: change filings (变更备案). The party files a change with evidence; the registration
reviewer of its region approves (the change takes effect, old values kept), returns or refuses."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from innovoucher.registry import selectors, services
from innovoucher.registry.api_common import ERRORS
from innovoucher.registry.states import FILING_ACTION_LABELS

router = Router(tags=["变更备案 Change filings"], auth=SessionAuth(csrf=True))


class FilingIn(Schema):
    """Only the items given (non-blank) are changed."""

    reason: str
    name: str = ""
    legal_rep_name: str = ""
    legal_rep_id_number: str = ""
    address: str = ""
    region_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    provider_kind: str = ""
    qualifications: str = ""
    service_scope: str = ""


class ItemOut(Schema):
    field: str
    label: str
    old: str
    new: str


class EventOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    reasons: list[str]
    note: str
    actor: str
    at: dt.datetime


class FilingOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    status: str
    status_label: str
    reason: str
    items: list[ItemOut]
    reasons: list[str]
    submission_count: int
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    deadline: dt.date | None
    history: list[EventOut]


def _filing(f) -> dict:
    return {
        "id": f.pk,
        "organisation_id": f.organisation_id,
        "organisation": f.organisation.name,
        "status": f.status,
        "status_label": f.get_status_display(),
        "reason": f.reason,
        "reasons": f.reasons,
        "submission_count": f.submission_count,
        "submitted_at": f.submitted_at,
        "decided_at": f.decided_at,
        "deadline": selectors.filing_deadline(f),
        "items": [
            {"field": r.field, "label": r.label, "old": r.old, "new": r.new}
            for r in selectors.filing_rows(f)
        ],
        "history": [
            {
                "action": e.action,
                "label": str(FILING_ACTION_LABELS.get(e.action, e.action)),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "reasons": e.reasons,
                "note": e.note,
                "actor": e.actor.username if e.actor else "",
                "at": e.at,
            }
            for e in selectors.filing_events(f)
        ],
    }


@router.post(
    "/organisations/{org_id}/filings",
    response={201: FilingOut, **ERRORS},
    summary="提交变更备案（multipart/form-data；只填写要变更的事项，evidence 为证明材料）",
)
def filing_submit(
    request, org_id: int, payload: Form[FilingIn], evidence: File[UploadedFile] = None
):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    values = payload.dict()
    reason = values.pop("reason")
    return Status(
        201,
        _filing(
            services.filing_submit(
                actor=request.auth,
                organisation=org,
                values=values,
                reason=reason,
                evidence=evidence,
            )
        ),
    )


@router.get(
    "/organisations/{org_id}/filings",
    response={200: list[FilingOut], **ERRORS},
    summary="主体的变更备案",
)
def filing_list_of(request, org_id: int):
    return [
        _filing(f)
        for f in selectors.filing_list_for_organisation(actor=request.auth, organisation_id=org_id)
    ]


@router.get(
    "/filings",
    response={200: list[FilingOut], **ERRORS},
    summary="变更备案（审核人：辖区内；经办人：本单位的）",
)
def filing_list(request, status: str = "", limit: int = 50, offset: int = 0):
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    rows = selectors.filing_list_for_actor(actor=request.auth, status=status)
    return [_filing(f) for f in rows[offset : offset + limit]]


@router.get(
    "/filings/{filing_id}",
    response={200: FilingOut, **ERRORS},
    summary="变更备案详情（变更前后对照与办理记录）",
)
def filing_get(request, filing_id: int):
    return _filing(selectors.filing_get(actor=request.auth, pk=filing_id))


class FilingReviewIn(Schema):
    action: Literal["approve", "return", "reject"]
    reasons: list[str] = []
    note: str = ""


@router.post(
    "/filings/{filing_id}/review",
    response={200: FilingOut, **ERRORS},
    summary="审核变更备案：准予备案（变更生效）、退回补正或不予备案（均须附理由）",
)
def filing_review(request, filing_id: int, payload: FilingReviewIn):
    filing = selectors.filing_get(actor=request.auth, pk=filing_id)
    return _filing(services.filing_review(actor=request.auth, filing=filing, **payload.dict()))


@router.post(
    "/filings/{filing_id}/resubmit",
    response={200: FilingOut, **ERRORS},
    summary="补正后重新提交（multipart/form-data；evidence 可不重新上传）",
)
def filing_resubmit(
    request, filing_id: int, payload: Form[FilingIn], evidence: File[UploadedFile] = None
):
    filing = selectors.filing_get(actor=request.auth, pk=filing_id)
    values = payload.dict()
    reason = values.pop("reason")
    return _filing(
        services.filing_resubmit(
            actor=request.auth, filing=filing, values=values, reason=reason, evidence=evidence
        )
    )


class NoteIn(Schema):
    note: str = ""


@router.post(
    "/filings/{filing_id}/withdraw",
    response={200: FilingOut, **ERRORS},
    summary="撤回变更备案（待审核或退回补正时）",
)
def filing_withdraw(request, filing_id: int, payload: NoteIn):
    filing = selectors.filing_get(actor=request.auth, pk=filing_id)
    return _filing(services.filing_withdraw(actor=request.auth, filing=filing, note=payload.note))
