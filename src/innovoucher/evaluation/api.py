"""JSON API of evaluation (/api/v1/evaluation/…), read-only, session authentication.

Officials (reviewers, experts, operators, auditors, finance) read the rounds, results and awards
of their regions; a provider's staff read its own published results and its own awards with the
award calculation (the quote's lines and trace) and the payment status of its ledger claim.
Amounts are strings in yuan with two decimals; errors {"code", "message", "details"} with a 4xx.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.security import SessionAuth

from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.evaluation import permissions, selectors
from innovoucher.evaluation.codes import Code
from innovoucher.evaluation.states import RoundKind
from innovoucher.ledger.codes import Code as LedgerCode

router = Router(tags=["绩效评价 Evaluation"], auth=SessionAuth(csrf=True))
PAGE_MAX = 200


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RoundOut(Schema):
    id: int
    number: str
    kind: str
    family: str
    region_code: str
    year: int
    title: str
    article: str
    expert_weight: int
    status: str
    computed_at: dt.datetime | None
    decided_at: dt.datetime | None
    summary: dict


class AssessmentOut(Schema):
    id: int
    round_id: int
    round_number: str
    kind: str
    family: str
    year: int
    subject_key: str
    subject_name: str
    region_code: str
    provider_id: int | None
    indicators: dict
    platform_score: int
    expert_score: int | None
    score: int
    grade: str
    flags: list


class RoundDetailOut(RoundOut):
    assessments: list[AssessmentOut]


class AwardLineOut(Schema):
    code: str
    amount: str
    funder: str
    article: str


class TraceStepOut(Schema):
    step: str
    value: str
    article: str


class AwardOut(Schema):
    id: int
    number: str
    assessment_id: int
    provider_id: int
    provider_name: str
    family: str
    region_code: str
    year: int
    fiscal_year: int
    grade: str
    total: str
    shares: dict[str, str]
    awards: list[AwardLineOut]
    trace: list[TraceStepOut]
    status: str
    claim_reference: str
    payment_status: str | None


class ProviderResultsOut(Schema):
    assessments: list[AssessmentOut]
    awards: list[AwardOut]


def _year(year: int | None) -> int | None:
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationFailed("年度须为2000—2100之间的四位数年份", code=LedgerCode.YEAR_INVALID)
    return year


def _page(qs, limit: int, offset: int) -> list:
    limit, offset = max(1, min(limit, PAGE_MAX)), max(0, offset)
    return list(qs[offset : offset + limit])


def _round(r) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "kind": r.kind,
        "family": r.family_slug,
        "region_code": r.region_code,
        "year": r.year,
        "title": r.title,
        "article": r.article,
        "expert_weight": r.expert_weight,
        "status": r.status,
        "computed_at": r.computed_at,
        "decided_at": r.decided_at,
        "summary": r.summary or {},
    }


def _assessment(a) -> dict:
    return {
        "id": a.pk,
        "round_id": a.round_id,
        "round_number": a.round.number,
        "kind": a.round.kind,
        "family": a.round.family_slug,
        "year": a.round.year,
        "subject_key": a.subject_key,
        "subject_name": a.subject_name,
        "region_code": a.region_code,
        "provider_id": a.provider_id,
        "indicators": a.indicators or {},
        "platform_score": a.platform_score,
        "expert_score": a.expert_score,
        "score": a.score,
        "grade": a.grade,
        "flags": a.flags or [],
    }


def _awards(awards) -> list[dict]:
    awards = list(awards)
    claims = selectors.claim_status(a.claim_reference for a in awards)
    return [
        {
            "id": w.pk,
            "number": w.number,
            "assessment_id": w.assessment_id,
            "provider_id": w.provider_id,
            "provider_name": w.provider.name,
            "family": w.family_slug,
            "region_code": w.region_code,
            "year": w.year,
            "fiscal_year": w.fiscal_year,
            "grade": w.grade,
            "total": fen_to_yuan(w.total_fen),
            "shares": {k: fen_to_yuan(int(v)) for k, v in (w.shares or {}).items()},
            "awards": [
                {
                    "code": str(line.get("code", "")),
                    "amount": str(line.get("amount", "")),
                    "funder": str(line.get("funder", "")),
                    "article": str(line.get("article", "")),
                }
                for line in w.lines or []
            ],
            "trace": [
                {
                    "step": str(s.get("step", "")),
                    "value": str(s.get("value", "")),
                    "article": str(s.get("article", "")),
                }
                for s in w.trace or []
            ],
            "status": w.status,
            "claim_reference": w.claim_reference,
            "payment_status": c.status if (c := claims.get(w.claim_reference)) else None,
        }
        for w in awards
    ]


@router.get(
    "/rounds",
    response={200: list[RoundOut], **ERRORS},
    summary="评价批次列表（本辖区）",
)
def list_rounds(request, kind: str = "", year: int | None = None, limit: int = 50, offset: int = 0):
    if not permissions.is_reader(request.auth):
        raise PermissionDenied("您没有查看绩效评价的权限")
    if kind and kind not in RoundKind.values:
        raise ValidationFailed(
            f"评价类型须为 {'、'.join(RoundKind.values)} 之一", code=Code.ROUND_INVALID
        )
    qs = selectors.round_list_for_reader(actor=request.auth, kind=kind, year=_year(year))
    return [_round(r) for r in _page(qs, limit, offset)]


@router.get(
    "/rounds/{round_id}",
    response={200: RoundDetailOut, **ERRORS},
    summary="评价批次及其评价结果",
)
def get_round(request, round_id: int):
    rnd = selectors.round_get(actor=request.auth, pk=round_id)
    return {
        **_round(rnd),
        "assessments": [_assessment(a) for a in selectors.round_assessments(rnd)],
    }


@router.get(
    "/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="评价结果（本辖区；服务机构为本机构已公布的结果）",
)
def list_assessments(request, year: int | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.assessment_list_visible(actor=request.auth, year=_year(year))
    return [_assessment(a) for a in _page(qs, limit, offset)]


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="一项评价结果及其指标",
)
def get_assessment(request, assessment_id: int):
    return _assessment(selectors.assessment_get_visible(actor=request.auth, pk=assessment_id))


@router.get(
    "/awards",
    response={200: list[AwardOut], **ERRORS},
    summary="服务机构奖补（本辖区；服务机构为本机构的奖补）",
)
def list_awards(
    request,
    year: int | None = None,
    round_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.award_list_visible(actor=request.auth, year=_year(year), round_pk=round_id)
    return _awards(_page(qs, limit, offset))


@router.get(
    "/awards/{award_id}",
    response={200: AwardOut, **ERRORS},
    summary="一项奖补的测算明细（条款、计算过程）与拨付状态",
)
def get_award(request, award_id: int):
    return _awards([selectors.award_get_visible(actor=request.auth, pk=award_id)])[0]


@router.get(
    "/mine",
    response={200: ProviderResultsOut, **ERRORS},
    summary="本服务机构的评价结果与奖补",
)
def provider_results(request, year: int | None = None):
    own = selectors.provider_orgs_of(actor=request.auth)
    if not own:
        raise PermissionDenied("仅服务机构工作人员可查看本机构的评价与奖补")
    year = _year(year)
    ids = [o.pk for o in own]
    assessments = selectors.assessment_list_visible(actor=request.auth, year=year).filter(
        provider_id__in=ids
    )
    awards = selectors.award_list_visible(actor=request.auth, year=year).filter(provider_id__in=ids)
    return {
        "assessments": [_assessment(a) for a in assessments[:PAGE_MAX]],
        "awards": _awards(awards[:PAGE_MAX]),
    }
