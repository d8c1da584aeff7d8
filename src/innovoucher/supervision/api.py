"""JSON API of supervision (/api/v1/supervision/…), session authentication with CSRF. Amounts
are strings in yuan with two decimals; dates ISO 8601; errors {"code", "message", "details"}."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.supervision import selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.services import checks, clawbacks, complaints, sanctions

router = Router(tags=["监督检查 Supervision"], auth=SessionAuth(csrf=True))


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SanctionOut(Schema):
    id: int
    number: str
    organisation_id: int
    organisation_name: str
    scope: str
    article: str
    reason: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    derived_from: str | None
    path: list[dict]


def _sanction(s) -> dict:
    return {
        "id": s.pk,
        "number": s.number,
        "organisation_id": s.organisation_id,
        "organisation_name": s.organisation.name,
        "scope": s.scope,
        "article": s.article,
        "reason": s.reason,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "status": s.status,
        "derived_from": s.derived_from.number if s.derived_from_id else None,
        "path": s.path,
    }


class ImposeIn(Schema):
    organisation_id: int
    family: str
    reason: str
    scopes: list[str] | None = None
    ends_on: dt.date | None = None


class ReasonsIn(Schema):
    reasons: list[str]


@router.get("/sanctions", response={200: list[SanctionOut], **ERRORS})
def list_sanctions(request, status: str = "", q: str = "", limit: int = 50, offset: int = 0):
    qs = selectors.sanctions_for_official(request.auth, status=status, query=q)
    limit = max(1, min(limit, 200))
    return [_sanction(s) for s in qs[max(0, offset) : max(0, offset) + limit]]


@router.get("/sanctions/{pk}", response={200: SanctionOut, **ERRORS})
def get_sanction(request, pk: int):
    return _sanction(selectors.sanction_get(request.auth, pk))


@router.post("/sanctions", response={201: list[SanctionOut], **ERRORS})
def impose(request, payload: ImposeIn):
    made = sanctions.sanction_impose(
        actor=request.auth,
        organisation=selectors.organisation_by_pk(payload.organisation_id),
        family=payload.family,
        reason=payload.reason,
        scopes=payload.scopes,
        ends_on=payload.ends_on,
    )
    return Status(201, [_sanction(s) for s in made])


@router.post("/sanctions/{pk}/lift", response={200: SanctionOut, **ERRORS})
def lift(request, pk: int, payload: ReasonsIn):
    sanction = selectors.sanction_get(request.auth, pk)
    return _sanction(
        sanctions.sanction_lift(actor=request.auth, sanction=sanction, reasons=payload.reasons)
    )


# --- spot checks --------------------------------------------------------------------------------


class DrawIn(Schema):
    region_code: str
    family: str
    period_from: dt.date
    period_to: dt.date
    method: str = "random"
    provider_id: int | None = None
    confidence: str = "0.95"
    margin: str = "0.05"
    size: int | None = None
    seed: int | None = None
    flying: bool = False


class CheckOut(Schema):
    id: int
    number: str
    redemption: str
    risk_score: int
    risk_factors: list[dict]
    status: str
    outcome: str
    due_on: dt.date
    flying: bool
    rectification: str | None = Field(None, description="the 限期整改 measure's number (rectify)")


class SampleOut(Schema):
    id: int
    number: str
    method: str
    seed: int
    population: int
    size: int
    confidence: str
    margin: str
    flying: bool
    checks: list[CheckOut]


def _check(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "redemption": c.redemption.number,
        "risk_score": c.risk_score,
        "risk_factors": c.risk_factors,
        "status": c.status,
        "outcome": c.outcome,
        "due_on": c.due_on,
        "flying": c.flying,
        "rectification": getattr(getattr(c, "rectification", None), "number", None),
    }


def _sample(s) -> dict:
    return {
        "id": s.pk,
        "number": s.number,
        "method": s.method,
        "seed": s.seed,
        "population": s.population,
        "size": s.size,
        "confidence": str(s.confidence),
        "margin": str(s.margin),
        "flying": s.flying,
        "checks": [_check(c) for c in s.checks.select_related("redemption")],
    }


@router.post("/samples", response={201: SampleOut, **ERRORS})
def draw(request, payload: DrawIn):
    provider = selectors.organisation_by_pk(payload.provider_id) if payload.provider_id else None
    sample = checks.sample_draw(
        actor=request.auth,
        region_code=payload.region_code,
        family=payload.family,
        period_from=payload.period_from,
        period_to=payload.period_to,
        method=payload.method,
        provider=provider,
        confidence=payload.confidence,
        margin=payload.margin,
        size=payload.size,
        seed=payload.seed,
        flying=payload.flying,
    )
    return Status(201, _sample(sample))


@router.get("/samples/{pk}", response={200: SampleOut, **ERRORS})
def get_sample(request, pk: int):
    return _sample(selectors.sample_get(request.auth, pk))


class FindingIn(Schema):
    text: str
    amount: str = "0"


class ConcludeIn(Schema):
    outcome: str
    conclusion: str = ""
    party: str = Field("applicant", description="rectify: applicant | provider")
    days: int | None = Field(None, description="rectify: days to rectify (5–90, default 30)")


@router.get("/checks/{pk}", response={200: CheckOut, **ERRORS})
def get_check(request, pk: int):
    return _check(selectors.check_get(request.auth, pk))


@router.post("/checks/{pk}/start", response={200: CheckOut, **ERRORS})
def start(request, pk: int):
    check = selectors.check_get(request.auth, pk)
    return _check(checks.check_start(actor=request.auth, check=check))


@router.post("/checks/{pk}/findings", response={201: CheckOut, **ERRORS})
def add_finding(request, pk: int, payload: FindingIn):
    check = selectors.check_get(request.auth, pk)
    try:
        amount = yuan_to_fen(payload.amount or "0")
    except MoneyError:
        message = "金额须为元，最多两位小数"
        raise ValidationFailed(
            message, code=Code.INVALID_AMOUNT, details={"fields": {"amount": [message]}}
        )
    checks.finding_record(actor=request.auth, check=check, text=payload.text, amount_fen=amount)
    return Status(201, _check(selectors.check_get(request.auth, pk)))


@router.post("/checks/{pk}/conclude", response={200: CheckOut, **ERRORS})
def conclude(request, pk: int, payload: ConcludeIn):
    check = selectors.check_get(request.auth, pk)
    return _check(
        checks.check_conclude(
            actor=request.auth,
            check=check,
            outcome=payload.outcome,
            conclusion=payload.conclusion,
            party=payload.party,
            days=payload.days,
        )
    )


# --- clawbacks and complaints --------------------------------------------------------------------


class ClawbackOut(Schema):
    id: int
    number: str
    redemption: str
    organisation_name: str
    amount: str
    article: str
    issued_on: dt.date
    due_on: dt.date
    status: str
    voucher_withdrawn: bool


def _clawback(k) -> dict:
    return {
        "id": k.pk,
        "number": k.number,
        "redemption": k.redemption.number,
        "organisation_name": k.organisation.name,
        "amount": fen_to_yuan(k.amount_fen),
        "article": k.article,
        "issued_on": k.issued_on,
        "due_on": k.due_on,
        "status": k.status,
        "voucher_withdrawn": k.voucher_withdrawn,
    }


class RepayIn(Schema):
    recovery_reference: str = ""


@router.get("/clawbacks", response={200: list[ClawbackOut], **ERRORS})
def list_clawbacks(request, status: str = ""):
    return [_clawback(k) for k in selectors.clawbacks_for_official(request.auth, status=status)]


@router.post("/clawbacks/{pk}/repay", response={200: ClawbackOut, **ERRORS})
def repay(request, pk: int, payload: RepayIn):
    clawback = selectors.clawback_get(request.auth, pk)
    return _clawback(
        clawbacks.clawback_repay(
            actor=request.auth, clawback=clawback, recovery_reference=payload.recovery_reference
        )
    )


class ComplaintIn(Schema):
    kind: str
    provider_id: int
    family: str
    text: str
    complainant_id: int | None = None


class AnswerIn(Schema):
    outcome: str
    answer: str


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    provider_id: int
    status: str
    outcome: str
    due_on: dt.date


def _complaint(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "kind": c.kind,
        "provider_id": c.provider_id,
        "status": c.status,
        "outcome": c.outcome,
        "due_on": c.due_on,
    }


@router.post("/complaints", response={201: ComplaintOut, **ERRORS})
def file_complaint(request, payload: ComplaintIn):
    complainant = (
        selectors.organisation_by_pk(payload.complainant_id) if payload.complainant_id else None
    )
    complaint = complaints.complaint_file(
        actor=request.auth,
        kind=payload.kind,
        provider=selectors.organisation_by_pk(payload.provider_id),
        family=payload.family,
        text=payload.text,
        complainant=complainant,
    )
    return Status(201, _complaint(complaint))


@router.post("/complaints/{pk}/answer", response={200: ComplaintOut, **ERRORS})
def answer(request, pk: int, payload: AnswerIn):
    complaint = selectors.complaint_get(request.auth, pk)
    return _complaint(
        complaints.complaint_answer(
            actor=request.auth, complaint=complaint, outcome=payload.outcome, answer=payload.answer
        )
    )
