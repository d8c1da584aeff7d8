"""POST /api/v1/award-quotes — the provider-award calculator (contracts.md)."""

import json

from django.http import HttpRequest
from ninja import Router, Schema

from innovoucher.api.quotes import ErrorOut, ReasonOut, StepOut
from innovoucher.policies.awards import award_quote_compute
from innovoucher.policies.engine.awards import AwardInputError, codes

router = Router(tags=["服务机构补助测算 Award quotes"])


class AwardOut(Schema):
    code: str
    amount: str
    funder: str
    article: str


class AwardQuoteOut(Schema):
    policy: str
    version: str | None
    year: int
    eligible: bool
    total: str
    shares: dict[str, str]
    awards: list[AwardOut]
    reasons: list[ReasonOut]
    trace: list[StepOut]


AWARD_EXAMPLE = {
    "policy": "liaocheng",
    "year": 2025,
    "provider": {"region": "371502", "kind": "university", "public_institution": True},
    "services": {
        "redeemed_total": "800000.00",
        "via_platform_total": "600000.00",
        "qualifying_contract_total": "1000000.00",
        "public_interest_contracts": 12,
    },
    "evaluation": {"grade": "A"},
}


@router.post(
    "",
    response={200: AwardQuoteOut, 400: ErrorOut, 422: ErrorOut},
    summary="服务机构补助/奖励测算",
    description="按指定政策在该年度最后一天（12月31日）有效的版本，测算服务机构上一年度服务可获"
    "得的补助或奖励、各级分担及理由"
    "（逐条注明依据条款）。文本规定“不超过”的，结果为上限，主管部门可核定较少金额；"
    '政策未规定服务机构补助的，total 为 "0.00"，'
    "reasons 说明并注明条款。",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": AWARD_EXAMPLE}
            },
        }
    },
)
def create_award_quote(request: HttpRequest):
    # The body is read by hand so that every malformed input gets our own Chinese message.
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AwardInputError(
            "请求体不是有效的 JSON，请检查引号、逗号和括号",
            code=codes.INVALID_JSON,
            details={"error": str(exc)},
        ) from exc
    return award_quote_compute(payload)
