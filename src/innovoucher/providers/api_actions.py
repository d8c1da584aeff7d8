"""Provider API for signed-in people (under /api/v1/providers): every admission step (apply, initial
review, expert assignment, scoring or conflict declaration, meeting decision, publicity,
suspension, resumption, revocation), instrument bookings (request, confirm, cancel, complete) and
out-of-region recognitions. Session authentication with CSRF (send the ``csrftoken`` cookie's
value as ``X-CSRFToken``). Amounts are strings in yuan, dates ISO; errors
{"code","message","details"}."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import NotFound
from innovoucher.core.money import fen_to_yuan
from innovoucher.providers import selectors, services
from innovoucher.providers.codes import Code
from innovoucher.registry.api_common import ERRORS

router = Router(tags=["服务机构入库与仪器预约 Provider workflow"], auth=SessionAuth(csrf=True))


# ---- admissions -------------------------------------------------------------------------------


class AdmissionIn(Schema):
    provider_id: int
    family: str
    supplementary: bool = False
    materials: str = ""
    staff: int | None = None
    kind_level: str = ""  # national / provincial / city (Shaoxing: key labs direct at two levels)


class HistoryOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    reasons: list[str]
    actor: str
    at: dt.datetime


class ExpertOut(Schema):
    expert_id: int
    expert: str
    conflict: bool | None
    conflict_note: str
    score: int | None
    comment: str


class AdmissionDetailOut(Schema):
    id: int
    provider_id: int
    provider: str
    family: str
    policy_version: str
    route: str
    route_label: str
    status: str
    status_label: str
    article: str
    declared_staff: int | None
    recognition_id: int | None
    reasons: list[str]
    applied_at: dt.datetime
    publicity_starts_on: dt.date | None
    publicity_ends_on: dt.date | None
    admitted_on: dt.date | None
    history: list[HistoryOut]
    experts: list[ExpertOut]


def _admission(adm, actor) -> dict:
    return {
        "id": adm.pk,
        "provider_id": adm.organisation_id,
        "provider": adm.organisation.name,
        "family": adm.family_slug,
        "policy_version": adm.policy_version,
        "route": adm.route,
        "route_label": adm.get_route_display(),
        "status": adm.status,
        "status_label": adm.get_status_display(),
        "article": adm.article,
        "declared_staff": adm.declared_staff,
        "recognition_id": adm.recognition_id,
        "reasons": adm.reasons,
        "applied_at": adm.applied_at,
        "publicity_starts_on": adm.publicity_starts_on,
        "publicity_ends_on": adm.publicity_ends_on,
        "admitted_on": adm.admitted_on,
        "history": [
            {
                "action": c.action,
                "label": label,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "reasons": c.reasons,
                "actor": c.actor.username if c.actor else "",
                "at": c.at,
            }
            for c, label in selectors.admission_history(adm)
        ],
        "experts": [
            {
                "expert_id": a.expert_id,
                "expert": str(a.expert),
                "conflict": a.conflict,
                "conflict_note": a.conflict_note,
                "score": a.score,
                "comment": a.comment,
            }
            for a in selectors.expert_assignments(actor=actor, admission=adm)
        ],
    }


def _own_provider(actor, pk: int):
    org = selectors.staff_provider_find(actor=actor, pk=pk)
    if org is None:
        raise NotFound("服务机构不存在或您不是其经办人", code=Code.PROVIDER_NOT_FOUND)
    return org


@router.get(
    "/admissions",
    response={200: list[AdmissionDetailOut], **ERRORS},
    summary="入库申请（审核人按辖区，服务机构为本机构，专家为指派给本人的）",
)
def admission_list(request, status: str = "", limit: int = 50, offset: int = 0):
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return [
        _admission(a, request.auth)
        for a in selectors.admission_list_for_actor(actor=request.auth, status=status)[
            offset : offset + limit
        ]
    ]


@router.post(
    "/admissions",
    response={201: AdmissionDetailOut, **ERRORS},
    summary="申请入库（按政策直接入库或进入评审；区外机构须先经认定）",
)
def admission_apply(request, payload: AdmissionIn):
    org = _own_provider(request.auth, payload.provider_id)
    adm = services.admission_apply(
        actor=request.auth,
        organisation=org,
        family=payload.family,
        supplementary=payload.supplementary,
        materials=payload.materials,
        staff=payload.staff,
        kind_level=payload.kind_level,
    )
    return Status(201, _admission(adm, request.auth))


@router.post(
    "/admissions/{admission_id}/certificates",
    response={201: AdmissionDetailOut, **ERRORS},
    summary="补充资质证书（multipart/form-data，certificates 可多个；区县确认入库前须提供）",
)
def admission_certificates_add(
    request, admission_id: int, certificates: File[list[UploadedFile]] = None
):
    adm = selectors.admission_get(actor=request.auth, pk=admission_id)
    services.admission_certificates_add(actor=request.auth, admission=adm, files=certificates or [])
    return Status(201, _admission(adm, request.auth))


@router.get(
    "/admissions/{admission_id}",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="入库申请详情与办理记录",
)
def admission_get(request, admission_id: int):
    return _admission(selectors.admission_get(actor=request.auth, pk=admission_id), request.auth)


class DecisionIn(Schema):
    reasons: list[str] = []


class InitialReviewIn(DecisionIn):
    action: Literal["initial_pass", "initial_reject"]


class MeetingIn(DecisionIn):
    action: Literal["meeting_approve", "meeting_reject"]


def _step(request, admission_id: int, action: str, reasons: list[str]) -> dict:
    adm = selectors.admission_get(actor=request.auth, pk=admission_id)
    return _admission(
        services.admission_transition(
            actor=request.auth, admission=adm, action=action, reasons=reasons
        ),
        request.auth,
    )


@router.post(
    "/admissions/{admission_id}/initial-review",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="区县初审：推荐（initial_pass）或不予推荐（initial_reject，须附理由）",
)
def admission_initial_review(request, admission_id: int, payload: InitialReviewIn):
    return _step(request, admission_id, payload.action, payload.reasons)


class ExpertsIn(Schema):
    expert_ids: list[int]


class ExpertChoiceOut(Schema):
    id: int
    username: str
    name: str


@router.get(
    "/admissions/{admission_id}/eligible-experts",
    response={200: list[ExpertChoiceOut], **ERRORS},
    summary="可指派的评审专家（专家库地区覆盖服务机构所在地区或政策地区）",
)
def admission_eligible_experts(request, admission_id: int):
    adm = selectors.admission_get(actor=request.auth, pk=admission_id)
    return [
        {"id": u.pk, "username": u.username, "name": str(u)}
        for u in selectors.experts_for_admission(actor=request.auth, admission=adm)
    ]


@router.post(
    "/admissions/{admission_id}/experts",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="指派评审专家（专家评审阶段）",
)
def admission_assign_experts(request, admission_id: int, payload: ExpertsIn):
    adm = selectors.admission_get(actor=request.auth, pk=admission_id)
    experts = selectors.experts_by_ids(payload.expert_ids)
    if len(experts) != len(set(payload.expert_ids)):
        raise NotFound("所选专家不存在", code=Code.EXPERT_NOT_FOUND)
    services.admission_assign_experts(actor=request.auth, admission=adm, experts=experts)
    return _admission(adm, request.auth)


class ScoreIn(Schema):
    conflict: bool = False
    conflict_note: str = ""
    score: int | None = None
    comment: str = ""


@router.post(
    "/admissions/{admission_id}/score",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="专家声明利益冲突（conflict=true，须说明）或评分（0—100）",
)
def admission_score(request, admission_id: int, payload: ScoreIn):
    adm = selectors.admission_get(actor=request.auth, pk=admission_id)
    services.admission_score(actor=request.auth, admission=adm, **payload.dict())
    adm.refresh_from_db()
    return _admission(adm, request.auth)


@router.post(
    "/admissions/{admission_id}/meeting",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="会议审议：通过进入公示（meeting_approve）或不通过（meeting_reject，须附理由）",
)
def admission_meeting(request, admission_id: int, payload: MeetingIn):
    return _step(request, admission_id, payload.action, payload.reasons)


@router.post(
    "/admissions/{admission_id}/admit",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="公示期满无异议，办理入库",
)
def admission_admit(request, admission_id: int):
    return _step(request, admission_id, "admit", [])


@router.post(
    "/admissions/{admission_id}/publicity-objection",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="公示有异议，不予入库（须附理由）",
)
def admission_objection(request, admission_id: int, payload: DecisionIn):
    return _step(request, admission_id, "publicity_objection", payload.reasons)


@router.post(
    "/admissions/{admission_id}/suspend",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="暂停服务（须附理由）",
)
def admission_suspend(request, admission_id: int, payload: DecisionIn):
    return _step(request, admission_id, "suspend", payload.reasons)


@router.post(
    "/admissions/{admission_id}/resume",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="恢复服务",
)
def admission_resume(request, admission_id: int):
    return _step(request, admission_id, "resume", [])


@router.post(
    "/admissions/{admission_id}/revoke",
    response={200: AdmissionDetailOut, **ERRORS},
    summary="撤销入库（须附理由）",
)
def admission_revoke(request, admission_id: int, payload: DecisionIn):
    return _step(request, admission_id, "revoke", payload.reasons)


# ---- bookings ---------------------------------------------------------------------------------


class BookingIn(Schema):
    organisation_id: int
    start: dt.datetime
    end: dt.datetime
    unit: Literal["hour", "sample"] = "hour"
    samples: int | None = None
    purpose: str = ""


class BookingOut(Schema):
    id: int
    instrument_id: int
    instrument: str
    provider_id: int
    organisation_id: int
    organisation: str
    start: dt.datetime
    end: dt.datetime
    unit: str
    samples: int | None
    amount: str
    status: str
    status_label: str
    purpose: str
    reason: str


def _booking(b) -> dict:
    return {
        "id": b.pk,
        "instrument_id": b.instrument_id,
        "instrument": b.instrument.name,
        "provider_id": b.instrument.provider_id,
        "organisation_id": b.organisation_id,
        "organisation": b.organisation.name,
        "start": b.start,
        "end": b.end,
        "unit": b.unit,
        "samples": b.samples,
        "amount": fen_to_yuan(b.amount_fen),
        "status": b.status,
        "status_label": b.get_status_display(),
        "purpose": b.purpose,
        "reason": b.reason,
    }


@router.post(
    "/instruments/{instrument_id}/bookings",
    response={201: BookingOut, **ERRORS},
    summary="预约仪器：按机时（unit=hour）或按样品数（unit=sample，须填 samples）计费",
)
def booking_request(request, instrument_id: int, payload: BookingIn):
    instrument = selectors.instrument_get_public(pk=instrument_id)
    org = selectors.party_org_find(actor=request.auth, pk=payload.organisation_id)
    if org is None:
        raise NotFound("预约单位不存在或您不是其经办人", code=CoreCode.ORGANISATION_NOT_FOUND)
    booking = services.booking_request(
        actor=request.auth,
        instrument=instrument,
        organisation=org,
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
        unit=payload.unit,
        samples=payload.samples,
    )
    return Status(201, _booking(booking))


@router.get(
    "/bookings",
    response={200: list[BookingOut], **ERRORS},
    summary="我的仪器预约（服务机构为本机构仪器的预约，预约单位为本单位的预约）",
)
def booking_list(request, status: str = "", limit: int = 50, offset: int = 0):
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    rows = selectors.bookings_for_staff_or_party(actor=request.auth, status=status)
    return [_booking(b) for b in rows[offset : offset + limit]]


@router.get("/bookings/{booking_id}", response={200: BookingOut, **ERRORS}, summary="预约详情")
def booking_get(request, booking_id: int):
    return _booking(selectors.booking_get(actor=request.auth, pk=booking_id))


class ReasonIn(Schema):
    reason: str = ""


def _move(request, booking_id: int, action: str, reason: str = "") -> dict:
    booking = selectors.booking_get(actor=request.auth, pk=booking_id)
    return _booking(
        services.apply_booking_transition(
            actor=request.auth, booking=booking, action=action, reason=reason
        )
    )


@router.post(
    "/bookings/{booking_id}/confirm",
    response={200: BookingOut, **ERRORS},
    summary="服务机构确认预约",
)
def booking_confirm(request, booking_id: int):
    return _move(request, booking_id, "confirm")


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **ERRORS},
    summary="取消预约（服务机构取消须说明原因）",
)
def booking_cancel(request, booking_id: int, payload: ReasonIn):
    return _move(request, booking_id, "cancel", payload.reason)


@router.post(
    "/bookings/{booking_id}/complete",
    response={200: BookingOut, **ERRORS},
    summary="服务机构确认使用完成（预约时段结束后）",
)
def booking_complete(request, booking_id: int):
    return _move(request, booking_id, "complete")


# ---- out-of-region recognitions ---------------------------------------------------------------


class RecognitionIn(Schema):
    provider_id: int
    family: str
    basis: Literal["agreement", "local_department"]
    recognising_body: str
    document_no: str
    valid_from: dt.date
    valid_until: dt.date


class RecognitionOut(Schema):
    id: int
    provider_id: int
    provider: str
    family: str
    basis: str
    basis_label: str
    recognising_body: str
    document_no: str
    valid_from: dt.date
    valid_until: dt.date
    status: str
    status_label: str
    article: str
    reasons: list[str]


def _recognition(r) -> dict:
    return {
        "id": r.pk,
        "provider_id": r.organisation_id,
        "provider": r.organisation.name,
        "family": r.family_slug,
        "basis": r.basis,
        "basis_label": r.get_basis_display(),
        "recognising_body": r.recognising_body,
        "document_no": r.document_no,
        "valid_from": r.valid_from,
        "valid_until": r.valid_until,
        "status": r.status,
        "status_label": r.get_status_display(),
        "article": r.article,
        "reasons": r.reasons,
    }


@router.post(
    "/recognitions",
    response={201: RecognitionOut, **ERRORS},
    summary="区外服务机构提交认定材料（multipart/form-data，evidence 为认定文件）",
)
def recognition_file(request, payload: Form[RecognitionIn], evidence: File[UploadedFile] = None):
    org = _own_provider(request.auth, payload.provider_id)
    fields = payload.dict()
    fields.pop("provider_id")
    return Status(
        201,
        _recognition(
            services.recognition_file(
                actor=request.auth, organisation=org, evidence=evidence, **fields
            )
        ),
    )


@router.get(
    "/recognitions",
    response={200: list[RecognitionOut], **ERRORS},
    summary="区外认定（政策所在地官员、服务机构本身可见）",
)
def recognition_list(request, status: str = ""):
    return [
        _recognition(r)
        for r in selectors.recognition_list_for_actor(actor=request.auth, status=status)[:200]
    ]


@router.get(
    "/recognitions/{recognition_id}",
    response={200: RecognitionOut, **ERRORS},
    summary="区外认定详情",
)
def recognition_get(request, recognition_id: int):
    return _recognition(selectors.recognition_get(actor=request.auth, pk=recognition_id))


class RecognitionActionIn(DecisionIn):
    action: Literal["confirm", "refuse", "withdraw", "revoke"]


@router.post(
    "/recognitions/{recognition_id}/transitions",
    response={200: RecognitionOut, **ERRORS},
    summary="确认（confirm）、不予确认（refuse，须附理由）、撤销（revoke，须附理由）或撤回（withdraw，服务机构）",
)
def recognition_transition(request, recognition_id: int, payload: RecognitionActionIn):
    rec = selectors.recognition_get(actor=request.auth, pk=recognition_id)
    return _recognition(
        services.recognition_transition(
            actor=request.auth, recognition=rec, action=payload.action, reasons=payload.reasons
        )
    )
