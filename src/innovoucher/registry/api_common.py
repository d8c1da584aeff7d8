"""Shared pieces of the registry API routers."""

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
