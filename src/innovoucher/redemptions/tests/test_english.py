"""The redemption pages in English (issue 15): the applicant's list, application form (also
re-rendered with errors), detail in each main status, the provider's confirmation, the reviewer's
queue and decision, calls, publicity with the objection form, the officials' objection pages,
approvals and the payment page. Chinese may remain only inside lang="zh-Hans" elements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.redemptions.models import Approval, Call, Objection, ReviewStep
from innovoucher.redemptions.tests.intake_support import (  # noqa: F401 (fixture)
    intake_env,
    make_order,
    ready,
    submit,
    upload,
    world_for,
)
from innovoucher.redemptions.tests.publicity_support import (
    pass_review,
    redemption_in_review,
    tick,
)
from testsupport import make_user
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import START

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def report(problems) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def english(user=None) -> Client:
    client = Client()
    switch_to_english(client)
    if user is not None:
        client.force_login(user)
    return client


def posted(client, url, data, problems, status=(200, 400, 422)):
    response = client.post(url, data)
    if response.status_code not in status:
        problems[f"POST {url}"] = [f"HTTP {response.status_code}"]
        return response
    found = untranslated(response.content.decode())
    if found:
        problems[f"POST {url}"] = found
    return response


def test_intake_and_review_pages_in_english(intake_env):
    w = world_for("shanxi")
    problems: dict[str, list[str]] = {}
    with clock.frozen_now(START["shanxi"]):
        in_review = ready(w)  # publishes the call too
        call = Call.objects.get()
        waiting = submit(w)  # Shanxi art. 19: awaiting the provider's confirmation
        order = make_order(w)
        applicant = english(w.applicant_user)
        problems |= english_problems(
            applicant,
            [
                "/redemptions/mine/",
                f"/redemptions/apply/{order.pk}/",
                f"/redemptions/{waiting.pk}/",
                f"/redemptions/{in_review.pk}/",
                "/redemptions/calls/",
                f"/redemptions/calls/{call.pk}/",
            ],
        )
        posted(
            applicant,
            f"/redemptions/apply/{order.pk}/",
            {"invoice_number": "1", "invoice_amount": "x", "contract": upload("c.pdf")},
            problems,
        )
        provider = english(w.provider_user)
        problems |= english_problems(provider, [f"/redemptions/{waiting.pk}/"])
        posted(provider, f"/redemptions/{waiting.pk}/confirm/", {"action": "decline"}, problems)
        step = ReviewStep.objects.get(redemption=in_review, status="pending")
        reviewer = english(step_official(w, step))
        problems |= english_problems(
            reviewer,
            [
                "/redemptions/review/",
                "/redemptions/review/?overdue=1&status=in_review",
                f"/redemptions/{in_review.pk}/",
            ],
        )
        posted(
            reviewer,
            f"/redemptions/review/steps/{step.pk}/",
            {"action": "return", "opinion": ""},
            problems,
        )
        reviewer.post(
            f"/redemptions/review/steps/{step.pk}/", {"action": "return", "reasons": "报告缺少签章"}
        )
        publisher = english(w.officials["province"])
        problems |= english_problems(publisher, ["/redemptions/calls/", "/redemptions/calls/new/"])
        posted(publisher, "/redemptions/calls/new/", {"title": ""}, problems)
        problems |= english_problems(
            applicant, [f"/redemptions/{in_review.pk}/", f"/redemptions/{in_review.pk}/resubmit/"]
        )
        posted(
            applicant,
            f"/redemptions/{in_review.pk}/resubmit/",
            {"invoice_number": "1", "invoice_amount": "x"},
            problems,
        )
    assert not problems, report(problems)
    # Chinese stays the default.
    chinese = Client()
    chinese.force_login(w.applicant_user)
    assert "我的兑付申请" in chinese.get("/redemptions/mine/").content.decode()


def step_official(w, step):
    return w.officials[step.level]


def test_publicity_approval_and_payment_pages_in_english(intake_env):
    w = world_for("shanxi")
    problems: dict[str, list[str]] = {}
    with clock.frozen_now(START["shanxi"]):
        r = pass_review(w, redemption_in_review(w, subsidy_fen=1_234_560))
    item = r.publicity_items.get()
    publicity = item.publicity
    with clock.frozen_now(publicity.starts_on):
        anonymous = english()
        problems |= english_problems(
            anonymous,
            [
                "/redemptions/publicity/",
                "/redemptions/publicity/?state=open",
                f"/redemptions/publicity/{publicity.pk}/",
            ],
        )
        citizen = english(make_user("en-citizen"))
        url = f"/redemptions/publicity/{publicity.pk}/"
        problems |= english_problems(citizen, [url])
        posted(citizen, url, {"item": item.pk, "objector_name": "", "contact": ""}, problems)
        citizen.post(
            url,
            {
                "item": item.pk,
                "objector_name": "李雷",
                "contact": "13800138000",
                "grounds": "这家企业的合同金额明显虚高，请核查。",
            },
        )
        objection = Objection.objects.get()
        official = english(w.officials["province"])
        problems |= english_problems(
            official,
            [
                "/redemptions/publicity/",
                "/redemptions/publicity/manage/",
                "/redemptions/publicity/manage/?status=all",
                f"/redemptions/publicity/objections/{objection.pk}/",
                f"/redemptions/{r.pk}/",
            ],
        )
        posted(
            official,
            f"/redemptions/publicity/objections/{objection.pk}/",
            {"outcome": "", "resolution": ""},
            problems,
        )
        official.post(
            f"/redemptions/publicity/objections/{objection.pk}/",
            {"outcome": "dismissed", "resolution": "经核查，服务内容与合同一致。"},
        )
        problems |= english_problems(
            official, [f"/redemptions/publicity/objections/{objection.pk}/"]
        )
    # A second listed redemption goes through publicity to an approval.
    with clock.frozen_now(START["shanxi"]):
        r2 = pass_review(w, redemption_in_review(w, subsidy_fen=500_000))
    tick(r2.publicity_items.get().publicity.ends_on + dt.timedelta(days=1))
    approval = Approval.objects.get()
    party = english(w.applicant_user)
    problems |= english_problems(
        party,
        [
            "/redemptions/approvals/",
            f"/redemptions/approvals/{approval.pk}/",
            f"/redemptions/{r2.pk}/",
            f"/redemptions/{r2.pk}/payment/",
            f"/redemptions/publicity/{approval.publicity_id}/" if approval.publicity_id else "/",
        ],
    )
    assert not problems, report(problems)


def test_payment_and_recovery_pages_in_english(intake_env):
    w = world_for("ningxia")
    problems: dict[str, list[str]] = {}
    with clock.frozen_now(START["ningxia"]):
        r = pass_review(w, redemption_in_review(w, subsidy_fen=2_000_000))
        officer = w.finance["province"]
        batch = ledger.batch_create(
            actor=officer, payer_region="640000", cadence="per_notice", period="通知-1"
        )
        ledger.batch_export(actor=officer, batch=batch)
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
        )
    tick(START["ningxia"] + dt.timedelta(days=1))
    url = f"/redemptions/{r.pk}/payment/"
    problems |= english_problems(english(w.provider_user), [url, f"/redemptions/{r.pk}/"])
    official = english(w.officials["county"])
    problems |= english_problems(official, [url, "/redemptions/approvals/"])
    with clock.frozen_now(START["ningxia"] + dt.timedelta(days=3)):
        posted(official, f"{url}recover/", {"reasons": "", "amount": "1.234"}, problems)
    assert not problems, report(problems)
    page = english(w.provider_user).get(url).content.decode()
    assert "Payment" in page
