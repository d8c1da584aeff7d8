"""The officials' notice desk in English (issue 15): the list, a draft, a published and a
withdrawn notice, the draft form re-rendered with an error, and the public page of a withdrawn
notice. Titles, issuers, texts and reasons typed in Chinese stay Chinese, marked lang="zh-Hans"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from innovoucher.accounts.roles import Role
from innovoucher.notices import services
from testsupport import make_user
from testsupport.english import english_problems, switch_to_english, untranslated
from testsupport.world import pdf


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English request leaves English active in this thread; later tests expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _notice(official, title, *, publish=False, withdraw=False):
    notice = services.notice_create(
        actor=official,
        kind="notice",
        region_code="640100",
        title=title,
        body="各有关单位：请按期申报。",
        issuer="银川市科学技术局",
    )
    services.notice_attach(actor=official, notice=notice, upload=pdf("附件一.pdf"), name="附件一")
    if publish or withdraw:
        services.notice_publish(actor=official, notice=notice)
    if withdraw:
        services.notice_withdraw(actor=official, notice=notice, reasons=["内容有误"])
    return notice


@pytest.mark.django_db
def test_notice_desk_in_english(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    official = make_user("en-notices", Role.CITY_REVIEWER, "640100")
    draft = _notice(official, "草稿通知")
    published = _notice(official, "已发布的通知", publish=True)
    withdrawn = _notice(official, "已撤回的通知", withdraw=True)
    client.force_login(official)
    assert "起草通知" in client.get("/notices/manage/").content.decode()
    switch_to_english(client)
    urls = [
        "/notices/manage/",
        f"/notices/manage/{draft.pk}/",
        f"/notices/manage/{published.pk}/",
        f"/notices/manage/{withdrawn.pk}/",
        f"/notices/{withdrawn.pk}/",
        f"/notices/{published.pk}/",
    ]
    problems = english_problems(client, urls)
    bad = client.post("/notices/manage/", {"kind": "notice", "region_code": "640100"})
    assert bad.status_code == 400
    if found := untranslated(bad.content.decode()):
        problems["POST /notices/manage/"] = found
    bad = client.post(f"/notices/manage/{draft.pk}/", {"op": "save", "title": ""})
    if found := untranslated(bad.content.decode()):
        problems["POST edit"] = found
    assert not problems, problems
