"""The order and contract pages in English (issue 15): lists of each tab, the service picker and
the order form (also re-rendered with an error), orders in their main statuses, the rating, the
standard contract in draft, submitted and approved states and the review queue — as the client,
the provider and the officials. No Chinese outside elements marked lang="zh-Hans"."""

from __future__ import annotations

import pprint

import pytest
from django.urls import reverse

from innovoucher.orders import services, vocabulary_i18n
from innovoucher.orders.domain import CHECK_LABELS, VERDICT_LABELS
from innovoucher.orders.tests.conftest import approved_contract, at, contract_data, place
from innovoucher.vouchers import services as vouchers
from testsupport.english import english_problems, switch_to_english, untranslated

pytestmark = pytest.mark.django_db

# The credit-commitment line is the supervision app's inclusion tag, translated with that app.
OTHER_APPS = ("信用承诺：",)


def _mine(found):
    return [f for f in found if not f.startswith(OTHER_APPS)]


def _assert_english(client, urls):
    problems = {u: _mine(f) for u, f in english_problems(client, urls).items()}
    problems = {u: f for u, f in problems.items() if f}
    if problems:
        pytest.fail(pprint.pformat(problems, width=120))


def test_order_pages_in_english_for_client_provider_and_officials(client, make_world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        placed = place(w, amount="2000.00", voucher=v)
        settled = place(w, amount="3000.00", subject="材料分析")
        services.order_accept(actor=w.provider_user, order=settled)
        services.order_deliver(actor=w.provider_user, order=settled)
    with at("shaoxing", days=3):
        services.order_settle(actor=w.applicant_user, order=settled)
        services.rating_submit(
            actor=w.applicant_user, order=settled, score=5, quality=4, timeliness=5, comment="很好"
        )
        cancelled = place(w, amount="500.00", subject="小样检测")
        services.order_cancel(actor=w.applicant_user, order=cancelled, reasons=["需求变更"])
        client.force_login(w.applicant_user)
        switch_to_english(client)
        urls = [
            "/orders/",
            "/orders/?tab=client&status=settled",
            "/orders/new/",
            f"/orders/new/?service={w.service.pk}",
            *[f"/orders/{o.pk}/" for o in (placed, settled, cancelled)],
        ]
        _assert_english(client, urls)
        page = client.get(f"/orders/{settled.pk}/").content.decode()
        assert "Service rating" in page and "Settled" in page
        bad = client.post(
            reverse("orders:place"),
            {
                "service": w.service.pk,
                "client": w.applicant.pk,
                "family": "shaoxing",
                "subject": "我的检测任务",
                "contract_amount": "abc",
                "voucher": v.pk,
            },
        )
        assert '<html lang="en">' in bad.content.decode()
        assert not _mine(untranslated(bad.content.decode()))
        client.force_login(w.provider_user)
        _assert_english(
            client, ["/orders/?tab=provider", f"/orders/{placed.pk}/", f"/orders/{settled.pk}/"]
        )
        client.force_login(w.officials["city"])
        _assert_english(client, ["/orders/?tab=region", f"/orders/{settled.pk}/"])
    nx = make_world("ningxia")
    with at("ningxia"):
        draft_order = place(nx)
        services.contract_save(
            actor=nx.applicant_user, order=draft_order, data=contract_data(draft_order)
        )
        submitted_order = place(nx, amount="50000.00", subject="委托开发")
        submitted = services.contract_save(
            actor=nx.applicant_user, order=submitted_order, data=contract_data(submitted_order)
        )
        services.contract_submit(actor=nx.applicant_user, contract=submitted)
        approved = approved_contract(nx, place(nx, amount="80000.00", subject="技术服务"))
        contracts = [draft_order.contract, submitted, approved]
        client.force_login(nx.applicant_user)
        _assert_english(
            client,
            [
                "/orders/contracts/",
                f"/orders/{draft_order.pk}/contract/",
                f"/orders/{draft_order.pk}/",
                *[f"/orders/contracts/{c.pk}/" for c in contracts],
            ],
        )
        bad = client.post(
            f"/orders/{draft_order.pk}/contract/",
            {"amount": "x", "start_on": "2026-03-09", "end_on": "2026-03-01"},
        )
        assert '<html lang="en">' in bad.content.decode()
        assert not _mine(untranslated(bad.content.decode()))
        client.force_login(nx.officials["agency"])
        _assert_english(
            client, ["/orders/contracts/", *[f"/orders/contracts/{c.pk}/" for c in contracts]]
        )
        refused = client.post(
            f"/orders/contracts/{submitted.pk}/action/", {"action": "return", "reasons": ""}
        )
        # Refused with the service's reason on the shared error page (core/web, translated there).
        assert refused.status_code == 422 and "退回修改须填写理由" in refused.content.decode()
        client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        chinese = client.get(f"/orders/contracts/{submitted.pk}/").content.decode()
        assert "自动初审结果" in chinese and "提交与审核记录" in chinese


def test_the_marked_labels_cover_the_domain_labels():
    assert set(CHECK_LABELS.values()) <= set(vocabulary_i18n.CHECKS)
    assert set(VERDICT_LABELS.values()) <= set(vocabulary_i18n.VERDICTS)
