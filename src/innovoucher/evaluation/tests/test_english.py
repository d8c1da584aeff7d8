"""The evaluation pages in English (issue 15): the list with the open form (also re-rendered with
an error), a provider round while open, decided and published with its awards, as the official
and the expert. Chinese may remain only inside lang="zh-Hans" elements."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.evaluation.models import Award, EvaluationRound
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import START

from .support import FAMILY, PROVINCE, award_budget, expert, paid_world

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=20)


def english(user) -> Client:
    client = Client()
    switch_to_english(client)
    client.force_login(user)
    return client


def report(problems) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_evaluation_pages_in_english():
    world = paid_world(subsidies=(4_000_000,))
    scorer = expert()
    problems: dict[str, list[str]] = {}
    with clock.frozen_now(DAY):
        official = english(world.officials["province"])
        problems |= english_problems(official, ["/evaluation/"])
        form = {
            "kind": "provider",
            "family": FAMILY,
            "region_code": PROVINCE,
            "year": DAY.year,
            "expert_weight": "",
            "title": "",
        }
        bad = official.post("/evaluation/open/", {**form, "region_code": "64"})
        if found := untranslated(bad.content.decode()):
            problems["POST /evaluation/open/"] = found
        official.post("/evaluation/open/", form)
        rnd = EvaluationRound.objects.get()
        url = f"/evaluation/{rnd.pk}/"
        problems |= english_problems(official, ["/evaluation/", url])
        problems |= {f"expert {k}": v for k, v in english_problems(english(scorer), [url]).items()}
        a = rnd.assessments.get(provider=world.provider)
        english(scorer).post(f"/evaluation/assessments/{a.pk}/score/", {"score": "90", "next": url})
        official.post(f"{url}action/", {"action": "decide"})
        problems |= {f"decided {k}": v for k, v in english_problems(official, [url]).items()}
        official.post(f"{url}action/", {"action": "publish"})
        award = Award.objects.get()
        award_budget(world, 10_000_000, award.fiscal_year)
        problems |= {f"published {k}": v for k, v in english_problems(official, [url]).items()}
        official.post(f"/evaluation/awards/{award.pk}/action/", {"action": "approve"})
        problems |= {f"approved {k}": v for k, v in english_problems(official, [url]).items()}
        page = official.get(url).content.decode()
    assert not problems, report(problems)
    assert "Evaluation" in page
    chinese = Client()
    chinese.force_login(world.officials["province"])
    with clock.frozen_now(DAY):
        assert "绩效评价" in chinese.get("/evaluation/").content.decode()
