"""Demo: the 2026 evaluations of every seed scheme, through the services (after the simulated
year): a published provider round per scheme (grades and proposed awards for the award page and
the officials' 审定拨付), the annual performance evaluation of Shanxi and Urumqi published with its
budget note on 2027 (Shanxi art. 23; Urumqi art. 21), and Liaocheng's county evaluation left open
for scoring (art. 22). Idempotent: a round that exists is not opened again.

Then one award goes all the way (`_pay_award`): Ningxia's finance appropriates the 2027 服务机构补助
budget in advance (提前下达, the award of the 2026 services is paid from the next year's budget),
the province approves the award of the provider `ningxia-prov1` works for (the claim is reserved
on that budget) and finance pays it in a batch of the 服务机构补助 line under its own payment notice
(exported, the bank's results imported: paid), leaving the vouchers' payable claims for the
finance pages. The provider sees it computed and paid on its award page, finance sees it in the
batch; any other award stays proposed for the officials' 审定拨付 page."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.evaluation import services
from innovoucher.evaluation.models import Award, EvaluationRound
from innovoucher.evaluation.states import AwardStatus
from innovoucher.ledger import services as ledger
from innovoucher.ledger.bankfiles import render_results
from innovoucher.ledger.models import BudgetLine, Claim, PaymentBatch
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.providers.selectors import provider_orgs_for_staff

log = logging.getLogger(__name__)
YEAR = 2026
DAY = dt.date(2026, 12, 1)
# family -> [(kind, publish?)]
ROUNDS = {
    "shanxi": [("provider", True), ("scheme", True)],
    "urumqi": [("provider", True), ("scheme", True)],
    "liaocheng": [("provider", True), ("county", False)],
    "ningxia": [("provider", True)],
    "shaoxing": [("provider", True)],
}


def _round(official, kind: str, family: str, region: str, publish: bool) -> None:
    if EvaluationRound.objects.filter(
        kind=kind, family_slug=family, region_code=region, year=YEAR
    ).exists():
        return
    rnd = services.round_open(
        actor=official, kind=kind, family=family, region_code=region, year=YEAR
    )
    if publish:
        rnd = services.round_decide(actor=official, round=rnd)
        services.round_publish(actor=official, round=rnd)


def _evaluate(progress) -> None:
    progress.total(len(ROUNDS))
    users = get_user_model().objects
    at = timezone.make_aware(dt.datetime.combine(DAY, dt.time(10, 0)))
    with clock.frozen_now(at):
        for family, rounds in ROUNDS.items():
            official = users.filter(username=f"{family}-province").first()
            if official is None or not PolicyFamily.objects.filter(slug=family).exists():
                progress.advance()
                continue
            region = engine_family(family).region
            for kind, publish in rounds:
                try:
                    _round(official, kind, family, region, publish)
                except DomainError as exc:
                    log.warning("demo evaluation %s %s skipped: %s", family, kind, exc.message)
            progress.advance()


# The award paid through the ledger in the demo (Ningxia: the province funds provider awards).
PAID_AWARD = {
    "family": "ningxia",
    "provider_user": "ningxia-prov1",
    "official": "ningxia-province",
    "finance": "ningxia-finance",
    "funder": "640000",
    "budget_yuan": 2_000_000,
    "reference": "宁财教〔2026〕31号（提前下达2027年度服务机构补助）",
    "period": "宁科奖补〔2026〕1号",
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _award_to_pay(users) -> Award | None:
    staff = users.filter(username=PAID_AWARD["provider_user"]).first()
    awards = Award.objects.filter(family_slug=PAID_AWARD["family"], year=YEAR).exclude(
        status=AwardStatus.WITHDRAWN
    )
    if staff is not None:
        own = awards.filter(provider_id__in=[o.pk for o in provider_orgs_for_staff(actor=staff)])
        if own.exists():
            awards = own
    return awards.order_by("-total_fen", "id").first()


def _pay_award(progress) -> None:
    progress.total(3)
    users = get_user_model().objects
    official = users.filter(username=PAID_AWARD["official"]).first()
    finance = users.filter(username=PAID_AWARD["finance"]).first()
    award = _award_to_pay(users)
    if official is None or finance is None or award is None:
        log.warning("demo award payment skipped: no award, official or finance officer")
        return
    with clock.frozen_now(_at(DAY, 11)):
        budget = ledger.budget_open(
            actor=finance,
            funder_region=PAID_AWARD["funder"],
            fiscal_year=award.fiscal_year,
            line=BudgetLine.PROVIDER_SUBSIDIES,
        )
        ledger.budget_appropriate(
            actor=finance,
            budget=budget,
            amount_fen=PAID_AWARD["budget_yuan"] * 100,
            reference=PAID_AWARD["reference"],
        )
    progress.advance()
    if award.status == AwardStatus.PROPOSED:
        with clock.frozen_now(_at(DAY + dt.timedelta(days=1), 10)):
            award = services.award_approve(actor=official, award=award)
    progress.advance()
    claim = Claim.objects.filter(reference=award.claim_reference).first()
    if claim is None or claim.status != Claim.Status.RESERVED:
        progress.advance()
        return
    day = DAY + dt.timedelta(days=2)
    with clock.frozen_now(_at(day, 9)):
        batch = ledger.batch_create(
            actor=finance,
            payer_region=PAID_AWARD["funder"],
            cadence="per_notice",
            period=PAID_AWARD["period"],
            budget_line=BudgetLine.PROVIDER_SUBSIDIES,
        )
        if batch.status == PaymentBatch.Status.DRAFT:
            ledger.batch_export(actor=finance, batch=batch, fmt="csv")
    batch.refresh_from_db()
    if batch.status == PaymentBatch.Status.EXPORTED:
        rows = [
            (line.code, True, f"BANK{line.pk:08d}", "") for line in batch.lines.order_by("position")
        ]
        with clock.frozen_now(_at(day, 16)):
            ledger.batch_import_results(
                actor=finance,
                batch=batch,
                filename="bank-result-award.csv",
                content=render_results(rows),
            )
    progress.advance()


DEMO_STEPS = [
    (80, "绩效评价：服务机构评价与奖补、县区评价、年度绩效评价", _evaluate),
    (82, "奖补拨付：一家服务机构的奖补经审定、预算与支付批次拨付", _pay_award),
]
