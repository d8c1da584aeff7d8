"""Error codes of the message centre (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    NOTIFICATION_NOT_FOUND = "notification_not_found"
