"""Error codes of api (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    INVALID_JSON = "invalid_json"
