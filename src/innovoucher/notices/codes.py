"""Error codes of notices (通知公告)."""

from enum import StrEnum


class Code(StrEnum):
    NOTICE_INVALID = "notice_content_invalid"
    NOTICE_NOT_FOUND = "notice_missing"
    NOTICE_NOT_EDITABLE = "notice_not_editable"
    ATTACHMENT_NOT_FOUND = "notice_attachment_not_found"
