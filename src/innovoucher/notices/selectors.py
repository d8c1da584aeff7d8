"""Reads of notices: the public list and page (published and withdrawn ones), the officials'
desk (their regions' notices in every status)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from innovoucher.accounts.permissions import scope_q
from innovoucher.core.errors import NotFound
from innovoucher.notices.codes import Code
from innovoucher.notices.models import Notice, NoticeAttachment
from innovoucher.notices.permissions import PUBLISHER_ROLES, can_publish
from innovoucher.notices.states import NoticeKind, NoticeStatus

PUBLIC_STATUSES = (NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN)


def notice_public_list(*, q: str = "", kind: str = "", region: str = "") -> QuerySet[Notice]:
    qs = Notice.objects.filter(status=NoticeStatus.PUBLISHED)
    if kind in NoticeKind.values:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code__startswith=region.rstrip("0") or region)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(issuer__icontains=q))
    return qs.order_by("-published_at", "-id")


def notice_latest(limit: int = 5) -> list[Notice]:
    return list(notice_public_list()[:limit])


def notice_managed(
    *, actor, status: str = "", kind: str = "", region_code: str = "", q: str = ""
) -> QuerySet[Notice]:
    """The notices of the publisher's regions, newest first; `q` finds a title or an issuer."""
    qs = Notice.objects.filter(scope_q(actor, PUBLISHER_ROLES))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if region_code:
        qs = qs.filter(region_code=region_code)
    if q := (q or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(issuer__icontains=q))
    return qs.order_by("-id")


def notice_regions(*, actor) -> list[str]:
    """The regions of the notices the publisher manages (the list's region filter)."""
    qs = Notice.objects.filter(scope_q(actor, PUBLISHER_ROLES)).values_list(
        "region_code", flat=True
    )
    return sorted(set(qs))


def notice_get(*, actor, pk: int) -> Notice:
    """A published or withdrawn notice for everyone; a draft only for its region's officials."""
    notice = Notice.objects.filter(pk=pk).prefetch_related("attachments", "changes").first()
    if notice is None or (
        notice.status not in PUBLIC_STATUSES and not can_publish(actor, notice.region_code)
    ):
        raise NotFound("通知公告不存在或尚未发布", code=Code.NOTICE_NOT_FOUND)
    return notice


def notice_for_edit(*, actor, pk: int) -> Notice:
    notice = Notice.objects.filter(pk=pk).prefetch_related("attachments", "changes").first()
    if notice is None or not can_publish(actor, notice.region_code):
        raise NotFound("通知公告不存在或您无权管理", code=Code.NOTICE_NOT_FOUND)
    return notice


def attachment_get(*, actor, pk: int) -> NoticeAttachment:
    att = NoticeAttachment.objects.select_related("notice").filter(pk=pk).first()
    if att is None or (
        att.notice.status != NoticeStatus.PUBLISHED
        and not can_publish(actor, att.notice.region_code)
    ):
        raise NotFound("附件不存在", code=Code.ATTACHMENT_NOT_FOUND)
    return att
