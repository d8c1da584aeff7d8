"""Evaluation through the services: a round computed from the platform's data, scored, decided,
published; the grade read by other apps; the award paid through the ledger's budgets once."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.evaluation import selectors, services
from innovoucher.evaluation.codes import Code
from innovoucher.evaluation.models import Award
from innovoucher.ledger.models import BudgetNote, Claim
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from testsupport import make_user
from testsupport.world import START

from .support import FAMILY, PROVINCE, award_budget, expert, paid_world, pay_all

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=20)


def _open(world, kind="provider", **kw):
    return services.round_open(
        actor=world.officials["province"],
        kind=kind,
        family=FAMILY,
        region_code=PROVINCE,
        year=DAY.year,
        **kw,
    )


def test_provider_round_computes_scores_decides_publishes_and_pays_the_award_once():
    world = paid_world()
    with clock.frozen_now(DAY):
        rnd = _open(world)
        assert rnd.expert_weight == 30  # Ningxia names a third party (default weight)
        [a] = [a for a in selectors.round_assessments(rnd) if a.provider_id == world.provider.pk]
        assert a.indicators["redeemed_fen"] == 8_000_000 and a.indicators["redemptions"] == 2
        assert a.indicators["parts"]["volume"] == 30 and a.platform_score > 0
        with pytest.raises(ValidationFailed) as bad:
            services.assessment_score(actor=expert(), assessment=a, score="120")
        assert bad.value.code == Code.SCORE_INVALID
        a = services.assessment_score(actor=expert(), assessment=a, score=95, comment="服务优良")
        assert a.score == (a.platform_score * 70 + 95 * 30 + 50) // 100
        assert (
            selectors.provider_grade(provider=world.provider, family=FAMILY, year=DAY.year) is None
        )
        rnd = services.round_decide(actor=world.officials["province"], round=rnd)
        with pytest.raises(Conflict):
            services.assessment_score(actor=expert(), assessment=a, score=10)
        rnd = services.round_publish(actor=world.officials["province"], round=rnd)
        grade = selectors.provider_grade(provider=world.provider, family=FAMILY, year=DAY.year)
        assert grade == a.grade and rnd.status == "published"
        award = Award.objects.get(assessment=a)
        # Ningxia: 高校、科研院所 50% / 社会化服务机构 20% of the redeemed amount (testing agency)
        assert award.total_fen == 1_600_000 and award.shares == {"province": 1_600_000}
        award_budget(world, 1_000_000_00, award.fiscal_year)
        award = services.award_approve(actor=world.officials["province"], award=award)
        with pytest.raises(Conflict):
            services.award_approve(actor=world.officials["province"], award=award)
        claim = Claim.objects.get(reference=award.claim_reference)
        assert claim.status == "reserved" and claim.line == "provider_subsidies"
        pay_all(world, "奖补-1")
        claim.refresh_from_db()
        assert claim.status == "paid"
        with pytest.raises(ValidationFailed):  # nothing left to pay: never paid twice
            pay_all(world, "奖补-2")
    assert ledger_verify().ok
    actions = set(
        AuditEvent.objects.filter(action__startswith="evaluation.").values_list("action", flat=True)
    )
    assert {
        "evaluation.round.open",
        "evaluation.assessment.score",
        "evaluation.round.decide",
        "evaluation.round.publish",
        "evaluation.award.approve",
    } <= actions


def test_only_officials_of_the_region_open_and_a_round_opens_once():
    world = paid_world(subsidies=(1_000_000,))
    with clock.frozen_now(DAY):
        outsider = make_user("outsider-official", "province_reviewer", "140000")
        with pytest.raises(PermissionDenied):
            services.round_open(
                actor=outsider, kind="provider", family=FAMILY, region_code=PROVINCE, year=DAY.year
            )
        _open(world)
        with pytest.raises(Conflict) as twice:
            _open(world)
        assert twice.value.code == Code.ROUND_EXISTS
        with pytest.raises(ValidationFailed) as bad:
            _open(world, kind="scheme", expert_weight=150)
        assert bad.value.code == Code.ROUND_INVALID


def test_scheme_round_records_next_years_budget_note_and_county_round_flags():
    world = paid_world(subsidies=(2_000_000,))
    with clock.frozen_now(DAY):
        rnd = _open(world, kind="scheme")
        [a] = selectors.round_assessments(rnd)
        assert a.indicators["budget_received_fen"] > 0 and a.indicators["redeemed_fen"] == 2_000_000
        rnd = services.round_decide(actor=world.officials["province"], round=rnd)
        rnd = services.round_reopen(
            actor=world.officials["province"], round=rnd, reasons=["补充评分"]
        )
        rnd = services.round_decide(actor=world.officials["province"], round=rnd)
        services.round_publish(actor=world.officials["province"], round=rnd)
        note = BudgetNote.objects.get(reference=f"evaluation:{rnd.number}")
        assert note.fiscal_year == DAY.year + 1 and note.funder_region == PROVINCE
        assert a.grade in note.text
        county = _open(world, kind="county")
        assert {x.region_code for x in selectors.round_assessments(county)} >= {world.county}


def test_texts_stored_while_the_people_use_english_stay_chinese():
    """A whole year (vouchers, orders, redemptions, payment) and a round opened by people whose
    pages are English: the notifications, ledger memos and the round's title are Chinese (the
    services build them under `core.i18n.chinese`; stored data is never translated)."""
    import re

    from django.utils import translation

    from innovoucher.evaluation.states import RoundKind
    from innovoucher.ledger.models import Transfer
    from innovoucher.notifications.models import Notification

    english = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,}")  # two English words in a row
    with translation.override("en"):
        world = paid_world()
        with clock.frozen_now(DAY):
            rnd = _open(world)
    assert str(RoundKind.PROVIDER.label) in rnd.title and "年度" in rnd.title
    stored = [f"{n.subject} {n.body}" for n in Notification.objects.all()]
    stored += list(Transfer.objects.values_list("memo", flat=True))
    assert len(stored) > 10
    assert not [t for t in stored if english.search(t)], [t for t in stored if english.search(t)]
