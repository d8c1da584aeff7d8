import re

import pytest

pytestmark = pytest.mark.django_db

FORM = {
    "policy": "shanxi",
    "on": "2026-03-01",
    "kind": "enterprise",
    "region": "140105",
    "employees": "50",
    "annual_revenue": "0",
    "received_this_year": "0",
    "group_received_this_year": "0",
    "credit_ok": "on",
    "tech_sme": "on",
    "provider_region": "140100",
    "provider_kind": "university",
    "provider_admitted": "on",
    "category": "testing",
    "contract_amount": "12345.67",
    "paid_amount": "12345.67",
    "completed_on": "2026-02-01",
    "via_platform": "on",
    "claimant": "applicant",
}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/policies/",
        "/policies/shanxi/",
        "/policies/versions/urumqi-2026/",
        "/quote/",
        "/about/",
    ],
)
def test_public_pages_render_in_chinese(client, seed_policies, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "科技创新券服务平台" in response.content.decode()


def test_home_links_each_policy(client, seed_policies):
    html = client.get("/").content.decode()
    for slug in ("shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia"):
        assert f"/policies/{slug}/" in html and f"/quote/?policy={slug}" in html


def test_unknown_pages_are_a_tidy_404(client, seed_policies):
    for url in ("/policies/atlantis/", "/policies/versions/nope/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404 and "返回首页" in response.content.decode()


def test_version_page_shows_parameters_with_articles_and_assumptions(client, seed_policies):
    html = client.get("/policies/versions/shaoxing-2022/").content.decode()
    assert "三（一）4" in html and "假设" in html and "公示期" in html


def test_quote_form_shows_amount_shares_and_reasons(client, seed_policies):
    html = client.post("/quote/", FORM).content.decode()
    assert re.search(r'data-testid="subsidy">¥6,172.83<', html)
    assert "¥3,086.42" in html and "¥3,086.41" in html and "第二十一条" in html


def test_quote_form_explains_bad_input_without_losing_it(client, seed_policies):
    html = client.post(
        "/quote/", {**FORM, "paid_amount": "99999999", "region": "14"}
    ).content.decode()
    assert "实际支付金额不能大于合同金额" in html and "请选择注册地所在的省、市、区县" in html
    assert 'value="12345.67"' in html  # what the user typed is kept


def test_htmx_request_gets_only_the_result_fragment(client, seed_policies):
    html = client.post("/quote/", FORM, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "¥6,172.83" in html


URUMQI = {
    **FORM,
    "policy": "urumqi",
    "region": "650102",
    "provider_region": "650102",
    "other_public_funding": "on",
}


def test_quote_form_takes_the_funding_level_urumqi_excludes_only_city_money(client, seed_policies):
    form = client.get("/quote/?policy=urumqi").content.decode()
    assert 'name="public_funding_level"' in form
    city = client.post("/quote/", {**URUMQI, "public_funding_level": "city"}).content.decode()
    assert "不符合本条规定：企业购买专业服务所需经费已获得市级财政资金资助的" in city
    assert re.search(r'data-testid="subsidy">¥0.00<', city)
    province = client.post(
        "/quote/", {**URUMQI, "public_funding_level": "province"}
    ).content.decode()
    assert "不符合本条规定：企业购买专业服务所需经费已获得市级" not in province
    assert "符合本条规定：企业购买专业服务所需经费已获得市级" in province
    assert not re.search(r'data-testid="subsidy">¥0.00<', province)
    unknown = client.post("/quote/", URUMQI).content.decode()
    assert "未说明资金层级" in unknown
    unticked = client.post("/quote/", {**FORM, "public_funding_level": "national"}).content.decode()
    assert "请同时勾选“已获其他财政资金支持”" in unticked
