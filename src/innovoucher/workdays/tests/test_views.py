"""The public 工作日历 page with its calculator, the staff import page and the admin hooks."""

import datetime as dt

import pytest
from django.urls import reverse

from innovoucher.core import clock
from innovoucher.core.models import AuditEvent
from innovoucher.workdays.models import CalendarDay, CalendarYear
from innovoucher.workdays.tests.notice_2026 import NOTICE_2026

pytestmark = pytest.mark.django_db


def test_calendar_page_shows_the_year_as_a_table(client, calendar_2025_2026):
    page = client.get(reverse("portal:calendar"), {"year": 2026}).content.decode()
    assert "国庆节" in page and "2026年10月1日" in page and "2026年10月7日" in page
    assert "2026年9月20日" in page and "2026年10月10日" in page  # adjusted working days
    assert '<option value="2025"' in page
    assert "导入新年度节假日安排" not in page  # staff only


def test_calendar_page_for_a_year_not_imported(client, calendar_2025_2026):
    page = client.get(reverse("portal:calendar"), {"year": 2027}).content.decode()
    assert "2027年节假日安排尚未导入" in page


def test_calendar_page_defaults_to_this_year(client, calendar_2025_2026):
    with clock.frozen_now(dt.date(2025, 6, 1)):
        page = client.get(reverse("portal:calendar")).content.decode()
    assert "2025年节假日安排" in page and "2025年10月8日" in page


def test_calculator_htmx_result(client, calendar_2025_2026):
    response = client.get(
        reverse("workdays:compute"), {"start": "2026-09-30", "n": "1"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "2026年10月8日" in body and "<html" not in body
    missing = client.get(
        reverse("workdays:compute"), {"start": "2026-12-28", "n": "5"}
    ).content.decode()
    assert "2027年节假日安排尚未导入，请系统管理员导入国务院办公厅通知后再计算工作日" in missing
    invalid = client.get(
        reverse("workdays:compute"), {"start": "yesterday", "n": "0"}
    ).content.decode()
    assert "日期格式应为" in invalid and "工作日数至少为1" in invalid


def test_calculator_without_javascript(client, calendar_2025_2026):
    page = client.get(
        reverse("portal:calendar"), {"year": 2026, "start": "2026-02-13", "n": "2"}
    ).content.decode()
    assert "2026年2月24日" in page


def test_import_page_requires_staff(client, django_user_model):
    url = reverse("workdays:import")
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("someone", password=None))
    assert client.get(url).status_code == 403
    assert (
        client.post(
            reverse("workdays:import_preview"), {"year": 2026, "text": NOTICE_2026}
        ).status_code
        == 403
    )


def test_preview_then_confirm(client, staff, calendar_2025_2026):
    client.force_login(staff)
    assert "导入新年度节假日安排" in client.get(reverse("portal:calendar")).content.decode()
    preview = client.post(
        reverse("workdays:import_preview"),
        {"year": 2026, "text": NOTICE_2026},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "2026年2月28日" in preview and "调休上班" in preview and "将被替换" in preview
    assert AuditEvent.objects.filter(action="workdays.calendar_year.import").count() == 0
    bad = client.post(
        reverse("workdays:import_preview"),
        {"year": 2026, "text": "一、元旦：1月1日至3日放假，共5天。"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "写明共5天" in bad
    response = client.post(reverse("workdays:import"), {"year": 2026, "text": NOTICE_2026})
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    assert CalendarYear.objects.get(year=2026).source.startswith("国务院办公厅")
    assert AuditEvent.objects.get(action="workdays.calendar_year.import").actor == staff
    failed = client.post(reverse("workdays:import"), {"year": 2027, "text": NOTICE_2026})
    assert failed.status_code == 422 and "2026年的安排" in failed.content.decode()


def test_admin_save_goes_through_the_audited_service(client, staff, calendar_2025_2026):
    client.force_login(staff)
    year = CalendarYear.objects.get(year=2026)
    add = reverse("admin:workdays_calendarday_add")
    rejected = client.post(
        add,
        {
            "calendar_year": year.pk,
            "date": "2026-03-10",
            "kind": "workday",
            "name": "误填",
            "source": "",
        },
    )
    assert rejected.status_code == 200 and "本来就是工作日" in rejected.content.decode()
    response = client.post(
        add,
        {
            "calendar_year": year.pk,
            "date": "2026-03-10",
            "kind": "holiday",
            "name": "测试",
            "source": "管理员",
        },
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2026, 3, 10))
    assert AuditEvent.objects.get(action="workdays.calendar_day.create").object_id == str(day.pk)
    client.post(reverse("admin:workdays_calendarday_delete", args=[day.pk]), {"post": "yes"})
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert AuditEvent.objects.filter(action="workdays.calendar_day.delete").exists()
    assert (
        client.get(reverse("admin:workdays_calendaryear_change", args=[year.pk])).status_code == 200
    )
