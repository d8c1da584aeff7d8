"""Error codes of api (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    INVALID_JSON = "invalid_json"
    INVALID_REQUEST = "invalid_request"
    UNAUTHENTICATED = "unauthenticated"
    HTTP_ERROR = "http_error"
    # Input guards (api/guard.py): refused before anything reaches a service or the database.
    INVALID_CHARACTERS = "invalid_characters"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    VALUE_NOT_STORABLE = "value_not_storable"
    API_NOT_FOUND = "api_not_found"
