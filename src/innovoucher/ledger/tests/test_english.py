"""The finance pages in English (issue 15): budgets, the allocation forms (also re-rendered with
an error), the ledger, the claim queue and a claim, payment batches before and after the bank
results, and the statements — as the finance officer and a read-only auditor. No Chinese outside
elements marked lang="zh-Hans" (region and payee names, document numbers)."""

from __future__ import annotations

import pprint

import pytest
from django.urls import reverse

from innovoucher.accounts.roles import Role
from innovoucher.ledger import services
from innovoucher.ledger.models import Budget, Claim
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.ledger.tests.test_pages import _pages, world  # noqa: F401  (fixture)
from testsupport import make_user
from testsupport.english import english_problems, switch_to_english, untranslated

pytestmark = pytest.mark.django_db


# The region picker of the allocation form is the regions app's widget (regions/widgets.py),
# translated with that app, not here.
OTHER_APPS = (
    "<select aria-label='省（自治区、直辖市）'>",
    "省（自治区、直辖市）",
    "<select aria-label='市（地区、州、盟）或区县'>",
    "先选择省",
    "<select aria-label='区县'>",
    "选择上级地区后提交表单，下一级列表随之列出。",
)


def _mine(found):
    return [f for f in found if f not in OTHER_APPS]


def _assert_english(client, urls):
    problems = {u: _mine(f) for u, f in english_problems(client, urls).items()}
    problems = {u: f for u, f in problems.items() if f}
    if problems:
        pytest.fail(pprint.pformat(problems, width=120))


def _assert_page(response):
    html = response.content.decode()
    assert '<html lang="en">' in html
    found = _mine(untranslated(html))
    if found:
        pytest.fail(pprint.pformat(found, width=120))


def test_finance_pages_in_english(client, officer, world):  # noqa: F811
    sx_budget = Budget.objects.get(funder_region="140100")
    client.force_login(officer)
    switch_to_english(client)
    urls = [
        *_pages(world),
        reverse("ledger:claims"),
        reverse("ledger:statements") + "?funder=140100:2026",
        reverse("ledger:transfers") + f"?budget={sx_budget.pk}&year=2026",
    ]
    _assert_english(client, urls)
    page = client.get(reverse("ledger:budgets")).content.decode()
    assert "Budgets and spending" in page and "Funds received" in page
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    _assert_page(
        client.post(
            reverse("ledger:allocate"),
            {
                "action": "allocate",
                "source": str(pool.pk),
                "to_region": "140200",
                "amount": "12.345",
                "reference": "x",
            },
        )
    )
    services.batch_import_results(
        actor=officer, batch=world["batch"], filename="r.csv", content=result_csv(world["batch"])
    )
    claim = Claim.objects.get(reference="redemption:sx-1")
    _assert_english(
        client,
        [
            reverse("ledger:batch", args=[world["batch"].pk]),
            reverse("ledger:claim", args=[claim.pk]),
            reverse("ledger:statements") + "?funder=140100:2026&payee=某",
        ],
    )
    client.force_login(make_user("en-auditor", grants=[(Role.AUDITOR, "140000")]))
    _assert_english(client, _pages(world))
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get(reverse("ledger:budgets")).content.decode()
    assert "预算与执行" in chinese and "到位资金" in chinese
