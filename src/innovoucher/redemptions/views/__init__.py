"""Pages of redemption applications: the claimant's 「兑付申请」 (intake), the reviewer's
「兑付审核」 (review) and the public 「兑付通知」 (calls). Publicity, approval and payment pages
live in `views.publicity`. Views parse input, call one service or selector and render."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
