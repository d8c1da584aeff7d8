"""The JSON API under /api/v1/. Errors are always {"code", "message", "details"} with a 4xx."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from innovoucher.core.errors import DomainError

api = NinjaAPI(
    title="科技创新券服务平台 开放接口 (Innovoucher API)",
    version="1.0.0",
    description="金额以元为单位的字符串（两位小数），日期为 ISO 8601。错误统一返回 {code, message, details} 与 4xx 状态码。",
    urls_namespace="api",
)


def _error(request, status: int, code: str, message: str, details: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    problems = []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "payload"))
        problems.append({"field": loc, "problem": err.get("msg", "")})
    fields = "、".join(p["field"] for p in problems if p["field"]) or "请求体"
    return _error(
        request,
        422,
        "invalid_request",
        f"请求格式不正确，请检查以下字段：{fields}",
        {"errors": problems},
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "请求的资源不存在")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, "unauthenticated", "请先登录")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


# Routers from the apps are attached here (one line each).
from innovoucher.api import routes  # noqa: E402,F401
