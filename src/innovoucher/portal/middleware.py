"""Domain errors raised under an HTML view become a tidy error page with the right status."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
