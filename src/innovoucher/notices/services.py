"""Every change of a notice: draft, attach, publish, withdraw (one transaction, one audit event)."""

from __future__ import annotations

from django.db import transaction

from innovoucher.accounts.permissions import actor_regions
from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.notices.codes import Code
from innovoucher.notices.lifecycles import NOTICE
from innovoucher.notices.models import Notice, NoticeAttachment
from innovoucher.notices.permissions import PUBLISHER_ROLES, require_publisher
from innovoucher.notices.states import OFFICIAL, NoticeKind, NoticeStatus
from innovoucher.regions.domain import NATIONAL, is_region_code
from innovoucher.regions.selectors import region_code_known
from innovoucher.registry.validation import check_upload

MAX_ATTACHMENTS = 10


def _invalid(fields: dict[str, str]) -> ValidationFailed:
    first = next(iter(fields.values()))
    return ValidationFailed(
        first, code=Code.NOTICE_INVALID, details={"fields": {k: [v] for k, v in fields.items()}}
    )


def _own_region(actor) -> str:
    """The one region `actor` publishes in ("" when several or none)."""
    held = set(actor_regions(actor, *PUBLISHER_ROLES))
    return held.pop() if len(held) == 1 else ""


def _clean(*, kind: str, region_code: str, title: str, body: str, issuer: str) -> dict:
    errors: dict[str, str] = {}
    title, body, issuer = (title or "").strip(), (body or "").strip(), (issuer or "").strip()
    region_code = (region_code or "").strip()
    if kind not in NoticeKind.values:
        errors["kind"] = "请选择类别：通知公告或新闻动态"
    if not region_code:
        errors["region_code"] = "请选择发布地区（您在多个地区有发布权限）"
    elif not is_region_code(region_code):
        errors["region_code"] = "请从列表中选择发布地区（省、市或区县）"
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > 200:
        errors["title"] = f"标题不能超过200字，当前为{len(title)}字"
    if not body:
        errors["body"] = "请填写正文"
    if not issuer:
        errors["issuer"] = "请填写发布单位，例如 银川市科学技术局"
    elif len(issuer) > 120:
        errors["issuer"] = "发布单位不能超过120字"
    if errors:
        raise _invalid(errors)
    return {
        "kind": kind,
        "region_code": region_code,
        "title": title,
        "body": body,
        "issuer": issuer,
    }


def notice_create(
    *, actor, kind: str, region_code: str, title: str, body: str, issuer: str
) -> Notice:
    """An official drafts a notice for a region they act in (none chosen: their own region, when
    they publish in one only). The region is a GB/T 2260 division, or 全国 (100000) for a
    platform-wide publisher."""
    region_code = (region_code or "").strip() or _own_region(actor)
    data = _clean(kind=kind, region_code=region_code, title=title, body=body, issuer=issuer)
    if data["region_code"] != NATIONAL and not region_code_known(data["region_code"]):
        raise _invalid(
            {"region_code": "所选发布地区不在国家标准（GB/T 2260）中，请从列表中重新选择"}
        )
    require_publisher(actor, data["region_code"], field="region_code")
    with transaction.atomic():
        notice = Notice.objects.create(**data, created_by=actor, created_at=clock.now())
        audit.record(
            actor=actor,
            action="notices.notice.create",
            obj=notice,
            region_code=notice.region_code,
            data={"title": notice.title, "kind": notice.kind},
        )
    return notice


def notice_update(*, actor, notice: Notice, title: str, body: str, issuer: str) -> Notice:
    """A draft's text is edited (published notices are withdrawn and drafted anew)."""
    require_publisher(actor, notice.region_code)
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict(
            "只有草稿可以修改；已发布的通知请撤回后重新起草", code=Code.NOTICE_NOT_EDITABLE
        )
    data = _clean(
        kind=notice.kind, region_code=notice.region_code, title=title, body=body, issuer=issuer
    )
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            title=data["title"], body=data["body"], issuer=data["issuer"]
        )
        notice.refresh_from_db()
        audit.record(
            actor=actor,
            action="notices.notice.update",
            obj=notice,
            region_code=notice.region_code,
            data={"title": notice.title},
        )
    return notice


def notice_attach(*, actor, notice: Notice, upload, name: str = "") -> NoticeAttachment:
    """A file (PDF, JPG or PNG up to 10 MB, checked like every upload) joins a draft."""
    require_publisher(actor, notice.region_code)
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict("只有草稿可以添加附件", code=Code.NOTICE_NOT_EDITABLE)
    try:
        check_upload(upload, "附件")
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, code=Code.NOTICE_INVALID, details={"fields": {"file": [exc.message]}}
        ) from None
    if notice.attachments.count() >= MAX_ATTACHMENTS:
        raise _invalid({"file": f"每条通知最多{MAX_ATTACHMENTS}个附件"})
    label = (name or "").strip() or upload.name.rsplit("/", 1)[-1]
    with transaction.atomic():
        att = NoticeAttachment.objects.create(
            notice=notice, name=label[:200], file=upload, uploaded_at=clock.now()
        )
        audit.record(
            actor=actor,
            action="notices.attachment.add",
            obj=att,
            region_code=notice.region_code,
            data={"notice": notice.pk, "name": att.name},
        )
    return att


def notice_publish(*, actor, notice: Notice) -> Notice:
    return transition_apply(
        NOTICE,
        actor=actor,
        obj=notice,
        action="publish",
        by=OFFICIAL,
        values={"published_at": clock.now()},
    )


def notice_withdraw(*, actor, notice: Notice, reasons) -> Notice:
    return transition_apply(
        NOTICE, actor=actor, obj=notice, action="withdraw", by=OFFICIAL, reasons=reasons
    )
