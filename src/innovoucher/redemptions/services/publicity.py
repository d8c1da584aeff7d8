"""Publicity (公示) of approved redemptions, objections (异议) and the close of the period.

    publicity_list_item(actor=…, redemption=r)     # review passed: list it (outcome.review_passed)
    objection_submit(actor=person, item=…, objector_name=…, contact=…, grounds=…)
    objection_decide(actor=official, objection=…, outcome="upheld"|"dismissed", resolution=…)
    publicity_close_due(moment)                    # tick: period over → items cleared → approved

One list per policy family and publishing body collects the items that pass review on the same
day; it is published the next day and runs for the policy's period (`process.publicity`: days
and unit, working days through the holiday table). An item that passes on a later day goes on
the next list, so every item is publicised for the full period. 届满 counts the last day:
objections are taken up to and including `ends_on`; the list closes when `today > ends_on`.

An objection reopens review of its item at once: the redemption goes back to `in_review` with a
new pending step of the chain's last level (Urumqi art. 17 (5): 市科技局重新审议); when that step
approves, `review_passed` lists it again on the next list. The official of the publishing body
decides the objection (upheld / dismissed, with a resolution) by compare-and-swap.

The reads (public lists, the officials' lists, objections) are in `redemptions.selectors`.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Count

from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, acting_user, require_source, transition_apply
from innovoucher.core.money import fen_to_yuan_grouped
from innovoucher.notifications.services import notify, notify_organisation, notify_role
from innovoucher.policies.services import engine_family, engine_version
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.domain import cn_date, step_region, step_role
from innovoucher.redemptions.models import Objection, Publicity, PublicityItem, Redemption
from innovoucher.redemptions.permissions import OFFICIAL_ROLES
from innovoucher.redemptions.services.common import next_serial, redemption_url, url_for
from innovoucher.redemptions.services.lifecycle import ITEM, OBJECTION, PUBLICITY, REDEMPTION
from innovoucher.redemptions.services.steps import review_step_reopen
from innovoucher.redemptions.states import (
    OBJECTION_ACTION,
    OBJECTION_TRANSITIONS,
    OFFICIAL,
    ItemStatus,
    ObjectionStatus,
    PublicityStatus,
    RedemptionStatus,
)
from innovoucher.regions.domain import region_city, region_province
from innovoucher.regions.models import Region
from innovoucher.workdays.services import publicity_period

PUBLICITY_PREFIX = {
    "shanxi": "晋科券公示",
    "shaoxing": "绍科券公示",
    "urumqi": "乌科券公示",
    "liaocheng": "聊科券公示",
    "ningxia": "宁科券公示",
}
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def publishing_region(redemption: Redemption, version) -> str:
    """The region of the body that publishes the list: the body of the chain's last step
    (Shanxi province, Urumqi the city's meeting, Shaoxing the county) unless the policy's
    `process.publicity.level` names another (Liaocheng art. 20: the city)."""
    chain = version.process["review_chain"].value
    publicity = version.process.get("publicity")
    level = (publicity.value.get("level") if publicity else None) or chain[-1]["level"]
    family_region = engine_family(version.family).region
    if level == "province":
        return region_province(redemption.region_code)
    if level == "city":
        return region_city(redemption.region_code) or redemption.region_code
    return step_region(level, applicant_region=redemption.region_code, policy_region=family_region)


# --- listing -------------------------------------------------------------------------------------


def publicity_list_item(*, actor, redemption: Redemption) -> PublicityItem:
    """Put a redemption that entered `publicity` on the list being prepared (created when none)."""
    if redemption.status != RedemptionStatus.PUBLICITY:
        raise Conflict("只有审核通过进入公示的申请才能列入公示名单", code=Code.NOT_IN_PUBLICITY)
    version = engine_version(redemption.policy_version)
    param = version.process["publicity"]
    region = publishing_region(redemption, version)
    today = clock.today()
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().filter(
            family_slug=redemption.family_slug,
            region_code=region,
            status=PublicityStatus.OPEN,
            starts_on__gt=today,
        ).order_by("id").first() or _publicity_create(
            actor, redemption.family_slug, region, today, param
        )
        item = PublicityItem.objects.create(
            publicity=publicity, redemption=redemption, amount_fen=redemption.subsidy_fen
        )
        audit.record(
            actor=actor,
            action="redemptions.item.list",
            obj=item,
            region_code=redemption.region_code,
            data={
                "publicity": publicity.number,
                "redemption": redemption.number,
                "amount_fen": item.amount_fen,
            },
        )
        amount = fen_to_yuan_grouped(item.amount_fen)
        body = (
            f"兑付申请 {redemption.number} 审核通过，拟支持金额 {amount} 元，"
            f"列入《{publicity.title}》，"
            f"公示期{cn_date(publicity.starts_on)}至{cn_date(publicity.ends_on)}。"
        )
        for org in {redemption.applicant, redemption.provider}:
            notify_organisation(
                organisation=org,
                subject=f"审核通过，进入公示（{redemption.number}）",
                body=body,
                url=url_for("redemptions:publicity_detail", publicity.pk),
                key=f"redemption:{redemption.pk}:listed:{publicity.pk}",
            )
    return item


def _publicity_create(actor, family: str, region: str, today: dt.date, param) -> Publicity:
    starts_on, ends_on = publicity_period(today, int(param.value["days"]), param.value["unit"])
    policy = engine_family(family)
    unit = "个工作日" if param.value["unit"] == "working" else "天"
    body = "" if region == policy.region else f"{_region_name(region)}，"
    title = (
        f"{policy.name}兑付拟支持名单公示"
        f"（{body}{cn_date(starts_on)}起，{param.value['days']}{unit}）"
    )
    prefix = PUBLICITY_PREFIX.get(family, f"{family}公示")
    for _ in range(5):
        number = f"{prefix}〔{starts_on.year}〕{next_serial(Publicity, prefix, starts_on.year)}号"
        try:
            with transaction.atomic():
                publicity = Publicity.objects.create(
                    number=number,
                    family_slug=family,
                    region_code=region,
                    title=title[:200],
                    starts_on=starts_on,
                    ends_on=ends_on,
                    article=param.article[:200],
                    created_at=clock.now(),
                    created_by=acting_user(actor),
                )
        except IntegrityError:
            continue  # the number was taken at the same moment: take the next one
        audit.record(
            actor=actor,
            action="redemptions.publicity.create",
            obj=publicity,
            region_code=region,
            data={
                "number": number,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
        return publicity
    raise Conflict("公示编号生成冲突，请稍后重试", code=Code.NUMBER_CONFLICT)


def _region_name(code: str) -> str:
    """越城区 for 330602 (the short name; the code when the region table does not know it)."""
    return Region.objects.filter(pk=code).values_list("name", flat=True).first() or code


# --- objections ----------------------------------------------------------------------------------


def _objection_problems(name: str, contact: str, grounds: str) -> dict[str, str]:
    fields = {}
    if not 2 <= len(name) <= 60:
        fields["objector_name"] = "请填写异议人真实姓名或单位名称（2至60个字）"
    if not (_PHONE.match(contact.replace(" ", "")) or _EMAIL.match(contact)):
        fields["contact"] = "请填写可以联系到您的手机号码、固定电话（如 0351-1234567）或电子邮箱"
    if len(grounds) < 10:
        fields["grounds"] = "请具体说明异议的事实和理由（至少10个字），以便核查"
    elif len(grounds) > 2000:
        fields["grounds"] = "异议理由请控制在2000字以内，其余材料可在核查时提供"
    return fields


def objection_submit(
    *, actor, item: PublicityItem, objector_name: str, contact: str, grounds: str
) -> Objection:
    """An identified person objects to a listed item while the list is open; review reopens."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("提出异议须先登录（实名），以便核查和答复", code=Code.LOGIN_REQUIRED)
    name, contact, grounds = (
        (objector_name or "").strip(),
        (contact or "").strip(),
        (grounds or "").strip(),
    )
    problems = _objection_problems(name, contact, grounds)
    if problems:
        raise ValidationFailed(
            "异议信息不完整：" + "；".join(problems.values()),
            code=Code.OBJECTION_INVALID,
            details={"fields": problems},
        )
    with transaction.atomic():
        item = (
            PublicityItem.objects.select_for_update()
            .select_related("publicity", "redemption")
            .get(pk=item.pk)
        )
        _check_open_for_objections(item)
        if Objection.objects.filter(
            item=item, objector=actor, status=ObjectionStatus.OPEN
        ).exists():
            raise Conflict(
                "您对该项目提出的异议正在处理中，请等待处理结果", code=Code.OBJECTION_OPEN
            )
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    item=item,
                    objector=actor,
                    objector_name=name,
                    contact=contact,
                    grounds=grounds,
                    submitted_at=clock.now(),
                )
        except IntegrityError as exc:
            raise Conflict(
                "您对该项目提出的异议正在处理中，请等待处理结果", code=Code.OBJECTION_OPEN
            ) from exc
        reopened = _reopen(actor, item)
        audit.record(
            actor=actor,
            action="redemptions.objection.submit",
            obj=objection,
            region_code=item.publicity.region_code,
            data={"item": item.pk, "redemption": item.redemption.number, "reopened": reopened},
        )
        _tell_objection(objection, item)
    return objection


