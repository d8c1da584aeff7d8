"""Domain errors raised under an HTML view become a tidy error page with the right status."""

from innovoucher.core.errors import DomainError
from innovoucher.portal.views import render_error


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            titles = {403: "无权访问", 404: "页面不存在", 409: "操作冲突"}
            return render_error(
                request,
                exception.status,
                titles.get(exception.status, "请求有误"),
                exception.message,
            )
        return None
