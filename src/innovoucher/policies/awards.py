"""Provider-award quoting (服务机构补助/奖励测算): request JSON in, result JSON out (contracts.md).

The interface layers (`innovoucher award_quote`, `POST /api/v1/award-quotes`) call
`award_quote_compute`;
the rules are the `provider_awards` of the stored policy versions, computed by the pure engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from innovoucher.core import clock
from innovoucher.policies.engine.awards import (
    AwardInputError,
    AwardResult,
    award_quote,
    codes,
    parse_award_request,
)
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family


def award_quote_compute(payload: Any, *, today: dt.date | None = None) -> dict:
    """Raises AwardInputError (422, Chinese message naming each field) for malformed input or an
    unknown
    policy; a year with no version in force, or a policy without awards, is an answer, not an error.
    """
    return award_quote_result(payload, today=today).as_contract()


def award_quote_result(payload: Any, *, today: dt.date | None = None) -> AwardResult:
    request = parse_award_request(payload, today=today or clock.today())
    if not PolicyFamily.objects.filter(slug=request.policy).exists():
        available = "、".join(PolicyFamily.objects.values_list("slug", flat=True))
        raise AwardInputError(
            f"未知的政策“{request.policy}”（可选：{available}）",
            code=codes.UNKNOWN_POLICY,
            details={"errors": [{"field": "policy", "problem": "未知的政策"}]},
        )
    return award_quote(engine_family(request.policy), request)
