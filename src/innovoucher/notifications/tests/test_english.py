"""消息中心 and 待办事项 in English (issue 15): no Chinese outside the lang="zh-Hans" data (message
subjects and bodies, organisation names), with unread, read and overdue items on the pages; the
Chinese pages keep their Chinese."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

import innovoucher
from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.notifications import services
from innovoucher.registry import services as registry
from innovoucher.registry.tests.conftest import register
from testsupport.english import CJK, english_problems, switch_to_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English request leaves English active in this thread; later tests expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_inbox_and_todos_in_english(client, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reviewer = make_user("en-county", Role.COUNTY_REVIEWER, "330602")
    pending = register("330602")  # a registration to review: a to-do and a message
    returned = register("330602", username="en-firm")
    registry.registration_review(
        actor=reviewer, organisation=returned, action="return", reasons=["营业执照不清晰"]
    )
    services.notify(
        users=[reviewer],
        subject="请审核兑付申请",
        body="申请单位：测试科技有限公司",
        url="/registry/",
        due_on=clock.today() - dt.timedelta(days=3),
        key="en:1",
    )
    first = services.notify(users=[reviewer], subject="已读的消息", key="en:2")
    services.notification_mark_read(actor=reviewer, ids=[first[0].pk])

    client.force_login(reviewer)
    chinese = client.get("/notifications/todos/").content.decode()
    assert "待办事项" in chinese and "审核主体登记" in chinese and pending.name in chinese
    switch_to_english(client)
    urls = ["/notifications/", "/notifications/?show=unread", "/notifications/todos/"]
    problems = english_problems(client, urls)
    response = client.post("/notifications/read/", {"all": "1"}, follow=True)
    assert "marked as read" in response.content.decode()
    problems.update(english_problems(client, ["/notifications/"]))

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="en-firm"))
    switch_to_english(client)
    problems.update({f"firm {u}": p for u, p in english_problems(client, urls).items()})
    assert not problems, problems


def _calls(tree):
    """{id(node): name of the function called with node as a direct argument}."""
    called = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                called[id(arg)] = name
    return called


def test_to_do_sources_build_no_chinese_outside_translations():
    """Every app's `todos.py` builds its titles, categories and details from msgids
    (`_("…{name}")` with named placeholders) and marks data with `zh(…)`: a Chinese literal or
    f-string anywhere else would show Chinese on the English to-do list (the demo's walk in
    simulation/tests/test_demo.py sees only the to-dos the demo happens to leave)."""
    sources = sorted(Path(innovoucher.__file__).parent.glob("*/todos.py"))
    assert len(sources) >= 5
    bad = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        called = _calls(tree)
        for node in ast.walk(tree):
            text = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = ast.unparse(node)
            if not text or not CJK.search(text) or id(node) in docstrings:
                continue
            # a msgid, or a separator joining Chinese data inside zh(...)
            owner = called.get(id(node))
            inside_zh = isinstance(node, ast.Constant) and _joins_into_zh(tree, node)
            if owner in ("_", "gettext", "gettext_lazy", "ngettext") or inside_zh:
                continue
            bad.append(f"{path.parent.name}/todos.py:{node.lineno}: {text}")
    assert not bad, bad


def _joins_into_zh(tree, node) -> bool:
    """`zh("；".join(reasons))`: the literal is the separator of Chinese data."""
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "zh":
            if any(n is node for n in ast.walk(call)):
                return True
    return False


def test_api_to_dos_are_plain_text_in_both_languages(client, make_user):
    """The page marks names lang="zh-Hans"; the JSON gives the same text without markup."""
    reviewer = make_user("en-api", Role.COUNTY_REVIEWER, "330602")
    org = register("330602", name="甲&乙检测有限公司")
    client.force_login(reviewer)
    [item] = client.get("/api/v1/notifications/todos").json()
    assert item["title"] == f"审核主体登记：{org.name}" and item["category"] == "登记审核"
    switch_to_english(client)
    [item] = client.get("/api/v1/notifications/todos").json()
    assert item["title"] == f"Review the registration: {org.name}"
