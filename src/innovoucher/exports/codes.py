"""Error codes of the exports (docs/error-codes.md)."""

from enum import StrEnum


class Code(StrEnum):
    EXPORT_KIND_UNKNOWN = "export_kind_unknown"
    EXPORT_NOT_FOUND = "export_not_found"
    EXPORT_NOT_READY = "export_not_ready"
    EXPORT_EXPIRED = "export_expired"
    EXPORT_TOO_MANY = "export_too_many"
    EXPORT_PARAMETERS_INVALID = "export_parameters_invalid"
