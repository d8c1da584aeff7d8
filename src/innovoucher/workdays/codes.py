"""Error codes of the working-day calendar (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    CALENDAR_YEAR_MISSING = "calendar_year_missing"
    PUBLICITY_DAYS_INVALID = "publicity_days_invalid"
    PUBLICITY_UNIT_INVALID = "publicity_unit_invalid"
    NOTICE_INVALID = "notice_invalid"
