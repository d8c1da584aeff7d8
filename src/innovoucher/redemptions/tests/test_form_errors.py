"""Form errors on the redemption pages: a reused invoice discloses nothing of another firm, the
form comes back with what was typed and the message at the field, a reload never gives a 405,
and the amounts are labelled (contract, the firm's own payment, the voucher deduction)."""

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.redemptions.tests.intake_support import (  # noqa: F401
    START,
    claimant_user,
    intake_env,
    invoice,
    make_order,
    submit,
    upload,
    world_for,
)

NUMBER = "26440000999988887777"


def test_a_reused_invoice_of_another_firm_names_nothing_of_it(intake_env):
    first_world, other = world_for("ningxia"), world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        first = submit(first_world, inv=invoice(NUMBER))
        with pytest.raises(Conflict) as exc:
            submit(other, inv=invoice(NUMBER))
    assert exc.value.code == "invoice_reused"
    assert first.number not in exc.value.message and "redemption" not in exc.value.details
    assert first_world.applicant.name not in exc.value.message
    assert "已用于一项兑付申请" in exc.value.message


def test_the_apply_page_keeps_the_values_and_says_it_at_the_field(intake_env, client):
    first_world, other = world_for("ningxia"), world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        first = submit(first_world, inv=invoice(NUMBER))
        order = make_order(other)
        client.force_login(claimant_user(other))
        url = f"/redemptions/apply/{order.pk}/"
        data = {
            "invoice_number": NUMBER,
            "invoice_amount": "100000.00",
            "invoice_issued_on": "2026-03-02",
            "invoice_issuer": "宁夏测试开票单位",
            **{k: upload(f"{k}.pdf") for k in ("contract", "invoice", "result_report")},
        }
        response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 422
    assert f'value="{NUMBER}"' in body and 'value="宁夏测试开票单位"' in body
    assert "已用于一项兑付申请" in body and first.number not in body


def test_a_reload_of_a_post_only_page_goes_back(intake_env, client):
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = submit(world)
    client.force_login(claimant_user(world))
    for path in (f"/redemptions/{r.pk}/withdraw/", f"/redemptions/{r.pk}/confirm/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == f"/redemptions/{r.pk}/"
    assert client.get("/redemptions/review/steps/1/").status_code == 302


def test_the_detail_page_labels_own_payment_deduction_and_contract(intake_env, client):
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = submit(world)
    order = r.order
    client.force_login(claimant_user(world))
    body = client.get(f"/redemptions/{r.pk}/").content.decode()
    assert "服务使用方自付" in body and "合同金额" in body
    own = r.paid_amount_fen - order.deduction_fen
    assert f"¥{own // 100:,}" in body
