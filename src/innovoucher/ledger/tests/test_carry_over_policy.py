"""`process.carry_over: false` stops a carry-over: a queued claim of such a policy stays in its
own year when the budget's unspent money is carried over, and a policy may not say both "no
carry-over" and "carry the excess over"."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from innovoucher.accounts.roles import Role
from innovoucher.ledger import services
from innovoucher.ledger.models import Claim
from innovoucher.ledger.tests.helpers import funded, reserve
from innovoucher.policies.engine import PolicyDefinitionError, load_family
from innovoucher.policies.services import carry_over_allowed, engine_family
from innovoucher.redemptions.services.payment import excess_rule
from testsupport import make_user

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def officer(db):
    return make_user(
        "fin_carry", grants=[(Role.FINANCE_OFFICER, r) for r in ("140000", "640000", "371500")]
    )


def test_the_parameter_is_read_per_family(seed_policies):
    assert carry_over_allowed(family_slug="ningxia", fiscal_year=2026) is True
    for slug in ("shanxi", "urumqi", "shaoxing"):
        assert carry_over_allowed(family_slug=slug, fiscal_year=2026) is False, slug
    # Liaocheng lapsed on 2026-01-25: the last version that started still governs its claims
    assert carry_over_allowed(family_slug="liaocheng", fiscal_year=2026) is False
    assert carry_over_allowed(family_slug="", fiscal_year=2026) is True


def test_a_no_carry_over_claim_stays_in_its_year(officer, seed_policies):
    pool = funded(officer, "140000", 500)
    shanxi = reserve(officer, "s1", {"province": 600}, region="140000", family="shanxi")
    other = reserve(officer, "x1", {"province": 700}, region="140000", day=2)
    assert shanxi.status == S.QUEUED and other.status == S.QUEUED
    services.budget_carry_over(actor=officer, budget=pool, reference="结转")
    shanxi.refresh_from_db()
    other.refresh_from_db()
    assert shanxi.fiscal_year == 2026 and shanxi.status == S.QUEUED  # 第四条：以年度为周期
    assert other.fiscal_year == 2027


def test_the_ningxia_excess_is_carried_but_never_for_a_no_carry_over_policy(seed_policies):
    ningxia = engine_family("ningxia").version_on(dt.date(2026, 6, 1))
    assert excess_rule(ningxia) == "carry_over"
    for slug, day in (("shanxi", "2026-06-01"), ("liaocheng", "2025-06-01")):
        version = engine_family(slug).version_on(dt.date.fromisoformat(day))
        assert version.process["carry_over"].value is False
        assert excess_rule(version) != "carry_over"


def test_a_policy_cannot_forbid_carry_over_and_carry_the_excess_over():
    path = Path(__file__).parents[4] / "policies" / "ningxia.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["versions"][0]["process"]["carry_over"]["value"] = False
    with pytest.raises(PolicyDefinitionError) as exc:
        load_family(document, source="ningxia.yaml")
    assert any("budget_exhaustion" in p for p in exc.value.problems)
