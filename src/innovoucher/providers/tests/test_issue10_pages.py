"""Issue 10: every provider and order form re-renders with what was typed and a Chinese message
at the field; a GET of a POST-only URL goes back to its page; the admission form starts on the
provider's own policy; late ratings are flagged and counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.orders import selectors as order_selectors
from innovoucher.orders import services as orders
from innovoucher.providers import services
from testsupport.world import START, build_world

pytestmark = pytest.mark.django_db


def _page(r) -> str:
    return r.content.decode()


@pytest.fixture
def shaoxing(seed_policies):
    with clock.frozen_now(timezone.make_aware(dt.datetime.combine(START["shaoxing"], dt.time(9)))):
        yield build_world("shaoxing")


def test_service_form_keeps_values_and_shows_the_message_at_the_field(client, shaoxing):
    w = shaoxing
    client.force_login(w.provider_user)
    data = {
        "provider": w.provider.pk,
        "category": "testing",
        "name": "材料成分分析",
        "price": "-5",
        "turnaround_days": "7",
        "fee_standard": "按样品计",
        "description": "光谱分析",
    }
    r = client.post("/providers/workspace/services/", data)
    page = _page(r)
    assert r.status_code == 422
    assert "参考价格不能为负数" in page and 'value="材料成分分析"' in page and "光谱分析" in page
    r = client.post("/providers/workspace/services/", {**data, "price": "99999999999999"})
    assert r.status_code == 422 and "参考价格不能超过" in _page(r)
    r = client.post("/providers/workspace/services/", {**data, "price": "1", "name": "名" * 300})
    assert r.status_code == 422 and "服务名称不能超过100个字" in _page(r)
    for url in (
        "/providers/workspace/services/",
        "/providers/workspace/instruments/",
        "/providers/workspace/apply/",
    ):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"] == "/providers/workspace/"


def test_instrument_form_keeps_values_and_opening_hours(client, shaoxing):
    w = shaoxing
    client.force_login(w.provider_user)
    data = {
        "provider": w.provider.pk,
        "name": "X射线衍射仪",
        "model_no": "D8",
        "price_per_hour": "两百",
        "open_0_from": "08:00",
        "open_0_until": "12:00",
        "open_2_from": "14:00",
        "open_2_until": "13:00",
        "follows": "1",
    }
    r = client.post("/providers/workspace/instruments/", data)
    page = _page(r)
    assert r.status_code == 422
    assert "机时价格应为以元为单位" in page and "星期三的结束时刻应晚于开始时刻" in page
    assert 'value="X射线衍射仪"' in page and 'value="D8"' in page and 'value="12:00"' in page
    r = client.post(
        "/providers/workspace/instruments/",
        {**data, "price_per_hour": "200", "open_2_until": "18:00"},
    )
    assert r.status_code == 302
    inst = w.provider.instruments.get()
    assert inst.opening_hours == {"0": ["08:00", "12:00"], "2": ["14:00", "18:00"]}
    page = _page(client.get(f"/providers/workspace/instruments/{inst.pk}/"))
    assert 'value="14:00"' in page
    r = client.post(
        f"/providers/workspace/instruments/{inst.pk}/",
        {"name": "", "price_per_hour": "200", "open_0_from": "08:00", "open_0_until": "12:00"},
    )
    assert r.status_code == 422 and "请填写仪器名称" in _page(r)


def test_service_page_edits_withdraws_and_republishes(client, shaoxing):
    w = shaoxing
    client.force_login(w.provider_user)
    url = f"/providers/workspace/services/{w.service.pk}/"
    assert w.service.name in _page(client.get("/providers/workspace/"))
    fields = {
        "action": "edit",
        "category": w.service.category,
        "name": "新名称",
        "price": "-1",
        "turnaround_days": "3",
    }
    r = client.post(url, fields)
    assert r.status_code == 422 and 'value="新名称"' in _page(r) and "不能为负数" in _page(r)
    assert client.post(url, {**fields, "price": "1500"}).status_code == 302
    page = _page(client.get(url))
    assert "修改记录" in page and "¥1,500.00" in page
    client.post(url, {"action": "withdraw"})
    assert "已下架" in _page(client.get(url))
    client.post(url, {"action": "withdraw"})  # twice: a message on the page, not a bare 409
    client.post(url, {"action": "republish"})
    assert "已上架" in _page(client.get(url))


def test_admission_form_defaults_to_the_providers_region_and_keeps_values(client, shaoxing):
    w = shaoxing
    client.force_login(w.provider_user)
    page = _page(client.get("/providers/workspace/"))
    assert '<option value="shaoxing" selected>' in page
    assert "科技创新券创新券" not in page


def test_expert_assignment_with_none_chosen_keeps_the_page(
    client, make_provider, yuecheng, experts
):
    from innovoucher.providers.tests.test_issue10 import cert

    org, staff = make_provider("testing_agency")
    adm = services.admission_apply(
        actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
    )
    services.admission_transition(actor=yuecheng, admission=adm, action="initial_pass")
    client.force_login(yuecheng)
    r = client.post(f"/providers/admissions/{adm.pk}/", {"action": "assign"})
    assert r.status_code == 422 and "请至少选择一名评审专家" in _page(r)
    assert '<select id="experts" name="experts" multiple>' in _page(r)


def test_late_rating_is_flagged_and_counted(client, seed_policies):
    """Ningxia: the firm rates within 10 working days of completion; later is kept, flagged to
    the firm and the provider, and counted as late in the provider's figures."""
    start = timezone.make_aware(dt.datetime.combine(START["ningxia"], dt.time(9)))
    with clock.frozen_now(start):
        w = build_world("ningxia")
        order = orders.order_place(
            actor=w.applicant_user,
            client=w.applicant,
            service=w.service,
            family="ningxia",
            contract_amount="1000",
        )
        orders.order_accept(actor=w.provider_user, order=order)
        orders.order_deliver(actor=w.provider_user, order=order)
        order.refresh_from_db()
    due = order_selectors.rating_due_on(order)
    assert due is not None
    late_day = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(10)))
    with clock.frozen_now(late_day):
        client.force_login(w.applicant_user)
        url = f"/orders/{order.pk}/"
        assert "逾期评价" in _page(client.get(url))
        r = client.post(f"{url}rating/", {"score": "9", "quality": "4", "timeliness": "4"})
        assert r.status_code == 422 and "请为“总体评价”选择1至5分" in _page(r)
        assert 'value="4" selected' in _page(r)
        assert client.get(f"{url}rating/").status_code == 302
        r = client.post(
            f"{url}rating/", {"score": "4", "quality": "4", "timeliness": "3"}, follow=True
        )
        assert "逾期评价" in _page(r)
    figures = order_selectors.rating_figures(year=late_day.year, provider=w.provider)
    assert [(f.on_time, f.late, f.total, str(f.average)) for f in figures] == [(0, 1, 1, "4.0")]
    assert order_selectors.rating_figures(year=late_day.year + 1) == []
    client.force_login(w.provider_user)
    assert "逾期评价" in _page(client.get("/orders/?tab=provider"))


