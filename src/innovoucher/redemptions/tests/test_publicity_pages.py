"""Pages: public 公示公告 with the objection form, the officials' management and decision pages,
批复文件 with the PDF, and the payment page with recovery."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.redemptions.models import Approval, Objection
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def listed():
    world = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=1_234_560))
    return world, r, r.publicity_items.get()


def test_anyone_reads_the_lists_and_objecting_needs_login(listed):
    world, r, item = listed
    with clock.frozen_now(item.publicity.starts_on):
        page = _client().get(reverse("redemptions:publicity_list"))
        assert page.status_code == 200 and item.publicity.title in page.content.decode()
        detail = _client().get(reverse("redemptions:publicity_detail", args=[item.publicity_id]))
        text = detail.content.decode()
        assert (
            detail.status_code == 200
            and world.applicant.name in text
            and "¥12,345.60" in text
            and "登录后提出异议" in text
        )
        post = _client().post(
            reverse("redemptions:publicity_detail", args=[item.publicity_id]), {"item": item.pk}
        )
        assert post.status_code == 302 and "/accounts/login/" in post["Location"]
    with clock.frozen_now(START["shanxi"]):
        assert (
            _client()
            .get(reverse("redemptions:publicity_detail", args=[item.publicity_id]))
            .status_code
            == 404
        )


def test_a_failed_objection_keeps_what_was_typed_and_a_good_one_reopens_review(listed):
    world, r, item = listed
    citizen = _client(make_user("page-citizen"))
    url = reverse("redemptions:publicity_detail", args=[item.publicity_id])
    with clock.frozen_now(item.publicity.starts_on):
        bad = citizen.post(
            url,
            {
                "item": item.pk,
                "objector_name": "李雷",
                "contact": "不告诉你",
                "grounds": "这家企业的合同金额明显虚高，请核查。",
            },
        )
        text = bad.content.decode()
        assert (
            bad.status_code == 200
            and "联系方式" in text
            and "这家企业的合同金额明显虚高" in text
            and 'value="李雷"' in text
        )
        good = citizen.post(
            url,
            {
                "item": item.pk,
                "objector_name": "李雷",
                "contact": "13800138000",
                "grounds": "这家企业的合同金额明显虚高，请核查。",
            },
        )
        assert good.status_code == 302
    r.refresh_from_db()
    assert (
        r.status == "in_review"
        and Objection.objects.filter(item=item, objector_name="李雷").exists()
    )


def test_the_official_decides_on_the_objection_page_and_others_cannot_see_it(listed):
    world, r, item = listed
    with clock.frozen_now(item.publicity.starts_on):
        _client(make_user("page-citizen-2")).post(
            reverse("redemptions:publicity_detail", args=[item.publicity_id]),
            {
                "item": item.pk,
                "objector_name": "韩梅梅",
                "contact": "13800138001",
                "grounds": "服务内容与合同约定不一致，请核查。",
            },
        )
    objection = Objection.objects.get()
    official = _client(world.officials["province"])
    manage = official.get(reverse("redemptions:publicity_manage"))
    assert manage.status_code == 200 and "韩梅梅" in manage.content.decode()
    url = reverse("redemptions:objection_detail", args=[objection.pk])
    empty = official.post(url, {"outcome": "", "resolution": "经核查"})
    assert (
        empty.status_code == 200
        and "请选择" in empty.content.decode()
        and "经核查" in empty.content.decode()
    )
    done = official.post(
        url, {"outcome": "dismissed", "resolution": "经核查，服务内容与合同一致。"}
    )
    assert done.status_code == 302
    assert Objection.objects.get().status == "dismissed"
    assert _client(world.officials["city"]).get(url).status_code == 404, (
        "the city does not publish Shanxi's lists"
    )
    assert (
        _client(world.applicant_user).get(reverse("redemptions:publicity_manage")).status_code
        == 403
    )


def test_approval_pages_and_pdf_for_the_parties_only(listed):
    world, r, item = listed
    tick(item.publicity.ends_on + dt.timedelta(days=1))
    approval = Approval.objects.get()
    party = _client(world.applicant_user)
    listing = party.get(reverse("redemptions:approval_list"))
    assert listing.status_code == 200 and approval.number in listing.content.decode()
    detail = party.get(reverse("redemptions:approval_detail", args=[approval.pk]))
    assert detail.status_code == 200 and "12,345.60" in detail.content.decode()
    pdf = party.get(reverse("redemptions:approval_pdf", args=[approval.pk]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    assert "attachment" in pdf["Content-Disposition"]
    stranger = _client(make_user("page-stranger"))
    assert stranger.get(reverse("redemptions:approval_pdf", args=[approval.pk])).status_code == 404
    assert _client().get(reverse("redemptions:approval_list")).status_code == 302


def test_payment_page_and_recovery_form():
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=2_000_000))
        officer = world.finance["province"]
        batch = ledger.batch_create(
            actor=officer, payer_region="640000", cadence="per_notice", period="通知-1"
        )
        ledger.batch_export(actor=officer, batch=batch)
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
        )
    tick(START["ningxia"] + dt.timedelta(days=1))
    url = reverse("redemptions:payment_detail", args=[r.pk])
    page = _client(world.provider_user).get(url)
    assert (
        page.status_code == 200
        and "已拨付" in page.content.decode()
        and "追回资金" not in page.content.decode()
    )
    official = _client(world.officials["county"])
    assert "追回资金" in official.get(url).content.decode()
    recover = reverse("redemptions:payment_recover", args=[r.pk])
    with clock.frozen_now(START["ningxia"] + dt.timedelta(days=3)):
        bad = official.post(recover, {"reasons": "", "amount": "1.234"})
        assert bad.status_code == 422 and "1.234" in bad.content.decode()
        assert (
            _client(world.provider_user).post(recover, {"reasons": "弄虚作假"}).status_code == 403
        )
        ok = official.post(
            recover,
            {
                "reasons": "经查服务合同弄虚作假",
                "amount": "",
                "recovery_reference": "宁科追〔2026〕1号",
            },
        )
    assert ok.status_code == 302
    r.refresh_from_db()
    assert r.status == "recovered"
    assert _client(make_user("page-nobody")).get(url).status_code == 404
