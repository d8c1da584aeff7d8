"""A new firm, the way an acceptance tester meets the platform: nobody made its account. It
registers on the 注册登记 page (region from the picker, its receiving account with the
registration), declares its eligibility facts with evidence on 资格信息与证明, the county
reviewer approves the registration and verifies each fact from the pages, the firm signs its credit
commitment on 信用承诺 — then the policy's whole journey (order → redemption → review → paid)
runs with that firm (tests/browser/test_lifecycle_journeys.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.redemptions.states import RedemptionStatus as RS
from innovoucher.regions.services import region_table_load
from innovoucher.registry.demo import make_bank_account, make_uscc
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.models import FactKind, Organisation
from testsupport.world import PASSWORD

from .lifecycle_pages import pick_region
from .test_lifecycle_journeys import journey, lifecycle_env  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
_serial = itertools.count(901)

FACTS = (  # what the seed policies read, as the firm declares them
    (FactKind.EMPLOYEES, "120"),
    (FactKind.ANNUAL_REVENUE, "150000000.00"),
    (FactKind.TECH_SME, "是"),
    (FactKind.CREDIT_STATUS, "是"),
)


def _menu(page, label: str) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name=label, exact=True
    ).click()


def _logout(page) -> None:
    page.get_by_role("button", name="退出登录").click()


def register_newcomer(ui, world) -> None:
    page, base, n = ui.page, ui.base, next(_serial)
    name, username = f"新登记科技有限公司{n}", f"newcomer-{world.family}-{n}"
    licence = ui.pdf
    # 1. Registration, as a visitor: the menu's 注册登记, the region picked, the account given.
    page.goto(base + "/")
    _menu(page, "注册登记")
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_name", name)
    pick_region(page, "id_region_code", world.county)
    page.fill("#id_uscc", make_uscc(world.county, n))
    page.fill("#id_address", "科技路1号")
    page.set_input_files("#id_licence", str(licence))
    page.fill("#id_legal_rep_name", "张三")
    page.fill("#id_legal_rep_id_number", make_id_number(world.county, dt.date(1981, 2, 3), n))
    page.fill("#id_contact_name", "李四")
    page.fill("#id_contact_phone", "13800001111")
    page.fill("#id_bank_name", "中国工商银行股份有限公司营业部")
    page.fill("#id_bank_account_name", name)
    page.fill("#id_bank_account_number", make_bank_account(9000 + n))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="提交登记").click()
    expect(ui.messages()).to_contain_text("登记已提交")
    # 2. Its facts, each with evidence, on 资格信息与证明 (from its organisation page).
    today = clock.today()
    for kind, value in FACTS:
        page.get_by_role("link", name="资格信息与证明").first.click()
        page.select_option("#id_kind", kind.value)
        page.fill("#id_value", value)
        page.fill("#id_valid_from", (today - dt.timedelta(days=100)).isoformat())
        page.fill("#id_expires_on", (today + dt.timedelta(days=400)).isoformat())
        page.set_input_files("#id_evidence_file", str(licence))
        page.fill("#id_evidence_ref", "证明材料")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("main table")).to_contain_text(str(kind.label))
    ui.shot("newcomer-facts-declared")
    _logout(page)
    # 3. The county reviewer approves the registration from the to-do list, then verifies the
    #    facts on the firm's 资格信息与证明.
    ui.login(world.officials["county"])
    _menu(page, "待办事项")
    page.get_by_role("row", name=re.compile(name)).get_by_role("link", name="去办理").first.click()
    page.select_option("#id_action", "approve")
    page.get_by_role("button", name="提交审核结论").click()
    expect(ui.messages()).to_contain_text(f"已审核通过：{name}")
    page.get_by_role("link", name="资格信息与证明").first.click()
    for _ in FACTS:
        page.locator("main table form").first.get_by_role("button", name="提交").click()
        expect(ui.messages()).to_be_visible()
    expect(page.locator("main table form")).to_have_count(0)
    ui.shot("newcomer-facts-verified")
    _logout(page)
    # 4. The firm signs its credit commitment where a policy asks for one.
    user = get_user_model().objects.get(username=username)
    ui.login(user)
    _menu(page, "信用承诺")
    for button in page.get_by_role("button", name="签署信用承诺").all():
        button.click()
        expect(ui.messages()).to_contain_text("信用承诺已签署")
    world.applicant = Organisation.objects.get(name=name)
    world.applicant_user = user
    assert world.applicant.bank_account_masked


@pytest.fixture
def regions(transactional_db):
    region_table_load()


@pytest.mark.parametrize("family", ["shanxi", "shaoxing"])
def test_a_new_firm_registers_qualifies_and_is_paid(
    family, live_server, lifecycle_env, regions, page, shot, tmp_path
):
    r = journey(family, page, live_server, tmp_path, shot, newcomer=register_newcomer)
    assert r.applicant.name.startswith("新登记科技有限公司")
    r.refresh_from_db()
    assert r.status == RS.PAID
