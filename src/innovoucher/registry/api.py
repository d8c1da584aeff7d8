"""JSON API of the registry (attached under /api/v1/registry). Session authentication with CSRF:
send the ``csrftoken`` cookie's value in the ``X-CSRFToken`` header on every unsafe request.
Self-registration is the one anonymous endpoint. Errors are {"code", "message", "details"}."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from innovoucher.core import clock
from innovoucher.core.money import fen_to_yuan
from innovoucher.registry import selectors, services
from innovoucher.registry.api_common import ERRORS
from innovoucher.registry.models import Organisation

router = Router(tags=["主体登记 Registry"], auth=SessionAuth(csrf=True))


class RegistrationIn(Schema):
    kind: Literal["enterprise", "team", "individual", "organisation", "incubator", "provider"]
    name: str
    region_code: str
    uscc: str = ""
    provider_kind: str = ""
    address: str = ""
    host_incubator_id: int | None = None
    legal_rep_name: str
    legal_rep_id_number: str
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    bank_name: str = ""
    bank_account_name: str = ""
    bank_account_number: str = ""
    username: str
    password: str
    display_name: str = ""


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    provider_kind: str
    region_code: str
    uscc: str
    status: str
    status_label: str
    submission_count: int
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    host_incubator_id: int | None
    legal_rep_name: str
    legal_rep_id_masked: str
    contact_name: str
    contact_phone: str
    contact_email: str
    bank_name: str
    bank_account_masked: str
    has_licence: bool


def _org(org: Organisation) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "provider_kind": org.provider_kind,
        "region_code": org.region_code,
        "uscc": org.uscc,
        "status": org.status,
        "status_label": org.get_status_display(),
        "submission_count": org.submission_count,
        "submitted_at": org.submitted_at,
        "decided_at": org.decided_at,
        "host_incubator_id": org.host_incubator_id,
        "legal_rep_name": org.legal_rep_name,
        "legal_rep_id_masked": org.legal_rep_id_masked,
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "contact_email": org.contact_email,
        "bank_name": org.bank_name,
        "bank_account_masked": org.bank_account_masked,
        "has_licence": bool(org.licence),
    }


@router.post(
    "/registrations",
    auth=None,
    response={201: OrganisationOut, **ERRORS},
    summary="主体自助注册登记（同时创建经办人账户）",
)
def register(request, payload: Form[RegistrationIn], licence: File[UploadedFile] = None):
    """multipart/form-data：主体信息与账户字段，`licence`
    为营业执照（PDF/JPG/PNG，≤10MB；法人单位必传）。"""
    fields = payload.dict()
    account = services.AccountData(
        username=fields.pop("username"),
        password=fields.pop("password"),
        display_name=fields.pop("display_name"),
    )
    org = services.organisation_register(
        actor=None, data=services.RegistrationData(**fields), account=account, licence=licence
    )
    return Status(201, _org(org))


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    summary="可查看的主体（审核人按辖区；经办人为本单位）",
)
def organisation_list(
    request, status: str = "", kind: str = "", q: str = "", limit: int = 100, offset: int = 0
):
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    qs = selectors.organisation_list_for_actor(
        actor=request.auth, status=status, kind=kind, search=q
    )
    return [_org(o) for o in qs[offset : offset + limit]]


@router.get(
    "/organisations/{org_id}",
    response={200: OrganisationOut, **ERRORS},
    summary="主体登记信息（证件号码脱敏）",
)
def organisation_get(request, org_id: int):
    return _org(selectors.organisation_get(actor=request.auth, pk=org_id))


class ChangeOut(Schema):
    action: str
    from_status: str
    to_status: str
    reasons: list[str]
    note: str
    submission_no: int
    actor: str
    at: dt.datetime


@router.get(
    "/organisations/{org_id}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="登记审核记录",
)
def organisation_history(request, org_id: int):
    return [
        {
            "action": c.action,
            "from_status": c.from_status,
            "to_status": c.to_status,
            "reasons": c.reasons,
            "note": c.note,
            "submission_no": c.submission_no,
            "actor": c.actor.username if c.actor else "",
            "at": c.at,
        }
        for c in selectors.registration_changes(actor=request.auth, organisation_id=org_id)
    ]


class QueueStepOut(Schema):
    """The review step the registration waits at (as the redemption queue's `step`)."""

    code: str
    label: str
    submission_no: int
    deadline: dt.date
    overdue: bool


class QueueItemOut(Schema):
    step: QueueStepOut
    organisation: OrganisationOut
    deadline: dt.date
    overdue: bool


@router.get(
    "/queue",
    response={200: list[QueueItemOut], **ERRORS},
    summary="待我审核的主体登记（含办理期限）",
)
def queue(request):
    return [
        {
            "step": {
                "code": "registration_review"
                if i.organisation.submission_count == 1
                else "resubmission_review",
                "label": "登记审核"
                if i.organisation.submission_count == 1
                else "退回后重新提交的审核",
                "submission_no": i.organisation.submission_count,
                "deadline": i.deadline,
                "overdue": i.overdue,
            },
            "organisation": _org(i.organisation),
            "deadline": i.deadline,
            "overdue": i.overdue,
        }
        for i in selectors.registration_queue_for_reviewer(actor=request.auth)
    ]


class ReviewIn(Schema):
    action: Literal["approve", "return", "reject"]
    reasons: list[str] = []
    note: str = ""


@router.post(
    "/organisations/{org_id}/review",
    response={200: OrganisationOut, **ERRORS},
    summary="审核登记：通过、退回修改（附理由）、不予通过（附理由）",
)
def review(request, org_id: int, payload: ReviewIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return _org(
        services.registration_review(
            actor=request.auth,
            organisation=org,
            action=payload.action,
            reasons=payload.reasons,
            note=payload.note,
        )
    )


class ResubmitIn(Schema):
    name: str
    region_code: str
    uscc: str = ""
    provider_kind: str = ""
    address: str = ""
    legal_rep_name: str
    legal_rep_id_number: str
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    note: str = ""


@router.post(
    "/organisations/{org_id}/resubmit",
    response={200: OrganisationOut, **ERRORS},
    summary="按退回意见修改后重新提交",
)
def resubmit(request, org_id: int, payload: ResubmitIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    fields = payload.dict()
    note = fields.pop("note")
    return _org(
        services.organisation_resubmit(
            actor=request.auth,
            organisation=org,
            data=services.RegistrationData(**fields),
            note=note,
        )
    )


class ContactIn(Schema):
    contact_name: str
    contact_phone: str
    contact_email: str = ""


@router.put(
    "/organisations/{org_id}/contact",
    response={200: OrganisationOut, **ERRORS},
    summary="修改联系人",
)
def contact(request, org_id: int, payload: ContactIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return _org(
        services.organisation_update_contact(actor=request.auth, organisation=org, **payload.dict())
    )


class BankIn(Schema):
    bank_name: str
    account_name: str
    account_number: str


@router.put(
    "/organisations/{org_id}/bank-account",
    response={200: OrganisationOut, **ERRORS},
    summary="设置收款账户（加密保存）",
)
def bank_account(request, org_id: int, payload: BankIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return _org(
        services.organisation_set_bank_account(
            actor=request.auth, organisation=org, **payload.dict()
        )
    )


class FactIn(Schema):
    kind: Literal[
        "employees",
        "annual_revenue",
        "tech_sme",
        "high_tech",
        "specialized_sme",
        "incubator_residency",
        "credit_status",
    ]
    value: str
    valid_from: dt.date
    expires_on: dt.date
    evidence_ref: str = ""
    incubator_name: str = ""


class FactOut(Schema):
    id: int
    organisation_id: int
    kind: str
    kind_label: str
    value: str
    employees: int | None
    amount: str | None
    flag: bool | None
    valid_from: dt.date
    expires_on: dt.date
    evidence_ref: str
    has_evidence_file: bool
    status: str
    review_note: str


def _fact(f) -> dict:
    return {
        "id": f.pk,
        "organisation_id": f.organisation_id,
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "value": services.fact_value_display(f),
        "employees": f.amount if f.kind == "employees" else None,
        "amount": fen_to_yuan(f.amount) if f.kind == "annual_revenue" else None,
        "flag": f.flag,
        "valid_from": f.valid_from,
        "expires_on": f.expires_on,
        "evidence_ref": f.evidence_ref,
        "has_evidence_file": bool(f.evidence_file),
        "status": f.status,
        "review_note": f.review_note,
    }


@router.get(
    "/organisations/{org_id}/facts",
    response={200: list[FactOut], **ERRORS},
    summary="资格信息与证明",
)
def fact_list(request, org_id: int):
    return [_fact(f) for f in selectors.fact_list(actor=request.auth, organisation_id=org_id)]


@router.post(
    "/organisations/{org_id}/facts",
    response={201: FactOut, **ERRORS},
    summary="登记资格信息（金额以元为单位的字符串）",
)
def fact_record(request, org_id: int, payload: FactIn):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return Status(
        201, _fact(services.fact_record(actor=request.auth, organisation=org, **payload.dict()))
    )


class VerifyIn(Schema):
    accept: bool
    note: str = ""


@router.post("/facts/{fact_id}/verify", response={200: FactOut, **ERRORS}, summary="核验资格信息")
def fact_verify(request, fact_id: int, payload: VerifyIn):
    fact = selectors.fact_get(actor=request.auth, pk=fact_id)
    return _fact(
        services.fact_verify(
            actor=request.auth, fact=fact, accept=payload.accept, note=payload.note
        )
    )


@router.get(
    "/organisations/{org_id}/quote-facts",
    response={200: dict, **ERRORS},
    summary="补贴测算所需的申请主体信息（applicant 对象）",
)
def quote_facts(request, org_id: int, on: dt.date | None = None):
    org = selectors.organisation_get(actor=request.auth, pk=org_id)
    return selectors.organisation_quote_facts(organisation=org, on=on or clock.today())


# Related parties, personal-number reveal, relation check and role grants live in api_parties;
# change filings in api_filings.
from innovoucher.registry import api_filings, api_parties  # noqa: E402

router.add_router("", api_parties.router)
router.add_router("", api_filings.router)
