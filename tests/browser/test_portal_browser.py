"""The portal in a real Chromium: every role logs in, opens its to-do list (the landing page after
login, tests in portal/tests/test_navigation.py) and walks its own menu; the innovation map draws
the demo providers and drills down; axe-core finds no serious or
critical WCAG 2.1 AA violation on the main pages, which fit a 375 px phone and weigh < 200 KB."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovoucher.accounts.roles import Role
from innovoucher.portal.tests.support import role_people

from .lifecycle_pages import Pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as a script tag; the CSP (script-src 'self') would refuse it.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def people(transactional_db):
    from innovoucher.policies.services import policy_directory_import

    policy_directory_import(actor=None)
    return role_people("ui")


def _menu(page) -> list[tuple[str, str]]:
    links = page.get_by_role("navigation", name="主导航").get_by_role("link")
    return [(a.inner_text().strip(), a.get_attribute("href")) for a in links.all()]


def test_each_role_lands_on_its_to_dos_and_walks_its_menu(
    people, page, live_server, tmp_path, shot
):
    ui = Pages(page, live_server.url, tmp_path, shot)
    page.goto(live_server.url + "/")
    public = dict(_menu(page))
    assert "创新地图" in public and "工作台" not in public and "兑付审核" not in public
    for role, user in people.items():
        # The shared login helper (it follows any second factor the accounts add).
        ui.login(user)
        ui.nav("待办事项")
        expect(page).to_have_url(live_server.url + "/notifications/todos/")
        work = [(label, href) for label, href in _menu(page) if href not in public.values()]
        assert work, role
        for label, href in work:
            if href.startswith("/admin/"):
                continue
            response = page.goto(live_server.url + href)
            assert response.status < 400 or href == "/redemptions/calls/new/", (role, label)
            if response.status < 400:
                expect(page.locator("main h1").first).to_be_visible()
        labels = {label for label, _ in work}
        if role == Role.APPLICANT:
            assert {"我的创新券", "兑付申请"} <= labels and "兑付审核" not in labels
        if role == Role.COUNTY_REVIEWER:
            assert {"兑付审核", "主体审核", "创新券管理"} <= labels and "我的创新券" not in labels
        if role == Role.FINANCE_OFFICER:
            assert "资金管理" in labels and "我的创新券" not in labels


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _check_page(page, url: str, problems: dict) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    size = len(response.body())
    found = _axe(page)
    if size > 200 * 1024:
        found.append(f"page weighs {size} bytes")
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px at 375 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    if found:
        problems[url] = found


def test_main_pages_pass_axe_fit_a_phone_and_stay_small(people, page, live_server, tmp_path, shot):
    base = live_server.url
    # The check can fail: an image without a text alternative is a critical violation.
    page.goto(base + "/about/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in _axe(page))
    problems: dict[str, list[str]] = {}
    for url in [
        "/",
        "/policies/",
        "/quote/",
        "/providers/",
        "/notices/",
        "/map/",
        "/accounts/login/",
    ]:
        _check_page(page, base + url, problems)
    # The skip link is the first stop of the keyboard and shows when focused.
    page.goto(base + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert (
        page.evaluate("() => document.querySelector('.skip-link').getBoundingClientRect().top") >= 0
    )
    ui = Pages(page, base, tmp_path, shot)
    ui.login(people[Role.APPLICANT])
    _check_page(page, base + "/registry/workspace/", problems)
    _check_page(page, base + "/notifications/todos/", problems)
    ui.login(people[Role.COUNTY_REVIEWER])
    _check_page(page, base + "/redemptions/review/", problems)
    _check_page(page, base + "/registry/organisations/", problems)
    assert not problems, problems


def test_the_map_draws_the_demo_providers_and_drills_down(people, page, live_server):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="创新地图").click()
    chart = page.locator("#innovation-map[data-ready='1']")
    expect(chart).to_be_attached(timeout=15000)
    expect(chart.locator("canvas")).to_have_count(1)
    values = page.evaluate(
        """() => Object.fromEntries(
               echarts.getInstanceByDom(document.getElementById('innovation-map'))
             .getOption().series[0].data.map(d => [d.name, d.value]))"""
    )
    assert values["山西"] >= 1 and values["浙江"] == 0
    # The table says the same; its link drills into Shanxi, then Taiyuan.
    page.locator("#map-areas tr[data-code='140000'] a").click()
    expect(page.locator("#innovation-map[data-ready='1']")).to_be_attached(timeout=15000)
    values = page.evaluate(
        """() => Object.fromEntries(
               echarts.getInstanceByDom(document.getElementById('innovation-map'))
             .getOption().series[0].data.map(d => [d.name, d.value]))"""
    )
    assert values["太原市"] >= 1
    page.locator("#map-areas tr[data-code='140100'] a").click()
    expect(page.locator("#innovation-map[data-ready='1']")).to_be_attached(timeout=15000)
    expect(page.locator("main")).to_contain_text("服务机构")
    # Search: a name that matches nothing empties the table.
    page.fill("#m-q", "不存在的机构名称")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#map-areas")).to_contain_text("没有符合条件的服务机构")
