"""Errors that carry a stable code, a Chinese message saying what to fix, and details.

Services raise these; the API turns them into {"code", "message", "details"} with a 4xx status,
pages show the message next to the form. Nothing a user typed ever becomes a 500.
"""

from __future__ import annotations

from innovoucher.core.codes import Code


class DomainError(Exception):
    status = 400
    code = Code.INVALID

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: dict | None = None,
        status: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details or {}

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationFailed(DomainError):
    status = 422
    code = Code.VALIDATION_FAILED


class NotFound(DomainError):
    status = 404
    code = Code.NOT_FOUND


class PermissionDenied(DomainError):
    status = 403
    code = Code.PERMISSION_DENIED


class Conflict(DomainError):
    status = 409
    code = Code.CONFLICT
