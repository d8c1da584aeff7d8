"""Calls (兑付通知 / 兑现申请工作通知) opening windows for redemption applications.

Where the pinned policy's `process.cadence` is `per_notice` (Shanxi, Urumqi) applications are
accepted only inside a published call's window. `continuous` policies (Shaoxing, Ningxia) and
cycle cadences — `monthly` (Liaocheng art. 17 "每月兑付一次": paid monthly, no call published),
quarterly, yearly — accept them at any time and need no call. A call is published by the reviewer
body of the policy's own level (province for Shanxi, city for Urumqi) for the policy's region.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.lifecycle import acting_user
from innovoucher.policies.engine.model import PolicyVersion as EngineVersion
from innovoucher.policies.models import PolicyFamily
from innovoucher.policies.services import engine_family
from innovoucher.redemptions import domain, permissions
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Call
from innovoucher.registry.validation import FieldErrors, parse_date

needs_call = domain.needs_call


def _calls(family: str, region: str):
    # A call of the policy's region covers every applicant inside it.
    return [
        c
        for c in Call.objects.filter(family_slug=family)
        if domain.in_region(region, c.region_code)
    ]


def call_open_for(family: str, region: str, on: dt.date) -> Call | None:
    """The published call of `family` whose window contains `on`, for an applicant of `region`."""
    return next((c for c in _calls(family, region) if c.opens_on <= on <= c.closes_on), None)


def call_next_for(family: str, region: str, on: dt.date) -> Call | None:
    upcoming = [c for c in _calls(family, region) if c.opens_on > on]
    return min(upcoming, key=lambda c: c.opens_on, default=None)


def window(c: Call | None) -> domain.Window | None:
    return None if c is None else domain.Window(c.title, c.opens_on, c.closes_on, c.number)


def window_check(
    version: EngineVersion, *, family: str, region: str, on: dt.date
) -> domain.CheckResult:
    cadence = version.process.get("cadence")
    article = cadence.article if cadence else ""
    return domain.window_result(
        needs_call=needs_call(version),
        open_call=window(call_open_for(family, region, on)),
        next_call=window(call_next_for(family, region, on)),
        on=on,
        article=article,
    )


def _family(slug: str) -> PolicyFamily:
    family = PolicyFamily.objects.filter(slug=slug).first()
    if family is None:
        raise ValidationFailed(
            f"未知的政策“{slug}”",
            code=CoreCode.UNKNOWN_POLICY,
            details={"fields": {"family": ["请选择政策"]}},
        )
    return family


def _validate(
    family: PolicyFamily, title: str, opens_on, closes_on
) -> tuple[str, dt.date, dt.date]:
    errors = FieldErrors()
    title = (title or "").strip()
    if not title:
        errors.add("title", "请填写通知标题")
    opens = errors.run("opens_on", parse_date, opens_on, "受理开始日期")
    closes = errors.run("closes_on", parse_date, closes_on, "受理截止日期")
    if opens and closes and closes < opens:
        errors.add("closes_on", "受理截止日期不能早于受理开始日期")
    if opens and opens < clock.today():
        errors.add("opens_on", "受理开始日期不能早于今天")
    errors.raise_if_any("兑付通知填写有误")
    version = engine_family(family.slug).version_on(opens)
    if version is None:
        raise ValidationFailed(
            f"{domain.cn_date(opens)}《{family.name}》没有有效的政策版本，不能发布兑付通知",
            code=CoreCode.NO_VERSION_IN_FORCE,
            details={"fields": {"opens_on": ["该日期没有有效的政策版本"]}},
        )
    if not needs_call(version):
        raise ValidationFailed(
            f"《{family.name}》常年受理兑付申请（{version.process['cadence'].article}），"
            "无需发布兑付通知",
            code=Code.CALL_NOT_NEEDED,
        )
    return title, opens, closes


def _overlap(family: PolicyFamily, opens: dt.date, closes: dt.date) -> Call | None:
    return Call.objects.filter(
        family_slug=family.slug,
        region_code=family.region_code,
        opens_on__lte=closes,
        closes_on__gte=opens,
    ).first()


def call_publish(*, actor, family: str, title: str, opens_on, closes_on, body: str = "") -> Call:
    """Publish a call for `family` in the policy's region. Windows of one policy never overlap."""
    row = _family(family)
    permissions.require_call_publisher(actor, row.region_code)
    title, opens, closes = _validate(row, title, opens_on, closes_on)
    clash = _overlap(row, opens, closes)
    if clash is not None:
        raise Conflict(
            f"与已发布的《{clash.title}》（{domain.cn_date(clash.opens_on)}至"
            f"{domain.cn_date(clash.closes_on)}）受理期重叠，请调整日期",
            code=Code.CALL_OVERLAP,
            details={"call": clash.number},
        )
    for attempt in range(5):
        try:
            with transaction.atomic():
                call = Call.objects.create(
                    number=_number(row.slug, opens.year, attempt),
                    family_slug=row.slug,
                    region_code=row.region_code,
                    fiscal_year=opens.year,
                    title=title,
                    body=(body or "").strip(),
                    opens_on=opens,
                    closes_on=closes,
                    published_at=clock.now(),
                    published_by=acting_user(actor),
                )
                audit.record(
                    actor=actor,
                    action="redemptions.call.publish",
                    obj=call,
                    region_code=row.region_code,
                    data={
                        "number": call.number,
                        "family": row.slug,
                        "opens_on": opens.isoformat(),
                        "closes_on": closes.isoformat(),
                    },
                )
                return call
        except IntegrityError:
            continue
    raise Conflict("通知编号生成冲突，请稍后重试", code=Code.CALL_NUMBER_CONFLICT)


def _number(family: str, year: int, bump: int) -> str:
    seq = Call.objects.filter(family_slug=family, fiscal_year=year).count() + 1 + bump
    return f"{family.upper()}-DF-{year}-{seq:02d}"


def month_window(on: dt.date) -> tuple[dt.date, dt.date]:
    """A monthly cycle's default window: the rest of `on`'s month."""
    nxt = (on.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return on, nxt - dt.timedelta(days=1)
