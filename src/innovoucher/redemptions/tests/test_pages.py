"""The pages: apply from an order, the detail with checks, steps and history, the reviewer's
queue and decision, confirmation, calls; scoping and tidy refusals."""

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.tests.intake_support import (
    intake_env,
    make_order,
    open_call,
    ready,
    upload,
    world_for,
)  # noqa: F401
from testsupport import make_user
from testsupport.world import START


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post_data(**extra):
    data = {
        "invoice_number": "26140000123412341234",
        "invoice_amount": "100000.00",
        "invoice_issued_on": "2026-02-27",
        "invoice_issuer": "某大学",
        **extra,
    }
    return data


def test_applicant_applies_from_the_order_and_sees_the_checks(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        open_call(w)
        order = make_order(w)
        c = client_for(w.applicant_user)
        page = c.get("/redemptions/mine/")
        assert page.status_code == 200 and order.number in page.content.decode()
        assert c.get(f"/redemptions/apply/{order.pk}/").status_code == 200
        # Missing documents: refused, typed values kept, the failed check shown.
        bad = c.post(
            f"/redemptions/apply/{order.pk}/", {**_post_data(), "contract": upload("contract.pdf")}
        )
        text = bad.content.decode()
        assert (
            bad.status_code == 422
            and "自动初审" in text
            and "缺少以下材料" in text
            and "26140000123412341234" in text
        )
        assert not Redemption.objects.exists()
        files = {
            k: upload(f"{k}.pdf") for k in ("contract", "invoice", "payment_proof", "result_report")
        }
        done = c.post(f"/redemptions/apply/{order.pk}/", {**_post_data(), **files})
        r = Redemption.objects.get()
        assert done.status_code == 302 and done["Location"] == f"/redemptions/{r.pk}/"
        detail = c.get(done["Location"]).content.decode()
        assert r.number in detail and "待服务机构确认" in detail and "第二十一条" in detail
        doc = r.documents.first()
        assert c.get(f"/redemptions/documents/{doc.pk}/").status_code == 200
        # The provider confirms on the same page.
        p = client_for(w.provider_user)
        assert "确认服务事项" in p.get(f"/redemptions/{r.pk}/").content.decode()
        assert p.post(f"/redemptions/{r.pk}/confirm/", {"action": "confirm"}).status_code == 302
    r.refresh_from_db()
    assert r.status == "in_review"


def test_reviewer_queue_and_decision(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        r = ready(w)
        c = client_for(w.officials["county"])
        queue = c.get("/redemptions/review/")
        assert queue.status_code == 200 and r.number in queue.content.decode()
        step = ReviewStep.objects.get(redemption=r, status="pending")
        detail = c.get(f"/redemptions/{r.pk}/").content.decode()
        assert "提交审核结论" in detail
        refused = c.post(
            f"/redemptions/review/steps/{step.pk}/", {"action": "return", "opinion": ""}
        )
        assert refused.status_code == 400 and "退回修改的理由" in refused.content.decode()
        ok = c.post(
            f"/redemptions/review/steps/{step.pk}/",
            {"action": "approve", "opinion": "同意", "amount": ""},
        )
        assert ok.status_code == 302
        step.refresh_from_db()
        assert step.status == "approved" and step.opinion == "同意"
        # The city step (art. 17) is not this county reviewer's: no form, and a forged POST is
        # refused.
        nxt = ReviewStep.objects.get(redemption=r, status="pending")
        assert "提交审核结论" not in c.get(f"/redemptions/{r.pk}/").content.decode()
        assert (
            c.post(f"/redemptions/review/steps/{nxt.pk}/", {"action": "approve"}).status_code == 403
        )


def test_other_county_gets_not_found(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = ready(w)
        stranger = client_for(make_user("yinchuan-xixia", Role.COUNTY_REVIEWER, "640105"))
        doc = r.documents.first()
    assert stranger.get(f"/redemptions/{r.pk}/").status_code == 404
    assert stranger.get(f"/redemptions/documents/{doc.pk}/").status_code == 404
    step = ReviewStep.objects.get(redemption=r, status="pending")
    assert (
        stranger.post(f"/redemptions/review/steps/{step.pk}/", {"action": "approve"}).status_code
        == 404
    )


def test_return_and_resubmit_pages(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        r = ready(w)
        step = ReviewStep.objects.get(redemption=r, status="pending")
        client_for(w.officials["county"]).post(
            f"/redemptions/review/steps/{step.pk}/", {"action": "return", "reasons": "报告缺少签章"}
        )
        p = client_for(w.provider_user)
        detail = p.get(f"/redemptions/{r.pk}/").content.decode()
        assert "报告缺少签章" in detail and "按意见修改并重新提交" in detail
        form = p.get(f"/redemptions/{r.pk}/resubmit/")
        assert form.status_code == 200 and r.invoices.get().number in form.content.decode()
        done = p.post(
            f"/redemptions/{r.pk}/resubmit/",
            {
                "note": "已补签章",
                "result_report": upload("report2.pdf"),
                "invoice_number": r.invoices.get().number,
                "invoice_amount": "100000.00",
                "invoice_issued_on": r.invoices.get().issued_on.isoformat(),
            },
        )
        assert done.status_code == 302
    r.refresh_from_db()
    assert r.status == "in_review" and r.round == 2
    assert "第2轮" in p.get(f"/redemptions/{r.pk}/").content.decode()


def test_calls_pages(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        anon = Client()
        assert anon.get("/redemptions/calls/").status_code == 200
        city = client_for(w.officials["city"])
        assert city.get("/redemptions/calls/new/").status_code == 200
        bad = city.post(
            "/redemptions/calls/new/",
            {"family": "urumqi", "title": "", "opens_on": "2026-03-02", "closes_on": "2026-03-01"},
        )
        assert bad.status_code == 200 and "请填写通知标题" in bad.content.decode()
        ok = city.post(
            "/redemptions/calls/new/",
            {
                "family": "urumqi",
                "title": "2026年第一批兑现申请工作通知",
                "opens_on": "2026-03-02",
                "closes_on": "2026-03-31",
                "body": "请符合条件的企业按要求申请。",
            },
        )
        assert ok.status_code == 302
        listing = anon.get("/redemptions/calls/").content.decode()
        assert "2026年第一批兑现申请工作通知" in listing and "受理中" in listing
        assert client_for(w.officials["county"]).get("/redemptions/calls/new/").status_code == 403


@pytest.mark.parametrize(
    "path", ["/redemptions/mine/", "/redemptions/review/", "/redemptions/calls/new/"]
)
def test_login_required(intake_env, path):
    assert Client().get(path).status_code == 302


def test_order_list_says_who_applies(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        order = make_order(w)
        firm = client_for(w.applicant_user).get("/redemptions/mine/").content.decode()
        provider = client_for(w.provider_user).get("/redemptions/mine/").content.decode()
    assert (
        order.number in firm
        and "应由服务机构提交" in firm
        and f"/redemptions/apply/{order.pk}/" not in firm
    )
    assert f"/redemptions/apply/{order.pk}/" in provider
