"""Pure working-day domain (no Django): the calendar arithmetic and the State Council notice parser."""

from innovoucher.workdays.domain.workcalendar import ONE_DAY, CalendarYearMissing, WorkCalendar, day_problem
from innovoucher.workdays.domain.notice import NoticeDay, NoticeError, NoticeResult, parse_notice

__all__ = ["ONE_DAY", "CalendarYearMissing", "NoticeDay", "NoticeError", "NoticeResult", "WorkCalendar", "day_problem", "parse_notice"]
