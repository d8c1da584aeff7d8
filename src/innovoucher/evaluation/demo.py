"""Demo: the 2026 evaluations of every seed scheme, through the services (after the simulated
year): a published provider round per scheme (grades and proposed awards for the award page and
the officials' 审定拨付), the annual performance evaluation of Shanxi and Urumqi published with its
budget note on 2027 (Shanxi art. 23; Urumqi art. 21), and Liaocheng's county evaluation left open
for scoring (art. 22). Idempotent: a round that exists is not opened again."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.evaluation import services
from innovoucher.evaluation.models import EvaluationRound
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family

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


DEMO_STEPS = [(80, "绩效评价：服务机构评价与奖补、县区评价、年度绩效评价", _evaluate)]
