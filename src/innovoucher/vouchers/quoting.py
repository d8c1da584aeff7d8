"""The engine's subsidy for one purchase (an order or its contract) under a pinned policy version.

The quote request is built from the registry, never from what a person types: the client's
facts in force (`organisation_quote_facts`), whether it is related to the provider, the
provider's region, kind and admission to the policy's pool, and the order's category, amount and
whether it was placed through the platform. Vouchers (face of a contract voucher) and orders
(deduction at checkout) both call `purchase_quote`.
"""

from __future__ import annotations

import datetime as dt

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.policies.engine import QuoteInputError, parse_quote_request
from innovoucher.policies.engine.calculate import QuoteResult, compute
from innovoucher.policies.models import PolicyVersion
from innovoucher.policies.services import engine_version
from innovoucher.providers.models import ProviderAdmission
from innovoucher.providers.states import AdmissionStatus
from innovoucher.registry.fitness import refuse_if_banned  # supervision hook
from innovoucher.registry.relations import related
from innovoucher.registry.selectors import organisation_quote_facts
from innovoucher.vouchers.codes import Code


def provider_admitted(provider, family_slug: str) -> bool:
    return ProviderAdmission.objects.filter(
        organisation=provider, family_slug=family_slug, status=AdmissionStatus.ADMITTED
    ).exists()


def purchase_payload(
    *,
    family_slug: str,
    client,
    provider,
    category: str,
    amount_fen: int,
    via_platform: bool,
    on: dt.date,
) -> dict:
    """The quote request (contracts.md) for buying `category` worth `amount_fen` from `provider`."""
    applicant = organisation_quote_facts(organisation=client, on=on)
    applicant["related_to_provider"] = related(client, provider) is not None
    amount = fen_to_yuan(amount_fen)
    return {
        "policy": family_slug,
        "on": on.isoformat(),
        "applicant": applicant,
        "provider": {
            "region": provider.region_code,
            "kind": provider.provider_kind or "",
            "admitted": provider_admitted(provider, family_slug),
        },
        "service": {
            "category": category,
            "contract_amount": amount,
            "paid_amount": amount,
            "fully_paid": True,
            "completed_on": on.isoformat(),
            "via_platform": via_platform,
        },
    }


def purchase_quote(
    *,
    version: PolicyVersion,
    client,
    provider,
    category: str,
    amount_fen: int,
    via_platform: bool,
    on: dt.date,
) -> QuoteResult:
    """The engine's result under the pinned `version` (not the version in force on `on`)."""
    refuse_if_banned(client, on=on)  # supervision hook: a banned party gets no quote
    payload = purchase_payload(
        family_slug=version.family.slug,
        client=client,
        provider=provider,
        category=category,
        amount_fen=amount_fen,
        via_platform=via_platform,
        on=on,
    )
    if not payload["provider"]["kind"]:
        payload["provider"].pop("kind")
    try:
        request = parse_quote_request(payload, today=on)
    except QuoteInputError as exc:
        raise ValidationFailed(
            f"无法按政策测算本笔服务：{exc.message}", code=Code.QUOTE_INPUT, details=exc.details
        ) from exc
    return compute(engine_version(version), request)


def failed_reasons(result: QuoteResult) -> list[dict]:
    return [
        {"code": r.code, "message": r.message, "article": r.article}
        for r in result.reasons
        if r.verdict == "fail"
    ]


def trace_rows(result: QuoteResult) -> list[dict]:
    return [{"step": s.step, "value": s.value, "article": s.article} for s in result.trace]
