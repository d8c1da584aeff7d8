"""POST /api/v1/quotes — the subsidy calculator (contracts.md)."""

import json

from django.http import HttpRequest
from ninja import Router, Schema

from innovoucher.api.codes import Code
from innovoucher.policies.engine import QuoteInputError
from innovoucher.policies.services import quote_compute

router = Router(tags=["补贴测算 Quotes"])


class ReasonOut(Schema):
    code: str
    message: str
    article: str
    verdict: str


class StepOut(Schema):
    step: str
    value: str
    article: str


class QuoteOut(Schema):
    policy: str
    version: str | None
    on: str
    eligible: bool
    subsidy: str
    shares: dict[str, str]
    payee: str | None
    reasons: list[ReasonOut]
    trace: list[StepOut]


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


QUOTE_EXAMPLE = {
    "policy": "ningxia",
    "on": "2026-06-01",
    "applicant": {
        "kind": "enterprise",
        "region": "640104",
        "employees": 120,
        "annual_revenue": "150000000.00",
        "credit_ok": True,
        "tech_sme": True,
        "in_incubator": False,
        "related_to_provider": False,
        "received_this_year": "0.00",
        "group_received_this_year": "0.00",
    },
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {
        "category": "testing",
        "contract_amount": "300000.00",
        "paid_amount": "300000.00",
        "fully_paid": True,
        "completed_on": "2026-05-01",
        "other_public_funding": False,
        "via_platform": True,
    },
}


@router.post(
    "",
    response={200: QuoteOut, 400: ErrorOut, 422: ErrorOut},
    summary="补贴测算",
    description="按指定政策在申请日有效的版本测算补助金额、各级分担、收款方及理由（逐条注明依据条款）。"
    '不符合条件时 eligible 为 false、subsidy 为 "0.00"，reasons 列出每一条未通过的规则。',
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": QUOTE_EXAMPLE}
            },
        }
    },
)
def create_quote(request: HttpRequest):
    # The body is read by hand so that every malformed input gets our own Chinese message.
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise QuoteInputError(
            "请求体不是有效的 JSON，请检查引号、逗号和括号",
            code=Code.INVALID_JSON,
            details={"error": str(exc)},
        ) from exc
    return quote_compute(payload)