def _check_open_for_objections(item: PublicityItem) -> None:
    publicity, today = item.publicity, clock.today()
    if publicity.status != PublicityStatus.OPEN or today > publicity.ends_on:
        raise Conflict(
            f"该公示已于{cn_date(publicity.ends_on)}期满，不再受理异议",
            code=Code.PUBLICITY_ENDED,
        )
    if today < publicity.starts_on:
        raise Conflict(
            f"该公示将于{cn_date(publicity.starts_on)}开始，届时方可提出异议",
            code=Code.PUBLICITY_NOT_STARTED,
        )
    if item.status == ItemStatus.CLEARED:
        raise Conflict("该项目已公示无异议，不再受理异议", code=Code.ITEM_CLEARED)


def _reopen(actor, item: PublicityItem) -> bool:
    """The first objection to a listed item sends it back to review (re-deliberation)."""
    if item.status != ItemStatus.LISTED:
        return False  # already under re-deliberation: the new grounds join it
    reason = f"公示期间收到异议（{item.publicity.number}），重新审议"
    if not _moved(
        lambda: transition_apply(ITEM, actor=actor, obj=item, action="object", by=SYSTEM)
    ):
        return False
    redemption = transition_apply(
        REDEMPTION,
        actor=actor,
        obj=item.redemption,
        action="reopen",
        by=SYSTEM,
        reasons=[reason],
    )
    step = review_step_reopen(redemption=redemption, reason=reason)
    notify_role(
        roles=(step_role(step.level, engine_family(redemption.family_slug).region),),
        region_code=step.region_code,
        subject=f"公示异议，请重新审议（{redemption.number}）",
        body=f"{step.action_label}：{redemption.applicant.name}",
        url=redemption_url(redemption),
        due_on=step.due_on,
        key=f"redemption:{redemption.pk}:step:{step.pk}",
    )
    return True


