"""消息中心 and 待办事项 in English (issue 15): no Chinese outside the lang="zh-Hans" data (message
subjects and bodies, organisation names), with unread, read and overdue items on the pages; the
Chinese pages keep their Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.notifications import services
from innovoucher.registry import services as registry
from innovoucher.registry.tests.conftest import register
from testsupport.english import english_problems, switch_to_english

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
