"""Pages of redemption applications: the claimant's 「兑付申请」 (intake), the reviewer's
「兑付审核」 (review) and the public 「兑付通知」 (calls). Publicity, approval and payment pages
live in `views.publicity`. Views parse input, call one service or selector and render; a
DomainError becomes the error page through `core.web.domain_errors`."""

from innovoucher.core import web

PAGE_SIZE = 20


def paginate(request, qs, param: str = "page"):
    return web.paginate(request, qs, per_page=PAGE_SIZE, param=param)
