"""消息中心 and 待办事项: idempotent notify, own messages only, unread first, mark read, the header
badge, the to-do page with deadlines and overdue marking, and the API."""

import datetime as dt

import pytest
from django.core import mail

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.notifications import selectors, services
from innovoucher.notifications.models import Notification
from innovoucher.registry.tests.conftest import PASSWORD, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_user):
    user = make_user("alice", Role.COUNTY_REVIEWER, "330602")
    user.email = "alice@example.cn"
    user.save()
    return user


@pytest.fixture
def bob(make_user):
    user = make_user("bob", Role.COUNTY_REVIEWER, "650102")
    user.email = "bob@example.cn"
    user.save()
    return user


def test_notify_creates_a_message_and_mails_after_commit_once_per_key(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(
            users=[alice],
            subject="请审核",
            body="内容",
            url="/registry/",
            due_on=dt.date(2026, 12, 1),
            key="k:1",
        )
        again = services.notify(users=[alice, alice], subject="请审核", key="k:1")
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.cn"]
    assert (
        "【科技创新券】请审核" == mail.outbox[0].subject and "2026年12月1日" in mail.outbox[0].body
    )


def test_notify_role_reaches_people_whose_region_contains_it(alice, bob, make_user):
    city = make_user("city", Role.CITY_REVIEWER, "330600")
    sent = services.notify_role(
        roles=(Role.COUNTY_REVIEWER, Role.CITY_REVIEWER),
        region_code="330602",
        subject="x",
        key="r:1",
    )
    assert {n.recipient for n in sent} == {alice, city}


def test_a_person_sees_and_marks_only_their_own_messages(alice, bob):
    mine = services.notify(users=[alice], subject="甲")[0]
    theirs = services.notify(users=[bob], subject="乙")[0]
    assert list(selectors.notification_list_for_actor(actor=alice)) == [mine]
    with pytest.raises(NotFound):
        selectors.notification_get(actor=alice, pk=theirs.pk)
    assert services.notification_mark_read(actor=alice, ids=[theirs.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert selectors.unread_count(actor=bob) == 1


def test_inbox_lists_unread_first_paginated_and_marks_read(client, alice, bob):
    old = services.notify(users=[alice], subject="较早的消息", url="/registry/workspace/")[0]
    for i in range(22):
        services.notify(users=[alice], subject=f"消息{i}")
    services.notification_mark_read(
        actor=alice,
        ids=[
            n.pk for n in Notification.objects.filter(recipient=alice, subject__startswith="消息")
        ],
    )
    other = services.notify(users=[bob], subject="别人的消息")[0]
    client.login(username="alice", password=PASSWORD)
    page = client.get("/notifications/").content.decode()
    assert page.index("较早的消息") < page.index("消息21")  # unread first, although older
    assert "1 条未读" in page and "别人的消息" not in page and "第 1 / 2 页" in page
    assert 'aria-label="1 条未读消息"' in page  # the header badge
    r = client.get(f"/notifications/{old.pk}/open/")
    assert r.status_code == 302 and r["Location"] == "/registry/workspace/"
    old.refresh_from_db()
    assert old.read_at is not None
    assert client.get(f"/notifications/{other.pk}/open/").status_code == 404
    services.notify(users=[alice], subject="新消息")
    r = client.post("/notifications/read/", {"all": "1"}, follow=True)
    assert "已将 1 条消息标为已读" in r.content.decode()
    assert selectors.unread_count(actor=alice) == 0
    assert selectors.unread_count(actor=bob) == 1
    assert client.get("/notifications/?show=unread").status_code == 200


def test_inbox_needs_login(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/todos/").status_code == 302
    # The to-do list is in the workspace menu of signed-in people only (issue 15).
    assert "待办事项" not in client.get("/").content.decode()


def test_todo_page_shows_deadlines_and_overdue_items(client, alice, bob):
    with clock.frozen_now(dt.date(2026, 3, 2)):
        org = register("330602")
    client.login(username="alice", password=PASSWORD)
    with clock.frozen_now(dt.date(2026, 3, 3)):
        items = selectors.todo_list_for_actor(actor=alice)
        assert [t.title for t in items] == [f"审核主体登记：{org.name}"]
        assert items[0].due_on == dt.date(2026, 3, 9) and not items[0].overdue  # 5 working days
    with clock.frozen_now(dt.date(2026, 3, 20)):
        page = client.get("/notifications/todos/").content.decode()
    assert org.name in page and "已超期 2026年3月9日" in page and "1 项已超期" in page
    assert selectors.todo_list_for_actor(actor=bob) == []


def test_api_lists_marks_read_and_returns_todos(client, alice, bob):
    services.notify(users=[alice], subject="甲", due_on=dt.date(2026, 12, 1))
    services.notify(users=[bob], subject="乙")
    assert client.get("/api/v1/notifications/").status_code == 401
    client.login(username="alice", password=PASSWORD)
    data = client.get("/api/v1/notifications/").json()
    assert data["count"] == 1 and data["unread"] == 1 and data["results"][0]["subject"] == "甲"
    assert data["results"][0]["due_on"] == "2026-12-01"
    r = client.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert r.json() == {"marked": 1, "unread": 0}
    assert client.get("/api/v1/notifications/todos").json() == []
    assert "/notifications/todos" in str(client.get("/api/v1/openapi.json").json()["paths"])
