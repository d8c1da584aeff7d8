"""The policy engine: rules as dated data, calculations with a trace. Pure Python, no Django.

family = load_family(yaml.safe_load(text), source="policies/ningxia.yaml")
request = parse_quote_request(payload, today=date.today())
result = quote(family, request).as_contract()
"""

from innovoucher.policies.engine.calculate import QuoteResult, Reason, Step, compute, quote
from innovoucher.policies.engine.errors import PolicyDefinitionError, QuoteInputError
from innovoucher.policies.engine.model import PolicyFamily, PolicyVersion
from innovoucher.policies.engine.request import QuoteRequest, parse_quote_request
from innovoucher.policies.engine.schema import load_family

__all__ = [
    "PolicyDefinitionError",
    "PolicyFamily",
    "PolicyVersion",
    "QuoteInputError",
    "QuoteRequest",
    "QuoteResult",
    "Reason",
    "Step",
    "compute",
    "load_family",
    "parse_quote_request",
    "quote",
]
