"""The evaluation API (/api/v1/evaluation/…): officials of the region read rounds, results and
awards; the provider reads its own published result and award (calculation, trace, payment
status once finance pays it); everyone else gets a 4xx with a code and nothing of the record."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.evaluation import services
from innovoucher.evaluation.models import Award
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from innovoucher.registry.models import OrganisationKind
from testsupport import make_user
from testsupport.world import START, register_party

from .support import FAMILY, PROVINCE, award_budget, paid_world, pay_all

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=20)
API = "/api/v1/evaluation"


def _client(user) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


@pytest.fixture
def published():
    world = paid_world()
    official = world.officials["province"]
    with clock.frozen_now(DAY):
        rnd = services.round_open(
            actor=official, kind="provider", family=FAMILY, region_code=PROVINCE, year=DAY.year
        )
        rnd = services.round_publish(
            actor=official, round=services.round_decide(actor=official, round=rnd)
        )
    award = Award.objects.get(provider=world.provider)
    return world, rnd, award


def test_official_reads_rounds_results_and_the_award_calculation(published):
    world, rnd, award = published
    c = _client(world.officials["province"])
    with clock.frozen_now(DAY):
        rounds = c.get(f"{API}/rounds", {"year": DAY.year})
        assert rounds.status_code == 200 and [r["id"] for r in rounds.json()] == [rnd.pk]
        detail = c.get(f"{API}/rounds/{rnd.pk}").json()
        assert detail["status"] == "published"
        mine = [a for a in detail["assessments"] if a["provider_id"] == world.provider.pk]
        assert mine and mine[0]["indicators"]["redeemed_fen"] == 8_000_000
        body = c.get(f"{API}/awards/{award.pk}").json()
        # Ningxia: 社会化服务机构 20% of the 80,000 yuan redeemed, all from the region
        assert body["total"] == "16000.00" and body["shares"] == {"province": "16000.00"}
        assert body["status"] == "proposed" and body["payment_status"] is None
        assert body["trace"] and all(s["step"] for s in body["trace"])
        assert body["awards"] and body["awards"][0]["article"]
        listed = c.get(f"{API}/awards", {"round_id": rnd.pk}).json()
        assert [w["id"] for w in listed] == [award.pk]


def test_provider_reads_its_own_award_until_it_is_paid_and_nothing_else(published):
    world, rnd, award = published
    provider = _client(world.provider_user)
    with clock.frozen_now(DAY):
        mine = provider.get(f"{API}/mine", {"year": DAY.year})
        assert mine.status_code == 200
        data = mine.json()
        assert [w["id"] for w in data["awards"]] == [award.pk]
        assert {a["provider_id"] for a in data["assessments"]} == {world.provider.pk}
        assert provider.get(f"{API}/awards/{award.pk}").status_code == 200
        # the round as a whole (every provider's result) is the officials'
        assert provider.get(f"{API}/rounds/{rnd.pk}").status_code == 404
        assert provider.get(f"{API}/rounds").status_code == 403
        award_budget(world, 1_000_000_00, award.fiscal_year)
        services.award_approve(actor=world.officials["province"], award=award)
        pay_all(world, "奖补-1")
        paid = provider.get(f"{API}/awards/{award.pk}").json()
        assert paid["status"] == "approved" and paid["payment_status"] == "paid"


def test_outsiders_get_a_coded_4xx_and_nothing(published):
    world, rnd, award = published
    with clock.frozen_now(DAY):
        _, other = register_party(
            world.county,
            kind=OrganisationKind.PROVIDER,
            provider_kind="university",
            reviewer=world.officials["county"],
            username="eval-api-other-provider",
        )
    far = make_user("eval-api-far", Role.PROVINCE_REVIEWER, "650000")
    for user in (other, far):
        c = _client(user)
        for url in (
            f"{API}/awards/{award.pk}",
            f"{API}/rounds/{rnd.pk}",
            f"{API}/assessments/{award.assessment_id}",
        ):
            r = c.get(url)
            assert r.status_code in (403, 404) and r.json()["code"], url
            assert world.provider.name not in r.content.decode()
        assert c.get(f"{API}/awards").json() == []
    assert _client(other).get(f"{API}/mine").json()["awards"] == []
    assert _client(far).get(f"{API}/mine").json()["code"] == "permission_denied"
    anonymous = Client().get(f"{API}/awards")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"


def test_bad_input_is_a_422_with_a_code(published):
    world, _, _ = published
    c = _client(world.officials["province"])
    assert c.get(f"{API}/rounds", {"year": 1800}).json()["code"] == "year_invalid"
    assert c.get(f"{API}/rounds", {"kind": "nope"}).json()["code"] == "round_invalid"
    assert c.get(f"{API}/awards", {"year": "x"}).status_code == 422
    assert c.get(f"{API}/awards/99999999999").status_code == 404
    assert c.get(f"{API}/awards", {"limit": 2**40}).json()["code"] == "out_of_range"
