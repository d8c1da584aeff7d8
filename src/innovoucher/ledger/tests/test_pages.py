"""Finance pages through the Django test client: roles, region scope, forms, files."""

import re

import pytest
from django.urls import reverse

from innovoucher.accounts.roles import Role
from innovoucher.ledger import services
from innovoucher.ledger.models import Budget, Claim, PaymentBatch, Transfer
from innovoucher.ledger.tests.helpers import funded, reserve, result_csv
from innovoucher.regions.services import region_table_load
from testsupport import make_user
from testsupport.world import register_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer):
    """Shanxi money with a paid batch in Taiyuan, and Ningxia money the Shanxi people must not
    see."""
    funded(officer, "140000", 100_000_00, region="140100")
    funded(officer, "140100", 100_000_00)
    reserve(officer, "redemption:sx-1", {"province": 10_000_00, "city": 10_000_00})
    batch = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-05"
    )
    services.batch_export(actor=officer, batch=batch)
    nx = make_user("fin_nx", grants=[(Role.FINANCE_OFFICER, "640000")])
    funded(nx, "640000", 50_000_00)
    reserve(
        nx,
        "redemption:nx-1",
        {"province": 7_000_00},
        region="640104",
        payee=services.Payee("provider", "宁夏某检测站", "6228****7777"),
    )
    services.batch_create(
        actor=nx, payer_region="640000", cadence="per_notice", period="宁科通〔2026〕1号"
    )
    return {
        "batch": batch,
        "nx": nx,
        "nx_budget": Budget.objects.get(funder_region="640000"),
        "nx_claim": Claim.objects.get(reference="redemption:nx-1"),
    }


def _pages(world):
    sx_budget = Budget.objects.get(funder_region="140100")
    return [
        reverse("ledger:budgets"),
        reverse("ledger:budget", args=[sx_budget.pk]),
        reverse("ledger:allocate"),
        reverse("ledger:transfers"),
        reverse("ledger:claims") + "?status=all",
        reverse("ledger:claim", args=[Claim.objects.get(reference="redemption:sx-1").pk]),
        reverse("ledger:batches"),
        reverse("ledger:batch", args=[world["batch"].pk]),
        reverse("ledger:statements") + "?payee=某",
    ]


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.PROVINCE_REVIEWER, Role.AUDITOR])
def test_every_page_opens_for_finance_and_read_only_roles(client, world, role):
    client.force_login(make_user(f"u_{role}", grants=[(role, "140000")]))
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "宁夏某检测站" not in html and "redemption:nx-1" not in html, url


def test_anonymous_users_are_sent_to_login_and_other_roles_are_refused(client, world):
    for url in _pages(world):
        assert client.get(url).status_code == 302
    client.force_login(register_party("140105", username="applicant")[1])
    for url in _pages(world):
        assert client.get(url).status_code == 403, url


def test_another_regions_records_are_not_found(client, world):
    client.force_login(make_user("fin_ty2", grants=[(Role.FINANCE_OFFICER, "140100")]))
    assert client.get(reverse("ledger:budget", args=[world["nx_budget"].pk])).status_code == 404
    assert client.get(reverse("ledger:claim", args=[world["nx_claim"].pk])).status_code == 404
    nx_batch = PaymentBatch.objects.get(payer_region="640000")
    assert client.get(reverse("ledger:batch", args=[nx_batch.pk])).status_code == 404
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    assert client.get(reverse("ledger:budget", args=[pool.pk])).status_code == 404, (
        "a city officer does not see the province pool"
    )
    listing = client.get(reverse("ledger:transfers")).content.decode()
    assert "redemption:nx-1" not in listing and "redemption:sx-1" in listing


def test_navigation_links_the_finance_pages_for_finance_roles_only(client, world):
    client.force_login(make_user("aud", grants=[(Role.AUDITOR, "140000")]))
    assert reverse("ledger:budgets") in client.get("/").content.decode()
    client.force_login(register_party("140105", username="app")[1])
    assert reverse("ledger:budgets") not in client.get("/").content.decode()


def test_budget_detail_shows_chart_data_and_forecast(client, officer, world):
    client.force_login(officer)
    budget = Budget.objects.get(funder_region="140100")
    html = client.get(reverse("ledger:budget", args=[budget.pk])).content.decode()
    assert "vendor/echarts/echarts.min.js" in html and 'id="burndown-data"' in html
    assert "预计于" in html or "尚无支出" in html


def test_allocate_form_appropriates_and_allocates(client, officer, world):
    client.force_login(officer)
    url = reverse("ledger:allocate")
    data = {
        "action": "appropriate",
        "funder_region": "140000",
        "fiscal_year": "2026",
        "line": "vouchers",
        "amount": "1000.50",
        "reference": "晋财〔2026〕99号",
    }
    assert client.post(url, data).status_code == 302
    assert Transfer.objects.filter(
        code="appropriate", reference="晋财〔2026〕99号", amount_fen=100050
    ).exists()
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    data = {
        "action": "allocate",
        "source": str(pool.pk),
        "to_region": "140200",
        "amount": "500",
        "reference": "下拨-大同",
    }
    assert client.post(url, data).status_code == 302
    assert Budget.objects.filter(funder_region="140000", region_code="140200").exists()


