"""The automatic first check (自动初审) of a redemption application.

Every eligibility and scope rule of the pinned policy version is evaluated by the engine on a
quote request built from the records — registry facts of the service user, the provider's kind,
region and admission, the order, the amounts already received this year by the applicant and by
its actual-controller group, the related-party check — and the platform adds its own checks:
the window, a live application for the same order, documents, the invoice, the voucher's validity,
split contracts. Each line has a verdict (pass / refer / fail), a message saying what to do and
the article. `fail` refuses the application (nothing is saved); `refer` sends it to review flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum

from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import fen_to_yuan
from innovoucher.orders.selectors import orders_similar
from innovoucher.policies.engine import QuoteInputError, parse_quote_request
from innovoucher.policies.engine.model import Condition
from innovoucher.policies.engine.model import PolicyVersion as EngineVersion
from innovoucher.policies.services import quote_result
from innovoucher.providers.selectors import families_admitted
from innovoucher.redemptions import domain
from innovoucher.redemptions.codes import Code
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services import calls
from innovoucher.redemptions.states import ACTIVE, RedemptionStatus
from innovoucher.registry.relations import controller_group_key, related
from innovoucher.registry.selectors import organisation_quote_facts
from innovoucher.vouchers.domain import redeem_deadline

# Redemptions whose subsidy counts against this year's caps (money returned by recovery does not).
COUNTED = tuple(s for s in ACTIVE if s != RedemptionStatus.RECOVERED)
RELATED_FACT = "applicant.related_to_provider"


@dataclass
class Application:
    """What the check reads about one application (new, or a resubmission of `redemption_id`)."""

    family: str
    version: EngineVersion
    order: object
    client: object
    provider: object
    claimant: str
    on: dt.date
    paid_fen: int
    other_public_funding: bool = False
    public_funding_level: str = ""
    document_kinds: set[str] = field(default_factory=set)
    invoice: domain.InvoiceFacts | None = None
    voucher: object = None
    redemption_id: int | None = None
    group_key: str = ""


def group_of(client) -> str:
    return controller_group_key(client)[:80]


def received_this_year(app: Application) -> tuple[int, int]:
    """Subsidy of this policy already granted or pending this fiscal year: to the applicant, and to
    its whole actual-controller group (the application being resubmitted excluded)."""
    qs = Redemption.objects.filter(
        family_slug=app.family, fiscal_year=app.on.year, status__in=COUNTED
    )
    if app.redemption_id:
        qs = qs.exclude(pk=app.redemption_id)
    own = qs.filter(applicant=app.client).aggregate(s=Sum("subsidy_fen"))["s"] or 0
    if not app.group_key:
        return own, own
    group = qs.filter(group_key=app.group_key).aggregate(s=Sum("subsidy_fen"))["s"] or 0
    return own, max(group, own)


def quote_payload(app: Application, *, related_found: bool, received: tuple[int, int]) -> dict:
    applicant = organisation_quote_facts(organisation=app.client, on=app.on)
    applicant.update(
        {
            "related_to_provider": related_found,
            "received_this_year": fen_to_yuan(received[0]),
            "group_received_this_year": fen_to_yuan(received[1]),
        }
    )
    order = app.order
    return {
        "policy": app.family,
        "on": app.on.isoformat(),
        "applicant": applicant,
        "provider": {
            "region": app.provider.region_code,
            "kind": app.provider.provider_kind or "",
            "admitted": app.family in families_admitted(app.provider),
        },
        "service": {
            "category": order.category,
            "contract_amount": fen_to_yuan(order.contract_amount_fen),
            "paid_amount": fen_to_yuan(app.paid_fen),
            "fully_paid": app.paid_fen == order.contract_amount_fen,
            "completed_on": order.delivered_on.isoformat(),
            "other_public_funding": app.other_public_funding,
            **(
                {"public_funding_level": app.public_funding_level}
                if app.public_funding_level
                else {}
            ),
            "via_platform": bool(order.via_platform),
            "claimant": app.claimant,
        },
    }


def _mentions(condition: Condition | None, fact: str) -> bool:
    if condition is None:
        return False
    return condition.fact == fact or any(_mentions(c, fact) for c in condition.children)


def forbidding_rule(version: EngineVersion):
    return next(
        (
            r
            for r in version.eligibility
            if r.verdict == "fail" and _mentions(r.require, RELATED_FACT)
        ),
        None,
    )


def duplicate_check(app: Application) -> domain.CheckResult:
    qs = Redemption.objects.filter(order=app.order, status__in=ACTIVE)
    if app.redemption_id:
        qs = qs.exclude(pk=app.redemption_id)
    existing = qs.first()
    if existing is None:
        return domain.CheckResult("duplicate", "重复申请", domain.PASS, "该服务尚无其他兑付申请")
    who = domain.CLAIMANT_LABELS[existing.claimant_kind]
    return domain.CheckResult(
        "duplicate",
        "重复申请",
        domain.FAIL,
        f"该服务已由{who}提交兑付申请 {existing.number}（{existing.get_status_display()}），"
        "一个服务项目只能申请一次兑付",
        "",
        {"redemption": existing.number},
    )


def voucher_check(app: Application) -> domain.CheckResult | None:
    voucher = app.voucher
    if voucher is None:
        issuance = app.version.process.get("issuance")
        return domain.CheckResult(
            "voucher",
            "创新券",
            domain.REFER,
            "未找到可用于本服务的创新券，由审核人员核实使用资格",
            issuance.article if issuance else "",
        )
    validity = app.version.process.get("validity")
    until = voucher.valid_until
    if validity is not None and validity.value.get("from") == "issue":
        until = redeem_deadline(validity.value, app.order.delivered_on, voucher.issued_on) or until
    if until is not None and app.on > until:
        return domain.CheckResult(
            "voucher_validity",
            "创新券有效期",
            domain.FAIL,
            f"创新券 {voucher.number} 已于{domain.cn_date(until)}到期，不能再申请兑付",
            voucher.article,
        )
    if voucher.status not in ("issued", "reserved", "used"):
        return domain.CheckResult(
            "voucher_validity",
            "创新券状态",
            domain.FAIL,
            f"创新券 {voucher.number} 当前状态为“{voucher.get_status_display()}”，不能用于兑付",
            voucher.article,
        )
    text = f"，有效期至{domain.cn_date(until)}" if until else ""
    return domain.CheckResult(
        "voucher_validity",
        "创新券",
        domain.PASS,
        f"使用创新券 {voucher.number}{text}",
        voucher.article,
    )


def split_check(order) -> domain.CheckResult | None:
    return domain.similar_orders_result([o.number for o in orders_similar(order)])


def _engine(app: Application, related_found: bool, received: tuple[int, int]):
    """The engine's result and the request's facts (what each rule was evaluated on)."""
    payload = quote_payload(app, related_found=related_found, received=received)
    try:
        return quote_result(payload, today=app.on), parse_quote_request(payload, today=app.on).facts
    except QuoteInputError as exc:
        raise ValidationFailed(
            f"申请信息不完整，无法测算：{exc.message}",
            code=Code.CHECK_INPUT,
            details=exc.details,
        ) from exc


def check_application(app: Application, *, resubmission: bool = False) -> domain.Outcome:
    """Run every check; never raises for a failed rule (the caller decides what a fail means)."""
    version = app.version
    results = [_window(app, resubmission), duplicate_check(app)]
    evidence = related(app.client, app.provider)
    received = received_this_year(app)
    result, facts = _engine(app, evidence is not None, received)
    reasons = [
        {"code": r.code, "message": r.message, "article": r.article, "verdict": r.verdict}
        for r in result.reasons
    ]
    results += domain.rule_results(version, facts, reasons)
    rule = forbidding_rule(version)
    results.append(
        domain.relation_result(
            evidence.as_dict() if evidence else None,
            policy_forbids=rule is not None,
            article=rule.article if rule else "",
        )
    )
    results.append(_received_line(received))
    required = domain.required_documents(
        deducted_at_checkout=app.order.deduction_fen > 0,
        relevance_required=domain.relevance_proof_required(reasons),
    )
    results.append(domain.check_documents(required, app.document_kinds))
    if app.invoice is not None:
        results += domain.check_invoice(
            app.invoice,
            contract_fen=app.order.contract_amount_fen,
            completed_on=app.order.delivered_on,
            today=app.on,
        )
    results += [r for r in (voucher_check(app), split_check(app.order)) if r is not None]
    outcome = domain.Outcome(
        results=results,
        shares=dict(result.shares_fen),
        payee=result.payee or domain.APPLICANT,
        trace=[{"step": s.step, "value": s.value, "article": s.article} for s in result.trace],
    )
    if result.eligible:
        _amount(outcome, result.subsidy_fen, app.order.deduction_fen)
    return outcome


def _window(app: Application, resubmission: bool) -> domain.CheckResult:
    if resubmission:
        return domain.CheckResult(
            "window", "受理时间", domain.PASS, "按审核意见修改后重新提交，不受受理期限制"
        )
    return calls.window_check(
        app.version, family=app.family, region=app.client.region_code, on=app.on
    )


def _received_line(received: tuple[int, int]) -> domain.CheckResult:
    own, group = received
    text = f"本年度本政策已获或在审补助：本单位 {fen_to_yuan(own)} 元"
    if group != own:
        text += f"，同一实际控制人合计 {fen_to_yuan(group)} 元"
    return domain.CheckResult(
        "received_this_year", "年度已获补助", domain.PASS, text + "（已计入年度上限）"
    )


def _amount(outcome: domain.Outcome, computed: int, deduction_fen: int) -> None:
    amount, line = domain.deduction_limit(computed, deduction_fen)
    if line is not None:
        outcome.results.append(line)
        if amount != computed:
            outcome.trace.append(
                {"step": "以结算时抵扣金额为限", "value": fen_to_yuan(amount), "article": ""}
            )
    outcome.subsidy_fen = amount
    outcome.shares = domain.reshare(outcome.shares, amount) if outcome.shares else {}