def _tell_objection(objection: Objection, item: PublicityItem) -> None:
    publicity, redemption = item.publicity, item.redemption
    notify_role(
        roles=OFFICIAL_ROLES,
        region_code=publicity.region_code,
        subject=f"收到公示异议（{publicity.number}）",
        body=(
            f"{objection.objector_name}对“{redemption.applicant.name}”（{redemption.number}）"
            f"提出异议：{objection.grounds[:200]}"
        ),
        url=url_for("redemptions:objection_detail", objection.pk),
        key=f"objection:{objection.pk}:received",
    )
    notify_organisation(
        organisation=redemption.applicant,
        subject=f"公示期间收到异议，重新审议（{redemption.number}）",
        body="您的兑付申请在公示期间收到异议，将重新审议，结果另行通知。",
        key=f"objection:{objection.pk}:applicant",
    )


def objection_decide(*, actor, objection: Objection, outcome: str, resolution: str) -> Objection:
    """The publishing body decides an objection (upheld / dismissed, with a resolution). A second
    decision is refused by the engine (compare-and-swap on the status)."""
    publicity = objection.item.publicity
    if objection.status != ObjectionStatus.OPEN:  # decided already: the engine's refusal first
        require_source(OBJECTION, OBJECTION_TRANSITIONS["uphold"], "uphold", objection.status)
    resolution = (resolution or "").strip()
    fields = {}
    if outcome not in OBJECTION_ACTION:
        fields["outcome"] = "请选择“异议成立”或“异议不成立”"
    if len(resolution) < 4:
        fields["resolution"] = "请填写核查情况和处理意见（至少4个字），将答复异议人"
    if fields:
        raise ValidationFailed(
            "请完善处理意见：" + "；".join(fields.values()),
            code=Code.DECISION_INVALID,
            details={"fields": fields},
        )
    return transition_apply(
        OBJECTION,
        actor=actor,
        obj=objection,
        action=OBJECTION_ACTION[outcome],
        by=OFFICIAL,
        values={"resolution": resolution, "decided_by": actor},
        audit_data={"outcome": outcome, "resolution": resolution},
        after=lambda decided: _tell_decision(decided, publicity),
    )