def test_allocate_form_explains_bad_input(client, officer, world):
    client.force_login(officer)
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    bad_amount = client.post(
        reverse("ledger:allocate"),
        {
            "action": "allocate",
            "source": str(pool.pk),
            "to_region": "140200",
            "amount": "12.345",
            "reference": "x",
        },
    )
    assert bad_amount.status_code == 200 and "最多两位小数" in bad_amount.content.decode()
    too_much = client.post(
        reverse("ledger:allocate"),
        {
            "action": "allocate",
            "source": str(pool.pk),
            "to_region": "140200",
            "amount": "99999999",
            "reference": "x",
        },
    )
    assert too_much.status_code == 200 and "余额不足" in too_much.content.decode()


def test_read_only_roles_cannot_move_money(client, world):
    client.force_login(make_user("reviewer", grants=[(Role.PROVINCE_REVIEWER, "140000")]))
    html = client.get(reverse("ledger:allocate")).content.decode()
    assert "只能查看" in html
    batch = world["batch"]
    assert (
        client.post(reverse("ledger:batch_export", args=[batch.pk]), {"format": "csv"}).status_code
        == 403
    )


def test_batch_pages_create_export_and_import(client, officer, world):
    client.force_login(officer)
    reserve(officer, "redemption:sx-2", {"province": 1_000_00, "city": 1_000_00}, day=3)
    response = client.post(
        reverse("ledger:batches"),
        {"payer_region": "140100", "cadence": "monthly", "period": "2026-06"},
    )
    batch = PaymentBatch.objects.get(period="2026-06")
    assert response.status_code == 302 and response.url == reverse("ledger:batch", args=[batch.pk])
    exported = client.post(reverse("ledger:batch_export", args=[batch.pk]), {"format": "xlsx"})
    assert exported.status_code == 200 and "attachment" in exported["Content-Disposition"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("回执.csv", result_csv(batch), content_type="text/csv")
    after = client.post(
        reverse("ledger:batch_import", args=[batch.pk]), {"file": upload}, follow=True
    )
    assert "到账 1 笔" in after.content.decode()
    assert Claim.objects.get(reference="redemption:sx-2").status == "paid"


def test_statements_for_funder_and_payee(client, officer, world):
    services.batch_import_results(
        actor=officer, batch=world["batch"], filename="r.csv", content=result_csv(world["batch"])
    )
    client.force_login(officer)
    html = client.get(
        reverse("ledger:statements"), {"funder": "140100:2026", "payee": "太原"}
    ).content.decode()
    assert "redemption:sx-1" in html and "太原某科技有限公司" in html and "¥10,000.00" in html


def test_carry_over_button(client, officer, world):
    client.force_login(officer)
    budget = Budget.objects.get(funder_region="140100")
    response = client.post(
        reverse("ledger:budget_carry_over", args=[budget.pk]),
        {"reference": "2026年度结转"},
        follow=True,
    )
    assert "已处理年度结转" in response.content.decode()
    assert Budget.objects.filter(funder_region="140100", fiscal_year=2027).exists()


def test_importing_results_before_export_is_explained(client, officer, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    reserve(officer, "redemption:sx-3", {"province": 1_000_00, "city": 1_000_00}, day=4)
    batch = services.batch_create(
        actor=officer, payer_region="140100", cadence="monthly", period="2026-07"
    )
    upload = SimpleUploadedFile("r.csv", result_csv(batch), content_type="text/csv")
    response = client.post(reverse("ledger:batch_import", args=[batch.pk]), {"file": upload})
    assert response.status_code == 422 and "尚未导出" in response.content.decode()


def test_the_ledger_list_filters_by_a_picked_region_and_says_a_bad_one_at_the_field(
    client, officer, world
):
    """地区 of the ledger list is the GB/T 2260 picker (nothing chosen: every region in scope). A
    picked region narrows the list to itself and below; a division outside the table or outside
    the reader's regions is a message at the field and ignored, the other filters kept (a list
    answers 200 for a filter it cannot use, as every list does)."""
    region_table_load()
    client.force_login(officer)
    url = reverse("ledger:transfers")
    html = client.get(url).content.decode()
    assert 'name="region_code__province"' in html and 'lang="zh-Hans">山西省</option>' in html
    assert not re.search(r'<input[^>]*name="region_code"', html)
    pool_only, to_city = "拨款-140000-2026-140100-", "下拨-140100-"
    assert pool_only in html and to_city in html
    picked = client.get(url, {"region_code__province": "140000", "region_code__city": "140100"})
    html = picked.content.decode()
    assert to_city in html and pool_only not in html
    assert 'value="140100" selected' in html
    for province, city, message in (
        ("140000", "149900", "请从列表中选择地区"),
        ("640000", "", "不在您可查看的范围内"),
    ):
        bad = client.get(
            url,
            {"region_code__province": province, "region_code__city": city, "reference": "拨款"},
        )
        html = bad.content.decode()
        assert bad.status_code == 200 and message in html, message
        assert re.search(r'<ul class="errorlist"><li>[^<]*' + message, html)
        assert pool_only in html and to_city not in html  # the region ignored, 拨款 kept
        assert 'value="拨款"' in html
