"""Eligibility facts with evidence and expiry, and their verification by the county bureau."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.i18n import chinese
from innovoucher.core.money import MoneyError, fen_to_yuan_display, yuan_to_fen
from innovoucher.registry import validation as v
from innovoucher.registry.models import FLAG_FACTS, EligibilityFact, FactKind, Organisation
from innovoucher.registry.permissions import acts_for, can_review, require_edit
from innovoucher.registry.selectors import REVIEW_WORKING_DAYS
from innovoucher.registry.services.notify import org_url, tell_party, tell_reviewers
from innovoucher.registry.states import FactStatus
from innovoucher.workdays.services import deadline_after

_TRUE = {"true", "1", "yes", "on", "是"}
_FALSE = {"false", "0", "no", "off", "否", ""}


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationFailed("请选择“是”或“否”")


def _employees(value) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit():
        raise ValidationFailed("从业人数应为不小于0的整数")
    return int(text)


def _revenue(value) -> int:
    try:
        fen = yuan_to_fen(value if isinstance(value, int) else str(value or "").strip())
    except MoneyError:
        raise ValidationFailed(
            "营业收入应为以元为单位、最多两位小数的金额，如 15000000.00"
        ) from None
    if fen < 0:
        raise ValidationFailed("营业收入不能为负数")
    return fen


def fact_value_display(fact: EligibilityFact) -> str:
    if fact.kind == FactKind.EMPLOYEES:
        return _("%(n)s人") % {"n": fact.amount}
    if fact.kind == FactKind.ANNUAL_REVENUE:
        return fen_to_yuan_display(fact.amount)
    text = _("是") if fact.flag else _("否")
    return (
        _("%(yes_no)s（%(incubator)s）") % {"yes_no": text, "incubator": fact.incubator_name}
        if fact.kind == FactKind.INCUBATOR_RESIDENCY and fact.incubator_name
        else text
    )


@chinese  # stored messages stay Chinese
def fact_record(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    value,
    valid_from,
    expires_on,
    evidence_file=None,
    evidence_ref: str = "",
    incubator_name: str = "",
) -> EligibilityFact:
    """Record a fact with its evidence. Declared by the party it waits for the reviewer's
    verification; recorded by the reviewer it is verified at once."""
    require_edit(actor, organisation)
    errors = v.FieldErrors()
    amount = flag = None
    if kind == FactKind.EMPLOYEES:
        amount = errors.run("value", _employees, value)
    elif kind == FactKind.ANNUAL_REVENUE:
        amount = errors.run("value", _revenue, value)
    elif kind in FLAG_FACTS:
        flag = errors.run("value", _flag, value)
    else:
        errors.add(
            "kind",
            "请选择事项：从业人数、营业收入、科技型中小企业、高新技术企业、专精特新、入驻孵化载体或信用状况",
        )
    start = errors.run("valid_from", v.parse_date, valid_from, "起始日期")
    end = errors.run("expires_on", v.parse_date, expires_on, "有效期至")
    if start and end and end < start:
        errors.add("expires_on", "有效期至不能早于起始日期")
    upload = errors.run("evidence_file", v.check_upload, evidence_file, "证明材料", required_=False)
    evidence_ref = (evidence_ref or "").strip()[:200]
    if upload is None and not evidence_ref and "evidence_file" not in errors.errors:
        errors.add("evidence_ref", "请上传证明材料，或填写证书编号、文号、查询结果等依据")
    if kind == FactKind.INCUBATOR_RESIDENCY and flag and not (incubator_name or "").strip():
        errors.add("incubator_name", "请填写入驻的孵化载体名称")
    errors.raise_if_any("资格信息有误")
    reviewer = can_review(actor, organisation) and not acts_for(actor, organisation)
    now = clock.now()
    with transaction.atomic():
        fact = EligibilityFact(
            organisation=organisation,
            kind=kind,
            amount=amount,
            flag=flag,
            incubator_name=(incubator_name or "").strip()[:200],
            evidence_ref=evidence_ref,
            valid_from=start,
            expires_on=end,
            recorded_by=actor,
            recorded_at=now,
            status=FactStatus.VERIFIED if reviewer else FactStatus.DECLARED,
            verified_by=actor if reviewer else None,
            verified_at=now if reviewer else None,
        )
        if upload is not None:
            fact.evidence_file = upload
        fact.save()
        audit.record(
            actor=actor,
            action="registry.fact.record",
            obj=fact,
            region_code=organisation.region_code,
            data={
                "organisation": organisation.pk,
                "kind": kind,
                "value": fact_value_display(fact),
                "expires_on": end.isoformat(),
                "status": fact.status,
            },
        )
        if fact.status == FactStatus.DECLARED:
            tell_reviewers(
                organisation,
                subject=f"资格信息待核验：{organisation.name} · {fact.get_kind_display()}",
                key=f"registry:fact:{fact.pk}:declared",
                body=f"“{organisation.name}”登记了{fact.get_kind_display()}（{fact_value_display(fact)}），请核验证明材料。",
                url=org_url(organisation, "registry:facts"),
                due_on=deadline_after(clock.today(), REVIEW_WORKING_DAYS),
            )
    return fact


@chinese  # stored messages stay Chinese
def fact_verify(*, actor, fact: EligibilityFact, accept: bool, note: str = "") -> EligibilityFact:
    """The reviewer confirms or refuses a declared fact (compare-and-swap on its status)."""
    organisation = fact.organisation
    if not can_review(actor, organisation):
        raise PermissionDenied("只有主体所在地区的科技管理部门审核人可以核验资格信息")
    note = (note or "").strip()
    if not accept and not note:
        raise v.field_error("note", "核验不通过须填写意见，说明证明材料的问题")
    target = FactStatus.VERIFIED if accept else FactStatus.REJECTED
    now = clock.now()
    with transaction.atomic():
        if not EligibilityFact.objects.filter(pk=fact.pk, status=FactStatus.DECLARED).update(
            status=target, review_note=note[:200], verified_by=actor, verified_at=now
        ):
            raise Conflict("该资格信息已核验，请刷新页面查看最新状态")
        fact.refresh_from_db()
        audit.record(
            actor=actor,
            action="registry.fact.verify",
            obj=fact,
            region_code=organisation.region_code,
            data={
                "organisation": organisation.pk,
                "kind": fact.kind,
                "status": target,
                "note": note,
            },
        )
        if not accept:
            tell_party(
                organisation,
                subject=f"资格信息核验未通过：{fact.get_kind_display()}",
                key=f"registry:fact:{fact.pk}:rejected",
                body=f"“{organisation.name}”的{fact.get_kind_display()}核验未通过。意见：{note}。请重新登记并上传有效证明。",
                url=org_url(organisation, "registry:facts"),
            )
    return fact
