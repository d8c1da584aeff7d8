"""Every registry form, on a mistake, comes back with what was typed and a Chinese message at the
field (422), and a reload of a POST-only address goes back to its page (never a blank 405)."""

import pytest

from innovoucher.registry import services
from innovoucher.registry.tests.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(client, yuecheng):
    org = register("330602", username="sweep-user")
    client.force_login(org.role_assignments.get().user)
    return org


def _check(response, *texts):
    body = response.content.decode()
    assert response.status_code in (200, 422), body[:500]
    for text in texts:
        assert text in body, text
    assert 'class="errorlist"' in body


def test_registration_keeps_values_and_bounds_the_name(client, db):
    long_name = "长" * 101
    response = client.post(
        "/registry/register/",
        {"kind": "enterprise", "name": long_name, "contact_phone": "123", "username": "x-y"},
    )
    _check(response, f'value="{long_name}"', "名称不能超过100个字", "联系电话应为11位手机号码")


def test_contact_bank_facts_and_parties_forms(client, party):
    base = f"/registry/organisations/{party.pk}"
    _check(
        client.post(f"{base}/contact/", {"contact_name": "王五", "contact_phone": "12"}),
        'value="王五"',
        "联系电话应为11位手机号码",
    )
    _check(
        client.post(
            f"{base}/bank/",
            {"bank_name": "中国银行绍兴分行", "account_name": "别人", "account_number": "12ab"},
        ),
        'value="中国银行绍兴分行"',
        "须与登记名称",
        "银行账号只能由数字组成",
    )
    _check(
        client.post(f"{base}/facts/", {"kind": "employees", "value": "很多"}),
        'value="很多"',
    )
    _check(
        client.post(
            f"{base}/parties/",
            {
                "form": "shareholder",
                "shareholder-holder_type": "person",
                "shareholder-holder_name": "赵六",
                "shareholder-stake_percent": "130",
            },
        ),
        'value="赵六"',
        "持股比例应大于0且不超过100%",
    )
    for path in ("contact", "bank", "review"):
        response = client.get(f"{base}/{path}/")
        assert response.status_code == 302 and response["Location"] == f"{base}/"


def test_change_filing_form_keeps_values_on_a_wrong_holder(client, party, yuecheng):
    services.registration_review(actor=yuecheng, organisation=party, action="approve")
    response = client.post(
        f"/registry/organisations/{party.pk}/filings/",
        {
            "bank_name": "中国工商银行绍兴越城支行",
            "bank_account_name": "另一家公司",
            "bank_account_number": "1211000011112222333",
            "reason": "更换账户",
        },
    )
    _check(response, 'value="另一家公司"', "须与登记名称", "请上传证明材料")
