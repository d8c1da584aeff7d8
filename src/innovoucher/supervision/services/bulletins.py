"""通报 (Liaocheng art. 22: 对不按规定公开开放信息、提供科技创新服务、创新券使用效率低的县（市、区）
及供给方予以通报): an official drafts a bulletin from the figures of a period — the counties and
providers below a minimum of redemptions, and providers with no service on show — and publishes
it on the portal's supervision page, with a PDF."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from weasyprint import HTML

from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.lifecycle import transition_apply
from innovoucher.policies.models import PolicyFamily
from innovoucher.supervision import domain, selectors
from innovoucher.supervision.codes import Code
from innovoucher.supervision.lifecycles import BULLETIN
from innovoucher.supervision.models import Bulletin
from innovoucher.supervision.permissions import require_supervisor
from innovoucher.supervision.services.common import new_number
from innovoucher.supervision.states import OFFICIAL

DEFAULT_MINIMUM = 1


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.BULLETIN_INVALID, details={"fields": {field: [message]}}
    )


def bulletin_draft(
    *,
    actor,
    region_code: str,
    family: str,
    period_from: dt.date,
    period_to: dt.date,
    minimum=DEFAULT_MINIMUM,
) -> Bulletin:
    """Draft the bulletin of a period from the figures (the evidence kept with each entry)."""
    require_supervisor(actor, region_code)
    row = PolicyFamily.objects.filter(slug=family).first()
    if row is None:
        raise _invalid("family", "请选择政策")
    if not isinstance(period_from, dt.date) or not isinstance(period_to, dt.date):
        raise _invalid("period_from", "请填写评价期间")
    if period_from > period_to:
        raise _invalid("period_to", "评价期间的结束日期不能早于开始日期")
    try:
        minimum = int(minimum)
    except (TypeError, ValueError):
        minimum = -1
    if minimum < 1:
        raise _invalid("minimum", "使用效率低的标准须为不小于 1 的整数（兑付申请笔数）")
    entries = selectors.bulletin_candidates(
        region_code=region_code,
        family=family,
        period_from=period_from,
        period_to=period_to,
        minimum=minimum,
    )
    if not entries:
        raise _invalid("minimum", "评价期内没有需要通报的县（市、区）或供给方")
    today = clock.today()
    rule = selectors.provider_rule(family, today, "county_bulletins")
    title = f"关于{domain.cn_date(period_from)}至{domain.cn_date(period_to)}创新券工作情况的通报"
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            number=new_number("TBW", today),
            region_code=region_code,
            family_slug=family,
            title=title,
            article=rule.article if rule is not None else "",
            period_from=period_from,
            period_to=period_to,
            entries=entries,
            created_by=actor,
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="supervision.bulletin.draft",
            obj=bulletin,
            region_code=region_code,
            data={"number": bulletin.number, "entries": len(entries), "minimum": minimum},
        )
    return bulletin


def bulletin_publish(*, actor, bulletin: Bulletin) -> Bulletin:
    return transition_apply(BULLETIN, actor=actor, obj=bulletin, action="publish", by=OFFICIAL)


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """The bulletin as PDF (A4, Noto Serif CJK embedded by WeasyPrint)."""
    family = PolicyFamily.objects.filter(slug=bulletin.family_slug).first()
    html = render_to_string(
        "supervision/bulletin_pdf.html", {"bulletin": bulletin, "family": family}
    )
    return HTML(string=html).write_pdf()
