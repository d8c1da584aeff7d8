"""The working-day calendar in English (issue 15): the public calendar of an imported and of a
missing year, the calculator (page and htmx fragment, with a result, a missing year and bad
input), and the staff import page with its preview and a refused import. Holiday names and the
notice's own text stay Chinese inside lang="zh-Hans"; weekdays and dates follow the language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from innovoucher.workdays.tests.notice_2026 import NOTICE_2026
from testsupport.english import english_problems, switch_to_english, untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _check(problems, label, response, status=200):
    assert response.status_code == status, label
    if found := untranslated(response.content.decode()):
        problems[label] = found


def test_calendar_and_import_in_english(client, staff, calendar_2025_2026):
    chinese = client.get("/calendar/?year=2026").content.decode()
    assert "2026年节假日安排" in chinese and "周四" in chinese
    switch_to_english(client)
    problems = english_problems(
        client,
        [
            "/calendar/?year=2026",
            "/calendar/?year=2027",
            "/calendar/?year=2026&start=2026-02-13&n=2",
        ],
    )
    english = client.get("/calendar/?year=2026").content.decode()
    assert "Holiday arrangements for 2026" in english and "(Thu)" in english
    hx = {"HTTP_HX_REQUEST": "true"}
    result = client.get("/calendar/compute/", {"start": "2026-09-30", "n": "1"}, **hx)
    assert "8 Oct 2026" in result.content.decode()
    _check(problems, "compute", result)
    _check(
        problems,
        "compute missing year",
        client.get("/calendar/compute/", {"start": "2026-12-28", "n": "5"}, **hx),
    )
    _check(
        problems,
        "compute bad input",
        client.get("/calendar/compute/", {"start": "x", "n": "0"}, **hx),
    )

    client.force_login(staff)
    switch_to_english(client)
    problems.update(english_problems(client, ["/calendar/import/", "/calendar/?year=2026"]))
    preview = client.post("/calendar/import/preview/", {"year": 2026, "text": NOTICE_2026}, **hx)
    _check(problems, "preview", preview)
    bad = client.post(
        "/calendar/import/preview/",
        {"year": 2026, "text": "一、元旦：1月1日至3日放假，共5天。"},
        **hx,
    )
    _check(problems, "preview with errors", bad)
    _check(
        problems,
        "import refused",
        client.post("/calendar/import/", {"year": 2027, "text": NOTICE_2026}),
        422,
    )
    _check(problems, "import empty", client.post("/calendar/import/", {"year": ""}))
    assert not problems, problems
