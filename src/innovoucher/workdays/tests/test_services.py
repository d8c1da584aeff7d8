"""The stored calendar: seeding, import, admin edits (all audited) and the cached module
functions."""

import datetime as dt
import io

import pytest
from chinese_calendar import constants
from django.core.management import call_command

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.core.steps import Progress
from innovoucher.workdays import services
from innovoucher.workdays.domain import CalendarYearMissing, NoticeError
from innovoucher.workdays.models import CalendarDay, CalendarYear, DayKind
from innovoucher.workdays.setup import SETUP_STEPS
from innovoucher.workdays.tests.notice_2026 import NOTICE_2026

D = dt.date
pytestmark = pytest.mark.django_db

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至11日（周四）放假调休，共7天。2月13日（周六）上班。
"""


def _stored(kind, year):
    return set(
        CalendarDay.objects.filter(kind=kind, calendar_year__year=year).values_list(
            "date", flat=True
        )
    )


def test_setup_step_seeds_2004_to_2026_and_is_idempotent():
    [(order, _, step)] = SETUP_STEPS
    assert order == 20
    step(Progress())
    assert sorted(CalendarYear.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    assert CalendarDay.objects.count() == len(constants.holidays) + len(constants.workdays)
    assert _stored(DayKind.WORKDAY, 2026) == {d for d in constants.workdays if d.year == 2026}
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    events = AuditEvent.objects.filter(action="workdays.calendar_year.seed").count()
    step(Progress())
    assert CalendarDay.objects.count() == len(constants.holidays) + len(constants.workdays)
    assert AuditEvent.objects.filter(action="workdays.calendar_year.seed").count() == events == 23


def test_seeding_keeps_an_administrators_correction_unless_replace(calendar_2025_2026, staff):
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    day.name = "国庆节（已核对）"
    services.calendar_day_save(actor=staff, day=day)
    services.calendar_seed_chinesecalendar(years=[2026])
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节（已核对）"
    services.calendar_seed_chinesecalendar(years=[2026], replace=True)
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"


def test_module_functions_use_the_stored_calendar(calendar_2025_2026):
    assert services.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert services.is_working_day(D(2026, 10, 10))
    assert not services.is_working_day(D(2026, 10, 2))
    assert services.working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6
    assert services.working_day_on_or_after(D(2026, 10, 3)) == D(2026, 10, 8)
    with pytest.raises(CalendarYearMissing, match="2027年节假日安排尚未导入"):
        services.add_working_days(D(2026, 12, 28), 5)
    with pytest.raises(CalendarYearMissing, match="2003年节假日安排尚未导入"):
        services.is_working_day(D(2003, 5, 1))


def test_an_incomplete_year_is_not_used(calendar_2025_2026, staff):
    year = CalendarYear.objects.get(year=2026)
    year.complete = False
    services.calendar_year_save(actor=staff, calendar_year=year)
    with pytest.raises(CalendarYearMissing):
        services.is_working_day(D(2026, 10, 8))
    assert AuditEvent.objects.filter(
        action="workdays.calendar_year.change", object_id=str(year.pk)
    ).exists()


def test_import_2026_notice_into_an_empty_database(staff):
    year = services.calendar_year_import(actor=staff, year=2026, text=NOTICE_2026)
    assert year.complete and year.source == "国务院办公厅关于2026年部分节假日安排的通知"
    assert _stored(DayKind.HOLIDAY, 2026) == {d for d in constants.holidays if d.year == 2026}
    assert _stored(DayKind.WORKDAY, 2026) == {d for d in constants.workdays if d.year == 2026}
    event = AuditEvent.objects.get(action="workdays.calendar_year.import")
    assert event.actor == staff and event.object_id == str(year.pk)
    assert "2026-09-20" in event.data["workdays"] and len(event.data["holidays"]) == 33
    assert services.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_import_makes_the_next_year_countable_and_replaces_on_reimport(calendar_2025_2026, staff):
    with pytest.raises(CalendarYearMissing):
        services.add_working_days(D(2026, 12, 31), 1)
    services.calendar_year_import(actor=staff, year=2027, text=NOTICE_2027)
    assert services.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1–3 January off
    assert services.is_working_day(D(2027, 2, 13))
    services.calendar_year_import(
        actor=staff, year=2027, text="一、元旦：1月1日（周五）放假，共1天。"
    )
    assert CalendarDay.objects.filter(calendar_year__year=2027).count() == 1
    assert services.is_working_day(D(2027, 2, 8))
    replaced = AuditEvent.objects.filter(action="workdays.calendar_year.import").first()
    assert replaced.data["replaced_days"] == 11


def test_bad_notice_changes_nothing(calendar_2025_2026, staff):
    before = CalendarDay.objects.count()
    with pytest.raises(NoticeError) as exc:
        services.calendar_year_import(
            actor=staff, year=2026, text="一、元旦：1月1日至3日放假，共5天。"
        )
    assert "共5天" in exc.value.message
    assert CalendarDay.objects.count() == before
    assert not AuditEvent.objects.filter(action="workdays.calendar_year.import").exists()
    with pytest.raises(ValidationFailed, match="年份"):
        services.calendar_year_import(actor=staff, year="二〇二七", text=NOTICE_2027)


def test_admin_day_edits_are_audited_and_change_the_calendar(calendar_2025_2026, staff):
    assert services.is_working_day(D(2026, 3, 9))
    year = CalendarYear.objects.get(year=2026)
    day = services.calendar_day_save(
        actor=staff,
        day=CalendarDay(
            calendar_year=year, date=D(2026, 3, 9), kind=DayKind.HOLIDAY, name="测试假日"
        ),
    )
    assert not services.is_working_day(D(2026, 3, 9))
    created = AuditEvent.objects.get(action="workdays.calendar_day.create")
    assert created.data["after"]["date"] == "2026-03-09" and created.data["before"] is None
    with pytest.raises(ValidationFailed, match="本来就是工作日"):
        day.kind = DayKind.WORKDAY
        services.calendar_day_save(actor=staff, day=day)
    services.calendar_day_delete(actor=staff, day=CalendarDay.objects.get(pk=day.pk))
    assert services.is_working_day(D(2026, 3, 9))
    assert (
        AuditEvent.objects.get(action="workdays.calendar_day.delete").data["before"]["name"]
        == "测试假日"
    )


def test_load_calendar_command():
    out = io.StringIO()
    call_command("load_calendar", "--years", "2026", "--quiet", stdout=out)
    assert "载入 1 个年度" in out.getvalue()
    assert CalendarYear.objects.get().year == 2026


def test_import_holiday_notice_command(tmp_path, calendar_2025_2026):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    out = io.StringIO()
    call_command("import_holiday_notice", "--year", "2027", str(path), stdout=out)
    assert "放假 10 天，调休上班 1 天" in out.getvalue()
    assert (
        AuditEvent.objects.get(action="workdays.calendar_year.import").actor_label
        == "command:import_holiday_notice"
    )
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2027年的安排"):
        call_command("import_holiday_notice", "--year", "2028", str(path))
