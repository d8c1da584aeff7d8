"""The JSON API under /api/v1/. Errors are always {"code", "message", "details"} with a 4xx."""

from django.db import DataError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from innovoucher.api.codes import Code
from innovoucher.api.guard import bounded_request, clean_payload
from innovoucher.api.openapi import TruthfulSchema
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import DomainError


class InnovoucherAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Component names unique across apps, the error responses documented (openapi.py)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruthfulSchema(api=self, path_prefix=path_prefix)


api = InnovoucherAPI(
    title="科技创新券服务平台 开放接口 (Innovoucher API)",
    version="1.0.0",
    description="金额以元为单位的字符串（两位小数），日期为 ISO 8601。错误统一返回 {code, "
    "message, details} 与 4xx 状态码。",
    urls_namespace="api",
)
# Every operation: ids, integers and NUL checked before validation; the body's strings and
# integers (lengths from the model fields) after it. See api/guard.py.
api.add_decorator(bounded_request, mode="view")
api.add_decorator(clean_payload, mode="operation")


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
        Code.INVALID_REQUEST,
        f"请求格式不正确，请检查以下字段：{fields}",
        {"errors": problems},
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, CoreCode.NOT_FOUND, "请求的资源不存在")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, Code.UNAUTHENTICATED, "请先登录")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, Code.HTTP_ERROR, str(exc))


@api.exception_handler(DataError)
def on_data_error(request, exc):
    """The database's own check (a value longer than its column, a number out of its range) is
    the last line behind api/guard.py: a 422, never a 500."""
    return _error(
        request,
        422,
        Code.VALUE_NOT_STORABLE,
        "提交的内容无法保存：某个字段过长或数值超出范围，请检查后重试",
    )


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    return _error(request, 422, Code.OUT_OF_RANGE, "数值超出范围，请检查后重试")


def not_found(request, rest: str = ""):
    """Any path under /api/ that no operation serves (an id that is not a number, a typo):
    the API's JSON error, never the portal's HTML 404 page. A path served with a trailing slash
    still redirects there (as CommonMiddleware's APPEND_SLASH did)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse(
        {
            "code": Code.API_NOT_FOUND,
            "message": "接口地址不存在：请检查路径（编号须为数字）",
            "details": {"path": request.path},
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
