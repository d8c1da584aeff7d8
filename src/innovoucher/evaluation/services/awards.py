"""Provider awards (服务机构补助/奖励) from a published provider round, paid through the ledger.

Publishing a provider round runs the award quote (`policies.awards.award_quote_compute`, the same
answer as `innovoucher award_quote`) for every provider with its figures and its grade, and
proposes an award where the total is above zero. An official approves it: in the same transaction
the award becomes ledger claim `award:<id>` on the 服务机构补助 budgets, split between the funders
as the quote's shares say, reserved (or queued when the budget is short: 兑完为止). The payment
batch pays it like any claim; the ledger's conditional updates make overspending and paying twice
impossible, the award's compare-and-swap makes approving twice impossible.
"""

from __future__ import annotations

import datetime as dt
import uuid

from innovoucher.core import clock
from innovoucher.core.lifecycle import transition_apply
from innovoucher.core.money import yuan_to_fen
from innovoucher.evaluation.award_figures import AwardFigures, award_request_for
from innovoucher.evaluation.lifecycles import AWARD
from innovoucher.evaluation.models import Award, EvaluationRound
from innovoucher.evaluation.states import OFFICIAL
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import BudgetLine, Excess
from innovoucher.policies.awards import award_quote_compute
from innovoucher.registry.payees import payee_ref


def award_fiscal_year(year: int, today: dt.date) -> int:
    """Last year's services are rewarded from this year's budget (聊城第十九条「按其上年度」)."""
    return max(year + 1, today.year)


def award_reference(award: Award) -> str:
    return f"award:{award.pk}"


def _figures(family: str, ind: dict) -> AwardFigures:
    return AwardFigures(
        family,
        ind.get("redemptions", 0),
        ind.get("redeemed_fen", 0),
        ind.get("via_platform_fen", 0),
        ind.get("contract_fen", 0),
        ind.get("public_interest", 0),
    )


def awards_propose(rnd: EvaluationRound) -> int:
    """A sub-step of publishing a provider round: one proposed award per provider earning one."""
    made = 0
    now = clock.now()
    for a in rnd.assessments.select_related("provider").filter(provider__isnull=False):
        payload = award_request_for(
            a.provider, rnd.family_slug, rnd.year, _figures(rnd.family_slug, a.indicators), a.grade
        )
        result = award_quote_compute(payload)
        total = yuan_to_fen(result["total"])
        if total <= 0 or Award.objects.filter(assessment=a).exists():
            continue
        Award.objects.create(
            number=f"JB{now:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}",
            assessment=a,
            provider=a.provider,
            family_slug=rnd.family_slug,
            region_code=a.provider.region_code,
            year=rnd.year,
            fiscal_year=award_fiscal_year(rnd.year, now.date()),
            grade=a.grade,
            total_fen=total,
            shares={k: yuan_to_fen(v) for k, v in result["shares"].items() if yuan_to_fen(v) > 0},
            lines=result["awards"],
            trace=result["trace"],
            created_at=now,
        )
        made += 1
    return made


def award_approve(*, actor, award: Award) -> Award:
    """proposed → approved, and the ledger claim reserved (or queued) in the same transaction."""
    return transition_apply(
        AWARD,
        actor=actor,
        obj=award,
        action="approve",
        by=OFFICIAL,
        values={"claim_reference": award_reference(award)},
        after=lambda a: _claim(actor, a),
        audit_data={"total_fen": award.total_fen, "shares": award.shares},
    )


def _claim(actor, award: Award) -> None:
    provider = award.provider
    ledger.claim_reserve(
        actor=actor,
        reference=award_reference(award),
        region_code=award.region_code,
        fiscal_year=award.fiscal_year,
        shares=dict(award.shares),
        payee=ledger.Payee(
            kind="provider",
            name=provider.name,
            account_masked=provider.bank_account_masked or "未登记",
            ref=payee_ref(provider),
        ),
        completed_at=award.created_at,
        excess=Excess.WAIT,
        family=award.family_slug,
        line=BudgetLine.PROVIDER_SUBSIDIES,
    )


def award_withdraw(*, actor, award: Award, reasons) -> Award:
    return transition_apply(
        AWARD, actor=actor, obj=award, action="withdraw", by=OFFICIAL, reasons=reasons
    )
