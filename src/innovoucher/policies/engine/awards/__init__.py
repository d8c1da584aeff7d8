"""Provider awards (服务机构补助/奖励): rules in a version's `provider_awards`, computed with a
trace. Pure Python.

request = parse_award_request(payload, today=date.today())
result = award_quote(family, request).as_contract()
"""

from innovoucher.policies.engine.awards.calculate import (
    AwardResult,
    award_compute,
    award_quote,
    last_day,
)
from innovoucher.policies.engine.awards.codes import AwardInputError
from innovoucher.policies.engine.awards.model import AwardRequest, ProviderAwards
from innovoucher.policies.engine.awards.request import parse_award_request

__all__ = [
    "AwardInputError",
    "AwardRequest",
    "AwardResult",
    "ProviderAwards",
    "award_compute",
    "award_quote",
    "last_day",
    "parse_award_request",
]
