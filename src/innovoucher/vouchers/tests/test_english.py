"""The voucher pages in English (issue 15): a holder's 「我的创新券」 with claimable, held and
contract-generated vouchers, a voucher's page in its main statuses, the officials' list of the
region with the yearly issuing buttons, and an action refused with its reason — no Chinese outside
elements marked lang="zh-Hans". The Chinese pages keep their Chinese."""

from __future__ import annotations

import pprint

import pytest

from innovoucher.orders.tests.conftest import approved_contract, at, place
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.models import Voucher
from testsupport.english import english_problems, switch_to_english

pytestmark = pytest.mark.django_db


# The credit-commitment line is the supervision app's inclusion tag (`supervision_credit`),
# translated with that app, not here.
OTHER_APPS = ("信用承诺：",)


def _assert_english(client, urls):
    problems = {
        url: [f for f in found if not f.startswith(OTHER_APPS)]
        for url, found in english_problems(client, urls).items()
    }
    problems = {url: found for url, found in problems.items() if found}
    if problems:
        pytest.fail(pprint.pformat(problems, width=120))


def test_voucher_pages_in_english_for_holders_and_officials(client, make_world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sx = make_world("shaoxing")
    with at("shaoxing"):
        claimed = vouchers.voucher_claim(
            actor=sx.applicant_user, holder=sx.applicant, family="shaoxing"
        )
        place(sx, amount="1000.00", voucher=claimed)  # part of it reserved by an order
        client.force_login(sx.applicant_user)
        switch_to_english(client)
        _assert_english(client, ["/vouchers/", f"/vouchers/{claimed.pk}/"])
        page = client.get("/vouchers/").content.decode()
        assert "My vouchers" in page and "Available balance" in page
        # Claiming twice is refused with the service's reason (the shared error page, core/web).
        again = client.post(
            "/vouchers/claim/", {"holder": sx.applicant.pk, "family": "shaoxing"}, follow=True
        )
        assert again.status_code == 409 and "每年度限申领一张" in again.content.decode()
        client.force_login(sx.officials["city"])
        _assert_english(
            client, ["/vouchers/official/", "/vouchers/official/?status=reserved&year=2026"]
        )
    nx = make_world("ningxia")
    with at("ningxia"):
        contract = approved_contract(nx, place(nx))
        generated = Voucher.objects.get(contract=contract)
        client.force_login(nx.applicant_user)
        _assert_english(client, ["/vouchers/", f"/vouchers/{generated.pk}/"])
        client.force_login(nx.officials["city"])
        _assert_english(client, ["/vouchers/official/", f"/vouchers/{generated.pk}/"])
        refused = client.post(
            f"/vouchers/{generated.pk}/action/", {"action": "revoke", "reasons": ""}, follow=True
        )
        assert refused.status_code in (200, 400, 422)
        vouchers.voucher_revoke(actor=nx.officials["city"], voucher=generated, reasons=["重复申领"])
        _assert_english(client, [f"/vouchers/{generated.pk}/"])
        switch_to_chinese = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        assert switch_to_chinese.status_code == 302
        chinese = client.get(f"/vouchers/{generated.pk}/").content.decode()
        assert "面额计算过程" in chinese and "已收回" in chinese
