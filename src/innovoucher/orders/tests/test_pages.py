"""The pages of vouchers and orders, through the test client: reachable, scoped, tidy errors."""

import pytest
from django.urls import reverse

from innovoucher.accounts.roles import Role
from innovoucher.orders.models import Order, ServiceContract
from innovoucher.orders.tests.conftest import approved_contract, at, place
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.models import Voucher
from testsupport.world import PASSWORD, make_user


def login(client, user):
    client.force_login(user)
    return client


def test_navigation_reaches_vouchers_and_orders(client, make_world):
    w = make_world("shaoxing")
    login(client, w.applicant_user)
    with at("shaoxing"):
        home = client.get("/")
        assert (
            reverse("vouchers:home") in home.content.decode()
            and reverse("orders:list") in home.content.decode()
        )
        page = client.get(reverse("vouchers:home")).content.decode()
        assert "可申领的创新券" in page and "¥200,000.00" in page and "假设" in page
        response = client.post(
            reverse("vouchers:claim"), {"holder": w.applicant.pk, "family": "shaoxing"}, follow=True
        )
        assert "申领成功" in response.content.decode()
        again = client.post(
            reverse("vouchers:claim"),
            {"holder": w.applicant.pk, "family": "shaoxing", "next": "/vouchers/"},
            follow=True,
        )
        assert "每年度限申领一张" in again.content.decode()


def test_place_order_with_voucher_and_keep_typed_values_on_error(client, make_world):
    w = make_world("shaoxing")
    login(client, w.applicant_user)
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        picker = client.get(reverse("orders:place")).content.decode()
        assert w.service.name in picker
        form = client.get(reverse("orders:place") + f"?service={w.service.pk}").content.decode()
        assert "一键抵扣" in form and v.number in form
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
        text = bad.content.decode()
        assert bad.status_code == 200 and "格式不正确" in text and "我的检测任务" in text
        ok = client.post(
            reverse("orders:place"),
            {
                "service": w.service.pk,
                "client": w.applicant.pk,
                "family": "shaoxing",
                "subject": "我的检测任务",
                "contract_amount": "100000.00",
                "voucher": v.pk,
            },
        )
        order = Order.objects.get()
        assert ok.status_code == 302 and ok["Location"] == reverse("orders:detail", args=[order.pk])
        detail = client.get(ok["Location"]).content.decode()
        assert "已占用" in detail and v.number in detail


def test_order_actions_by_each_party(client, make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        order = place(w, voucher=v)
        url = reverse("orders:action", args=[order.pk])
        login(client, w.applicant_user)
        refused = client.post(
            url, {"action": "accept", "next": f"/orders/{order.pk}/"}, follow=True
        )
        assert "只有服务机构的经办人可以办理" in refused.content.decode()
        reload = client.get(url)  # a POST-only URL opened by GET goes back to the order page
        assert (reload.status_code, reload["Location"]) == (302, f"/orders/{order.pk}/")
        login(client, w.provider_user)
        assert "确认接单" in client.get(reverse("orders:detail", args=[order.pk])).content.decode()
        client.post(url, {"action": "accept"})
        client.post(url, {"action": "deliver", "delivered_on": "2026-03-02"})
        login(client, w.applicant_user)
        page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
        assert "结算时预计抵扣" in page and "¥50,000.00" in page
        client.post(url, {"action": "settle"})
        client.post(
            reverse("orders:rate", args=[order.pk]),
            {"score": "5", "quality": "4", "timeliness": "5", "comment": "很好"},
        )
    order.refresh_from_db()
    assert (order.status, order.deduction_fen, order.rating.score) == ("settled", 50_000_00, 5)


def test_contract_pages_review_and_pdf(client, make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "300000.00")
        login(client, w.applicant_user)
        form = client.get(reverse("orders:contract_edit", args=[order.pk])).content.decode()
        assert "履行期限自" in form and "300000.00" in form
        data = {
            "contract_type": "development",
            "registration_no": "6401042026000123",
            "project_name": "新材料检测",
            "amount": "300000.00",
            "start_on": "2026-03-02",
            "end_on": "2026-05-30",
            "content": "按GB/T标准检测",
            "deliverables": "",
            "payment_terms": "验收后结算",
            "client_signatory": "张三",
            "provider_signatory": "王五",
            "submit": "1",
        }
        bad = client.post(reverse("orders:contract_edit", args=[order.pk]), data)
        assert (
            bad.status_code == 200
            and "请填写交付成果及验收标准" in bad.content.decode()
            and "按GB/T标准检测" in bad.content.decode()
        )
        data["deliverables"] = "检测报告"
        response = client.post(reverse("orders:contract_edit", args=[order.pk]), data, follow=True)
        contract = ServiceContract.objects.get()
        assert contract.status == "submitted" and "自动初审结果" in response.content.decode()
        pdf = client.get(reverse("orders:contract_pdf", args=[contract.pk]))
        assert (
            pdf.status_code == 200
            and pdf.content.startswith(b"%PDF")
            and pdf["Content-Type"] == "application/pdf"
        )
        login(client, w.officials["agency"])
        queue = client.get(reverse("orders:contracts")).content.decode()
        assert contract.number in queue and "办理期限" in queue
        client.post(reverse("orders:contract_action", args=[contract.pk]), {"action": "approve"})
        voucher = Voucher.objects.get(contract=contract)
        page = client.get(reverse("orders:contract", args=[contract.pk])).content.decode()
        assert voucher.number in page and "叁拾万元整" in page
        assert client.get(reverse("vouchers:official")).content.decode().count(voucher.number) == 1


def test_other_county_official_and_other_firm_get_not_found(client, make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        contract = approved_contract(w, place(w, "100000.00"))
        voucher = contract.voucher
        stranger = make_user("ningxia-stranger", Role.COUNTY_REVIEWER, "640106")
        login(client, stranger)
        for url in (
            reverse("orders:detail", args=[contract.order_id]),
            reverse("orders:contract", args=[contract.pk]),
            reverse("orders:contract_pdf", args=[contract.pk]),
            reverse("vouchers:detail", args=[voucher.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 404 and "不存在或您无权查看" in response.content.decode()
        assert voucher.number not in client.get(reverse("vouchers:official")).content.decode()


def test_pages_need_login(client, db):
    for name in ("vouchers:home", "orders:list", "orders:contracts", "orders:place"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("family", ["urumqi", "liaocheng"])
def test_official_issues_by_button(client, make_world, family):
    w = make_world(family)
    official = w.officials["city"]
    login(client, official)
    with at(family):
        page = client.get(reverse("vouchers:official")).content.decode()
        assert "按年度发放" in page
        response = client.post(
            reverse("vouchers:issue"),
            {"family": family, "year": "2026" if family == "urumqi" else "2025"},
            follow=True,
        )
        assert "本次新发放 1 张" in response.content.decode()
    assert Voucher.objects.filter(holder=w.applicant).count() == 1
    assert PASSWORD