def test_recognition_names_are_bounded(make_provider):
    from innovoucher.core.errors import ValidationFailed
    from innovoucher.providers.tests.test_issue10 import cert

    org, staff = make_provider("testing_agency")
    with pytest.raises(ValidationFailed) as exc:
        services.recognition_file(
            actor=staff,
            organisation=org,
            family="ningxia",
            basis="agreement",
            recognising_body="某" * 300,
            document_no="宁科发〔2026〕1号",
            valid_from="2026-01-01",
            valid_until="2027-12-31",
            evidence=cert(),
        )
    assert "不能超过100个字" in exc.value.details["fields"]["recognising_body"][0]


def test_order_forms_keep_values_and_post_only_urls_redirect(client, shaoxing):
    w = shaoxing
    order = orders.order_place(
        actor=w.applicant_user, client=w.applicant, service=w.service, contract_amount="1000"
    )
    url = f"/orders/{order.pk}/"
    client.force_login(w.applicant_user)
    for tail in ("action/", "rating/", "attachments/"):
        r = client.get(url + tail)
        assert r.status_code == 302 and r["Location"] == url
    r = client.post(url + "action/", {"action": "cancel", "reasons": ""})
    assert r.status_code == 422 and "请填写取消订单的理由" in _page(r)
    r = client.post(url + "attachments/", {"kind": "other"})
    assert r.status_code == 422 and "请选择要上传的文件" in _page(r)
    r = client.post(
        "/orders/new/",
        {"service": w.service.pk, "client": w.applicant.pk, "subject": "检" * 300},
    )
    assert "200" in _page(r) and "检" * 300 in _page(r)  # kept, with the bound at the field
    client.force_login(w.provider_user)
    client.post(url + "action/", {"action": "accept"})
    r = client.post(url + "action/", {"action": "deliver", "delivered_on": "2026-13-40"})
    page = _page(r)
    assert r.status_code == 422 and "服务完成日期格式不正确" in page
    assert 'value="2026-13-40"' in page
