"""The English interface: the language switch (kept for the browser session), and no
untranslated Chinese on the pages the portal covers. Chinese may remain only inside elements
marked lang="zh-Hans" (names, titles and texts typed in Chinese, policy quotes)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from innovoucher.accounts.roles import Role
from innovoucher.notices import services
from testsupport import make_user
from testsupport.english import untranslated
from testsupport.world import build_world


def test_the_checker_fails_on_chinese_outside_marked_blocks():
    assert untranslated('<p>Hello <span lang="zh-Hans">宁夏</span></p>') == []
    assert untranslated("<p>Hello 你好</p>") == ["Hello 你好"]
    assert untranslated('<a title="首页">Home</a>') == ["<a title='首页'>"]


@pytest.fixture
def portal_world(seed_policies):
    world = build_world("ningxia", funded=False)
    official = make_user("en-city", Role.CITY_REVIEWER, "640100")
    notice = services.notice_create(
        actor=official,
        kind="notice",
        region_code="640100",
        title="关于开展科技创新券兑付工作的通知",
        body="各有关单位：请按期申报。",
        issuer="银川市科学技术局",
    )
    services.notice_publish(actor=official, notice=notice)
    return world, notice


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and not cookie["max-age"]  # a browser-session cookie


def test_english_pages_have_no_untranslated_chinese(client, portal_world):
    world, notice = portal_world
    _english(client)
    pages = [
        "/",
        "/notices/",
        f"/notices/{notice.pk}/",
        "/map/",
        "/map/?region=640000",
        "/map/?region=640100",
        "/accounts/login/",
        "/about/",
        "/nowhere/",
    ]
    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        found = untranslated(html)
        if found:
            problems[url] = found
    # Signed in: the header, the workspace menu and the badge in English too.
    client.force_login(world.applicant_user)
    found = untranslated(client.get("/notices/").content.decode())
    if found:
        problems["/notices/ (signed in)"] = found
    assert not problems, problems


def test_dates_follow_the_language(client, portal_world):
    _, notice = portal_world
    chinese = client.get(f"/notices/{notice.pk}/").content.decode()
    day = notice.published_at.astimezone()
    assert "年" in chinese and f"{day.day}日" in chinese
    _english(client)
    english = client.get(f"/notices/{notice.pk}/").content.decode()
    assert re.search(r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", english)
    assert "Notices" in english and "Sign in" in english


def test_the_calculator_speaks_english(client, seed_policies):
    """/quote/: the form, the region pickers, a result and a refused input in English; the
    engine's reasons and the articles they quote stay Chinese, marked lang="zh-Hans"."""
    from innovoucher.portal.tests.test_pages import FORM
    from innovoucher.regions.services import region_table_load

    region_table_load()
    _english(client)
    problems = {}
    for label, response in (
        ("form", client.get("/quote/?policy=shanxi")),
        ("result", client.post("/quote/", FORM)),
        ("htmx result", client.post("/quote/", FORM, HTTP_HX_REQUEST="true")),
        ("bad input", client.post("/quote/", {**FORM, "paid_amount": "99999999", "region": ""})),
    ):
        assert response.status_code == 200, label
        found = untranslated(response.content.decode())
        if found:
            problems[label] = found
    assert not problems, problems
    html = client.post("/quote/", FORM).content.decode()
    assert "Estimated subsidy" in html and "¥" in html and "Reasons and articles" in html
    bad = client.post("/quote/", {**FORM, "region": ""}).content.decode()
    assert "Choose the province, city and county the applicant is registered in" in bad
