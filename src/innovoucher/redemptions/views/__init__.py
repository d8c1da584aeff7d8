"""Pages of redemption applications: the claimant's 「兑付申请」 (intake), the reviewer's
「兑付审核」 (review) and the public 「兑付通知」 (calls). Publicity, approval and payment pages
live in `views.publicity`. Views parse input, call one service or selector and render; a
DomainError becomes the error page through `core.web.domain_errors`."""

from django.contrib import messages
from django.utils.html import format_html

from innovoucher.core import web

PAGE_SIZE = 20


def domain_message(request, text: str) -> None:
    """Flash a service's refusal: its text is Chinese whatever the language, so it is marked
    lang="zh-Hans" (WCAG 3.1.2; the English interface test skips it)."""
    messages.error(request, format_html('<span lang="zh-Hans">{}</span>', text))


def paginate(request, qs, param: str = "page"):
    return web.paginate(request, qs, per_page=PAGE_SIZE, param=param)
