"""Pure working-day domain (no Django): the calendar arithmetic and the State Council notice
parser."""

from innovoucher.workdays.domain.notice import NoticeDay, NoticeError, NoticeResult, parse_notice
from innovoucher.workdays.domain.workcalendar import (
    ONE_DAY,
    CalendarYearMissing,
    Deadline,
    WorkCalendar,
    day_problem,
)

__all__ = [
    "ONE_DAY",
    "CalendarYearMissing",
    "Deadline",
    "NoticeDay",
    "NoticeError",
    "NoticeResult",
    "WorkCalendar",
    "day_problem",
    "parse_notice",
]