def _tell_decision(objection: Objection, publicity: Publicity) -> None:
    label = objection.get_status_display()
    resolution = objection.resolution
    notify(
        users=[objection.objector],
        subject=f"您提出的公示异议已处理：{label}",
        body=resolution,
        url=url_for("redemptions:publicity_detail", publicity.pk),
        key=f"objection:{objection.pk}:decided",
    )
    notify_organisation(
        organisation=objection.item.redemption.applicant,
        subject=f"公示异议处理结果：{label}（{objection.item.redemption.number}）",
        body=resolution,
        key=f"objection:{objection.pk}:decided:applicant",
    )


# --- closing (tick) ------------------------------------------------------------------------------


def publicity_close_due(moment=None) -> int:
    """Lists whose period is over: items without an open objection are cleared and their
    redemptions approved (公示期满无异议); the list closes once no item is still listed.
    Objected items left the list for re-deliberation. Running it again changes nothing."""
    today = clock.today()
    changed = 0
    for publicity in Publicity.objects.filter(
        status=PublicityStatus.OPEN, ends_on__lt=today
    ).order_by("id"):
        with transaction.atomic():
            changed += _close(publicity)
    return changed


def _moved(apply) -> bool:
    """Apply one system move of the tick; False when a concurrent run made it first."""
    try:
        apply()
    except Conflict as exc:
        if exc.code != CoreCode.STALE_STATUS:
            raise
        return False
    return True


def _close(publicity: Publicity) -> int:
    changed = 0
    listed = (
        publicity.items.filter(status=ItemStatus.LISTED)
        .exclude(objections__status=ObjectionStatus.OPEN)
        .select_related("redemption", "publicity")
    )
    for item in listed:
        if _moved(
            lambda item=item: transition_apply(
                ITEM,
                actor=None,
                obj=item,
                action="clear",
                by=SYSTEM,
                after=lambda cleared: transition_apply(
                    REDEMPTION,
                    actor=None,
                    obj=cleared.redemption,
                    action="publicity_pass",
                    by=SYSTEM,
                ),
            )
        ):
            changed += 1
    if not publicity.items.filter(status=ItemStatus.LISTED).exists():
        counts = dict(publicity.items.values_list("status").annotate(n=Count("id")))
        if _moved(
            lambda: transition_apply(
                PUBLICITY,
                actor=None,
                obj=publicity,
                action="close",
                by=SYSTEM,
                values={"closed_at": clock.now()},
                audit_data=counts,
            )
        ):
            changed += 1
    return changed
