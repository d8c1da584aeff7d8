"""Domain errors raised under an HTML view become a tidy error page with the right status."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

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


def _holds_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


class NulCharacterMiddleware:
    """A NUL character in a page's query string or form (a search box, a filter, a typed field)
    is refused with a 400 page that says what to fix, before any view runs: PostgreSQL cannot
    store or compare text holding it (the query would fail with a 500). The API has its own guard
    with JSON errors (api/guard.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and (
            _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST))
        ):
            return render_error(
                request,
                400,
                _("请求有误"),
                _(
                    "填写或搜索的内容含有不允许的空字符（NUL），请返回上一页删除该字符后重新提交；"
                    "已保存的内容不受影响。"
                ),
            )
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the person chose another language with the switch in the header
    (kept in a cookie for the browser session): the browser's Accept-Language is not asked, so a
    visitor with an English browser still starts in Chinese, the platform's language."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
