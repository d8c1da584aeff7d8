"""The role-shaped menu: each role sees its own workspace, every page is reachable from some
role's menu (or one click from a page in it), and the menu costs one query per request."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from innovoucher.accounts.roles import Role
from innovoucher.portal.context import navigation
from innovoucher.portal.navigation import menu_for
from innovoucher.portal.tests.support import role_people
from testsupport.world import PASSWORD

# Pages without arguments that no menu links on purpose: form targets (POST), fragments loaded by
# htmx, machine endpoints; each is reached from the page named here.
ACTIONS = {
    "healthz": "the probe of the load balancer",
    "set_language": "the language switch in the header (POST)",
    "logout": "the logout button in the header (POST)",
    "notifications:mark_read": "消息中心 (POST)",
    "vouchers:claim": "我的创新券 (POST)",
    "vouchers:issue": "创新券管理 (POST, the 发放 button)",
    "registry:reveal": "a party's page (POST, audited)",
    "orders:place": "a service in the directory (服务机构 → 下单)",
    "workdays:compute": "工作日历 (htmx fragment)",
    "workdays:import_preview": "日历导入 (POST)",
    "supervision:sanction_impose": "监督检查 → 失信惩戒 (POST)",
    "supervision:sample_draw": "监督检查 → 抽查 (POST)",
    "supervision:commitment_sign": "信用承诺 (POST)",
    "redemptions:home": "a redirect to 兑付申请",
    "providers:apply": "机构工作台 (POST)",
    "providers:service_publish": "机构工作台 (POST)",
    "providers:instrument_register": "机构工作台 (POST)",
    "otp_enrol": "the sign-in of an official without an authenticator (forced there)",
    "otp_verify": "the sign-in step after the password (second factor)",
    "password_change": "账户安全 in the header → 修改密码",
    "recovery_codes_new": "账户安全 (POST, new recovery codes)",
    "session_extend": "the idle-session warning (POST from security/session.js)",
    "security:lockout_clear": "登录锁定 (POST, 解锁)",
    "region_picker": "the region pickers of the registration forms (htmx fragment)",
    "evaluation:round_open": "绩效评价 (POST, 开启评价)",
    "exports:request": "the 导出 buttons of 审计日志, 统计分析, 绩效评价 (POST)",
    "stats:drill": "统计分析 → a county, category or provider of a chart (drill-down)",
}
# Entries whose page depends on the region's policy (a city reviewer where the policy is the
# province's has no call to publish and is told so): each must open for some role.
REGION_DEPENDENT = {"redemptions:call_publish"}
# Namespaces outside the page map (the Django admin, the API with its own docs).
SKIPPED_NAMESPACES = {"admin", "api-1.0.0", "api"}


def _page_names(resolver=None, ns="") -> set[str]:
    """URL names of every page without arguments (detail pages need an id from a list)."""
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES or str(p.pattern).startswith("api/"):
                continue
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            names |= {n for n in _page_names(p, inner) if "<" not in n}
        elif isinstance(p, URLPattern) and p.name and "<" not in str(p.pattern):
            names.add(f"{ns}:{p.name}".lstrip(":"))
    return names


HREF = re.compile(r'href="(/[^"#?]*)')


def _linked_names(html: str) -> set[str]:
    found = set()
    for path in HREF.findall(html):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        found.add(match.view_name)
    return found


def _nav_html(html: str) -> str:
    start = html.index('<nav class="site-nav"')
    return html[start : html.index("</nav>", start)]


@pytest.fixture
def people(seed_policies):
    return role_people()


def test_each_role_walks_its_menu_and_every_page_is_reachable(client, people):
    reachable: set[str] = set()
    menus = {}
    broken = []
    opened: set[str] = set()
    for who, user in [("public", None), *people.items()]:
        client.logout()
        if user is not None:
            client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200
        nav_html = _nav_html(home.content.decode())
        nav = _linked_names(nav_html)
        menus[who] = nav
        reachable |= nav
        for name in sorted(nav):
            if name.startswith("admin:"):
                continue
            url = next(p for p in HREF.findall(nav_html) if resolve(p).view_name == name)
            response = client.get(url, follow=True)
            if response.status_code == 403 and name in REGION_DEPENDENT:
                continue
            if response.status_code == 200:
                opened.add(name)
            else:
                broken.append(f"{who}: {name} ({url}) → {response.status_code}")
            reachable |= _linked_names(response.content.decode())
    assert not broken, "menu entries that do not open:\n" + "\n".join(broken)
    assert REGION_DEPENDENT <= opened
    missing = _page_names() - reachable - set(ACTIONS)
    assert not missing, f"pages no menu reaches: {sorted(missing)}"
    # Each role its own workspace: a firm never sees the officials' queues, a visitor no desk.
    assert "redemptions:queue" not in menus[Role.APPLICANT]
    assert "providers:workspace" not in menus[Role.APPLICANT]
    assert "registry:workspace" not in menus["public"]
    assert "notifications:todos" not in menus["public"]
    assert "registry:register" in menus["public"]
    assert "vouchers:official" in menus[Role.COUNTY_REVIEWER]
    assert "redemptions:call_publish" in menus[Role.PROVINCE_REVIEWER]
    assert "ledger:budgets" in menus[Role.FINANCE_OFFICER]
    assert "ledger:budgets" not in menus[Role.APPLICANT]
    assert (
        "exports:list" in menus[Role.FINANCE_OFFICER] and "exports:list" in menus[Role.AUDIT_ADMIN]
    )
    assert "exports:list" not in menus[Role.APPLICANT]
    assert "registry:team_register" in menus[Role.INCUBATOR_AGENT]
    assert "account_roles" in menus[Role.SECURITY_ADMIN]
    assert "account_roles" not in menus[Role.SYSTEM_ADMIN]


def test_the_menu_costs_one_query(rf, people):
    request = rf.get("/")
    request.user = people[Role.COUNTY_REVIEWER]
    with CaptureQueriesContext(connection) as ctx:
        first = navigation(request)
        second = navigation(request)
    assert len(ctx.captured_queries) == 1
    assert first is second
    assert any(i["label"] == "兑付审核" for i in first["work_nav_items"])


def test_landing_after_login_is_the_to_do_list(client, people):
    response = client.post(
        "/accounts/login/", {"username": people[Role.APPLICANT].username, "password": "x"}
    )
    assert response.status_code == 200  # wrong password: the form again
    response = client.post(
        "/accounts/login/", {"username": people[Role.APPLICANT].username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/notifications/todos/"


def test_menu_entries_follow_roles():
    portal, work = menu_for(authenticated=False, roles=())
    assert work == [] and {i["name"] for i in portal} >= {"portal:map", "notices:list"}
    _, firm = menu_for(authenticated=True, roles=[Role.APPLICANT])
    assert [i["name"] for i in firm][:2] == ["notifications:todos", "notifications:inbox"]
    _, official = menu_for(authenticated=True, roles=[Role.CITY_REVIEWER])
    names = {i["name"] for i in official}
    assert "notices:manage" in names and "redemptions:mine" not in names


def test_a_role_granted_or_revoked_changes_the_menu_at_once(client, people):
    """The menu of a role set is computed once per process (`navigation._menu`), keyed on the
    roles themselves: a grant or a revocation shows on the very next page, in every process."""
    from innovoucher.accounts.models import RoleAssignment
    from innovoucher.accounts.services import assign_role, role_revoke

    firm = people[Role.APPLICANT]
    client.force_login(firm)
    assert "ledger:budgets" not in _linked_names(_nav_html(client.get("/").content.decode()))
    finance = people[Role.FINANCE_OFFICER]
    region = RoleAssignment.objects.filter(user=finance).first().region_code
    assign_role(
        actor=people[Role.SECURITY_ADMIN], user=firm, role=Role.FINANCE_OFFICER, region_code=region
    )
    assert "ledger:budgets" in _linked_names(_nav_html(client.get("/").content.decode()))
    granted = RoleAssignment.objects.get(user=firm, role=Role.FINANCE_OFFICER)
    role_revoke(actor=people[Role.SECURITY_ADMIN], assignment=granted)
    assert "ledger:budgets" not in _linked_names(_nav_html(client.get("/").content.decode()))


def test_the_current_page_is_marked_per_request(client, people):
    """The cached menu is copied for each request: the page marked current on one page is not
    marked on the next."""
    client.force_login(people[Role.APPLICANT])
    client.get("/notifications/todos/")
    response = client.get("/")
    active = [i["name"] for i in response.context["work_nav_items"] if i["active"]]
    assert active == [] and response.context["nav_items"][0]["active"]
