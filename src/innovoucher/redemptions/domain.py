"""Pure rules of redemption applications: who may claim, which documents are needed, how the
automatic first check is summarised, where each review step goes and when it is due.

Plain Python (no Django): the services feed it records they loaded, the tests call it directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from innovoucher.core.money import fen_to_yuan, split_largest_remainder
from innovoucher.policies.engine.conditions import evaluate
from innovoucher.policies.engine.model import PolicyVersion as EngineVersion
from innovoucher.policies.engine.vocabulary import NOT_CAPPED, SERVICE_CATEGORIES
from innovoucher.regions.domain import region_city, region_level, region_province, region_within

PASS, REFER, FAIL = "pass", "refer", "fail"
VERDICT_LABELS = {PASS: "通过", REFER: "需人工核实", FAIL: "不通过"}

APPLICANT, PROVIDER = "applicant", "provider"
CLAIMANT_LABELS = {APPLICANT: "服务使用方（企业等）", PROVIDER: "服务机构"}

DOCUMENT_LABELS = {
    "contract": "技术合同",
    "invoice": "发票",
    "payment_proof": "付款凭证",
    "result_report": "服务结果报告",
    "relevance_proof": "检测与研发相关性证明",
    "other": "其他材料",
}
# A policy that asks for a relevance proof names the rule that says so `…relevance_proof`
# (Liaocheng art. 16: 检测试验分析活动须另行提供科技创新相关性证明).
RELEVANCE_RULE_SUFFIX = "relevance_proof"

# Where a policy fixes no time limit for a review step the platform uses this one (shown as such).
DEFAULT_STEP_DEADLINE = {"days": 10, "unit": "working"}
DEFAULT_DEADLINE_ARTICLE = "平台默认办理时限（政策未规定该环节时限）"

# Cadences that need a published call (兑付通知) before anyone may apply. A monthly / quarterly /
# yearly cadence is how often payments are gathered (Liaocheng art. 17 "每月兑付一次"): applications
# are taken at any time and no call window is published.
CALL_CADENCES = ("per_notice",)


def needs_call(version) -> bool:
    """Applications of `version` are accepted only inside a published call's window."""
    cadence = version.process.get("cadence")
    return cadence is not None and cadence.value in CALL_CADENCES


@dataclass(frozen=True)
class CheckResult:
    """One line of the automatic first check: what was checked, the verdict, what to do, why."""

    code: str
    label: str
    verdict: str  # pass | refer | fail
    message: str
    article: str = ""
    evidence: dict | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        if data["evidence"] is None:
            data.pop("evidence")
        return data


def overall_verdict(results: Iterable[CheckResult]) -> str:
    verdicts = {r.verdict for r in results}
    return FAIL if FAIL in verdicts else REFER if REFER in verdicts else PASS


def failures(results: Iterable[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.verdict == FAIL]


def failure_message(results: list[CheckResult]) -> str:
    """One message for a refused application: the failure itself, or a numbered summary."""
    failed = failures(results)
    if len(failed) == 1:
        return f"自动初审未通过：{failed[0].message}"
    items = "；".join(f"{i}. {r.message}" for i, r in enumerate(failed, 1))
    return f"自动初审未通过，共{len(failed)}项需要处理：{items}"


# --- who applies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimantDecision:
    kind: str | None
    message: str = ""  # why nobody the actor acts for may apply


def decide_claimant(
    rule: str, *, provider_in_region: bool, actor_sides: set[str], requested: str | None = None
) -> ClaimantDecision:
    """The claimant of a redemption under the policy's `process.claimant` rule.

    `actor_sides` are the parties the person acts for in this order ({"applicant", "provider"});
    `requested` is the side the person chose where both are possible.
    """
    if rule == "either_one":
        allowed = {APPLICANT, PROVIDER}
    elif rule == "by_provider_location":
        allowed = {PROVIDER if provider_in_region else APPLICANT}
    elif rule in (APPLICANT, PROVIDER):
        allowed = {rule}
    else:
        return ClaimantDecision(None, f"未知的申请方规则“{rule}”，请联系平台管理员")
    if requested is not None and requested not in (APPLICANT, PROVIDER):
        return ClaimantDecision(
            None,
            f"申请方应为 applicant（服务使用方）或 provider（服务机构），您填写了“{requested}”",
        )
    candidates = allowed & actor_sides
    if requested is not None:
        candidates &= {requested}
    if len(candidates) == 1:
        return ClaimantDecision(candidates.pop())
    if len(candidates) > 1:
        return ClaimantDecision(None, "您同时代表服务使用方和服务机构，请选择以哪一方的名义申请")
    only = "或".join(CLAIMANT_LABELS[k] for k in sorted(allowed))
    if rule == "by_provider_location":
        where = "区内" if provider_in_region else "区外"
        return ClaimantDecision(
            None, f"服务机构位于政策区域{where}，本服务的兑付申请应由{only}提交"
        )
    return ClaimantDecision(None, f"本政策的兑付申请应由{only}提交，您不能以当前身份申请")


def confirmation_required(
    *, setting: bool | None, claimant: str, provider_on_platform: bool
) -> bool:
    """Whether the provider must confirm the application in the system first (Shanxi art. 19).

    `process.provider_confirmation` decides where a policy sets it; otherwise the platform asks
    for it whenever the firm claims and the provider is a party on the platform that can answer
    (the provider otherwise never sees a claim about its own service)."""
    if setting is not None:
        return bool(setting) and provider_on_platform
    return claimant == APPLICANT and provider_on_platform


# --- documents -------------------------------------------------------------------------------


def required_documents(*, deducted_at_checkout: bool, relevance_required: bool) -> list[str]:
    """Documents every application needs: the contract, the invoice and the service result
    report; proof of payment unless the platform itself recorded the payment at checkout (a
    voucher deduction); a relevance proof where the policy asks for one."""
    kinds = ["contract", "invoice"]
    if not deducted_at_checkout:
        kinds.append("payment_proof")
    kinds.append("result_report")
    if relevance_required:
        kinds.append("relevance_proof")
    return kinds


def check_documents(required: list[str], provided: Iterable[str], article: str = "") -> CheckResult:
    have = set(provided)
    missing = [k for k in required if k not in have]
    if missing:
        names = "、".join(DOCUMENT_LABELS[k] for k in missing)
        return CheckResult(
            "documents",
            "申请材料",
            FAIL,
            f"缺少以下材料：{names}，请上传后再提交",
            article,
            {"missing": missing},
        )
    names = "、".join(DOCUMENT_LABELS[k] for k in required)
    return CheckResult("documents", "申请材料", PASS, f"材料齐全（{names}）", article)


@dataclass(frozen=True)
class InvoiceFacts:
    number: str
    amount_fen: int
    issued_on: dt.date


def check_invoice(
    invoice: InvoiceFacts, *, contract_fen: int, completed_on: dt.date, today: dt.date
) -> list[CheckResult]:
    out: list[CheckResult] = []
    if invoice.amount_fen > contract_fen:
        out.append(
            CheckResult(
                "invoice_amount",
                "发票金额",
                FAIL,
                f"发票金额 {fen_to_yuan(invoice.amount_fen)} 元超过合同金额 "
                f"{fen_to_yuan(contract_fen)} 元，请核对发票",
            )
        )
    elif invoice.amount_fen != contract_fen:
        out.append(
            CheckResult(
                "invoice_amount",
                "发票金额",
                REFER,
                f"发票金额 {fen_to_yuan(invoice.amount_fen)} 元与合同金额 "
                f"{fen_to_yuan(contract_fen)} 元不一致，由审核人员核实",
            )
        )
    else:
        out.append(
            CheckResult(
                "invoice_amount",
                "发票金额",
                PASS,
                f"发票金额与合同金额一致（{fen_to_yuan(contract_fen)} 元）",
            )
        )
    if invoice.issued_on > today:
        out.append(
            CheckResult("invoice_date", "开票日期", FAIL, "开票日期不能晚于今天，请核对发票")
        )
    elif invoice.issued_on < completed_on - dt.timedelta(days=366):
        out.append(
            CheckResult(
                "invoice_date",
                "开票日期",
                REFER,
                "开票日期早于服务完成日期一年以上，由审核人员核实是否为本项目发票",
            )
        )
    return out


# --- the engine's verdicts as check lines --------------------------------------------------------

ENGINE_LABELS = {
    "applicant_kind": "申请主体类型",
    "scope_excluded": "支持范围",
    "scope_not_included": "支持范围",
    "validity_expired": "有效期",
    "no_version_in_force": "政策版本",
    "cap_reached": "年度额度",
}


def _engine_line(r: Mapping, label: str) -> CheckResult:
    verdict = r.get("verdict", FAIL)
    if r["code"] == "cap_reached":  # nothing left to grant this year: there is nothing to redeem
        verdict = FAIL
    if verdict in (FAIL, REFER):
        return CheckResult(r["code"], label, verdict, r["message"], r.get("article", ""))
    if verdict == "eligible":
        return CheckResult("eligible", "补助测算", PASS, r["message"], r.get("article", ""))
    return CheckResult(r["code"], "须知事项", PASS, r["message"], r.get("article", ""))


def rule_results(
    version: EngineVersion, facts: Mapping, reasons: Iterable[Mapping]
) -> list[CheckResult]:
    """Every eligibility and scope rule of the pinned version as a check line, in the policy's
    order: the engine's verdict where a rule did not hold (fail / refer) or is a notice (record),
    `pass` where it held; rules that do not apply to this case are left out."""
    by_code = {r["code"]: r for r in reasons}
    out = [
        _engine_line(by_code.pop(code), ENGINE_LABELS[code])
        for code in ("applicant_kind", "scope_excluded", "scope_not_included")
        if code in by_code
    ]
    if not out:
        category = facts.get("service.category", "")
        out.append(
            CheckResult(
                "scope",
                "支持范围",
                PASS,
                f"申请主体类型与服务类别“{SERVICE_CATEGORIES.get(category, category)}”均属于支"
                "持范围",
                version.included.article,
            )
        )
    for rule in version.eligibility:
        if rule.code in by_code:
            out.append(_engine_line(by_code.pop(rule.code), "政策条件"))
        elif rule.applies_if is None or evaluate(rule.applies_if, facts):
            out.append(
                CheckResult(rule.code, "政策条件", PASS, f"符合：{rule.message}", rule.article)
            )
    validity = version.process.get("validity")
    if (
        validity is not None
        and validity.value.get("from") == "completion"
        and "validity_expired" not in by_code
    ):
        out.append(
            CheckResult("validity", "有效期", PASS, "在服务完成后的有效期内申请", validity.article)
        )
    return out + [
        _engine_line(r, ENGINE_LABELS.get(r["code"], "政策条件")) for r in by_code.values()
    ]


def relevance_proof_required(reasons: Iterable[Mapping]) -> bool:
    return any(r.get("code", "").endswith(RELEVANCE_RULE_SUFFIX) for r in reasons)


def relation_result(
    evidence: Mapping | None, *, policy_forbids: bool, article: str = ""
) -> CheckResult:
    """Related parties found in the registry. Where the policy forbids a relation the engine fails
    its rule; this line carries the path as evidence. Where the policy is silent a relation is
    referred to the reviewer (a supervision signal), never ignored."""
    if evidence is None:
        return CheckResult(
            "relation",
            "关联关系",
            PASS,
            "登记信息中未发现服务使用方与服务机构存在关联关系",
            article,
        )
    summary = evidence.get("summary", "存在关联关系")
    if policy_forbids:
        return CheckResult(
            "relation",
            "关联关系",
            FAIL,
            f"服务使用方与服务机构存在关联关系：{summary}",
            article,
            dict(evidence),
        )
    return CheckResult(
        "relation",
        "关联关系",
        REFER,
        f"服务使用方与服务机构存在关联关系（{summary}），本政策未明文禁止，由审核人员核实",
        article,
        dict(evidence),
    )


def similar_orders_result(numbers: list[str]) -> CheckResult:
    if not numbers:
        return CheckResult("split_contract", "拆分合同", PASS, "未发现同一双方同类服务的相近订单")
    listed = "、".join(numbers)
    return CheckResult(
        "split_contract",
        "拆分合同",
        REFER,
        f"同一服务机构近期还有同类订单（{listed}），请审核人员核实是否将同一业务化整为零",
        "",
        {"orders": numbers},
    )


def deduction_limit(computed_fen: int, deduction_fen: int) -> tuple[int, CheckResult | None]:
    """A voucher deducted at checkout is what the provider claims back: the subsidy is limited to
    it; a computed subsidy below it is referred (the deduction may have been too large)."""
    if deduction_fen <= 0:
        return computed_fen, None
    if computed_fen < deduction_fen:
        return computed_fen, CheckResult(
            "deduction",
            "结算抵扣",
            REFER,
            f"按政策测算补助 {fen_to_yuan(computed_fen)} 元，低于结算时已抵扣的 "
            f"{fen_to_yuan(deduction_fen)} 元，由审核人员核定",
        )
    return deduction_fen, CheckResult(
        "deduction", "结算抵扣", PASS, f"兑付金额为结算时已抵扣的 {fen_to_yuan(deduction_fen)} 元"
    )


def reshare(shares: Mapping[str, int], amount_fen: int) -> dict[str, int]:
    """Split a (reduced) amount among the funders in the proportions of the computed shares."""
    weights = [(level, fen) for level, fen in shares.items()]
    if not weights:
        return {}
    if sum(fen for _, fen in weights) == 0:
        return (
            {level: 0 for level, _ in weights}
            if amount_fen == 0
            else split_largest_remainder(amount_fen, [(k, 1) for k, _ in weights])
        )
    return split_largest_remainder(amount_fen, weights)


# --- review chain ----------------------------------------------------------------------------

# The role (accounts.roles.Role value) that acts on a step of each level.
LEVEL_ROLE = {
    "county": "county_reviewer",
    "city": "city_reviewer",
    "province": "province_reviewer",
    "agency": "operator",
    "expert": "expert",
}
ROLE_OF_REGION_LEVEL = {
    "county": "county_reviewer",
    "city": "city_reviewer",
    "province": "province_reviewer",
}


def step_region(level: str, *, applicant_region: str, policy_region: str) -> str:
    """The region whose body reviews a step: the applicant's county / city / province for the
    administrative levels; the policy's region for the agency, experts and the meeting."""
    if level == "county":
        return applicant_region
    if level == "city":
        return region_city(applicant_region) or applicant_region
    if level == "province":
        return region_province(applicant_region)
    return policy_region


def step_role(level: str, policy_region: str) -> str:
    """The role acting on a step: a meeting is held by the reviewer body of the policy's region."""
    if level == "meeting":
        return ROLE_OF_REGION_LEVEL[region_level(policy_region)]
    return LEVEL_ROLE[level]


def escalation(level: str, region: str, policy_region: str) -> tuple[str, str] | None:
    """(role, region) of the level above a step, told when the step runs late."""
    if level == "county":
        return "city_reviewer", region_city(region) or region
    if level == "city":
        return "province_reviewer", region_province(region)
    if level in ("agency", "expert"):
        return ROLE_OF_REGION_LEVEL[region_level(policy_region)], policy_region
    return None


@dataclass(frozen=True)
class StepPlan:
    position: int
    level: str
    action: str
    article: str
    days: int
    unit: str
    deadline_article: str


def plan_steps(
    chain: list[Mapping],
    chain_article: str,
    deadlines: Mapping[str, Mapping] | None = None,
    deadlines_article: str = "",
) -> list[StepPlan]:
    """The steps of one review round from the pinned `process.review_chain`. A step's time limit
    is its own `deadline`, else a `process.deadlines` entry named after its level
    (`county_confirm` for a county step), else the platform default."""
    plans = []
    for i, step in enumerate(chain):
        level = step["level"]
        limit, article = step.get("deadline"), chain_article
        if limit is None:
            limit = next(
                (v for k, v in (deadlines or {}).items() if k.split("_")[0] == level), None
            )
            article = deadlines_article
        if limit is None:
            limit, article = DEFAULT_STEP_DEADLINE, DEFAULT_DEADLINE_ARTICLE
        plans.append(
            StepPlan(
                i + 1,
                level,
                step["action"],
                chain_article,
                int(limit["days"]),
                limit["unit"],
                article,
            )
        )
    return plans


def in_region(code: str, region: str | None) -> bool:
    return bool(region) and region_within(code, region)


# --- calls -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    title: str
    opens_on: dt.date
    closes_on: dt.date
    number: str = ""


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def window_result(
    *,
    needs_call: bool,
    open_call: Window | None,
    next_call: Window | None,
    on: dt.date,
    article: str = "",
) -> CheckResult:
    if not needs_call:
        return CheckResult("window", "受理时间", PASS, "本政策常年受理兑付申请", article)
    if open_call is not None:
        return CheckResult(
            "window",
            "受理时间",
            PASS,
            f"在《{open_call.title}》受理期内（{cn_date(open_call.opens_on)}至"
            f"{cn_date(open_call.closes_on)}）",
            article,
            {"call": open_call.number},
        )
    if next_call is not None:
        return CheckResult(
            "window",
            "受理时间",
            FAIL,
            f"{cn_date(on)}不在兑付受理期内；下一期《{next_call.title}》受理时间为"
            f"{cn_date(next_call.opens_on)}至{cn_date(next_call.closes_on)}，请届时申请",
            article,
            {
                "next_opens_on": next_call.opens_on.isoformat(),
                "next_closes_on": next_call.closes_on.isoformat(),
            },
        )
    return CheckResult(
        "window",
        "受理时间",
        FAIL,
        f"{cn_date(on)}不在兑付受理期内，尚未发布下一期兑付通知，请关注「兑付通知」",
        article,
    )


@dataclass
class Outcome:
    """What the automatic first check concluded for one application."""

    results: list[CheckResult] = field(default_factory=list)
    subsidy_fen: int = 0
    shares: dict[str, int] = field(default_factory=dict)
    payee: str = APPLICANT
    trace: list[dict] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return overall_verdict(self.results)


_RULE_STEP = re.compile(r"^条件（[A-Za-z0-9_.]+）$")
VOUCHER_CAP_STEP = "以创新券"


def trace_display(trace: Iterable[Mapping]) -> list[dict]:
    """The calculation trace as a person reads it: a rule's step named by what it is (政策条件; its
    value already says the rule in Chinese), never by its code — traces stored before the engine
    worded them itself still carry `条件（code）`; and where the voucher's balance cut the amount
    afterwards, the earlier cap lines do not claim the amount stayed uncut."""
    rows = [dict(step) for step in trace]
    cut = any(str(s.get("step", "")).startswith(VOUCHER_CAP_STEP) for s in rows)
    for row in rows:
        step, value = str(row.get("step", "")), str(row.get("value", ""))
        if _RULE_STEP.match(step):
            row["step"] = "政策条件"
        if cut:
            for uncut in (NOT_CAPPED, "未触及上限"):
                if uncut in value:
                    row["value"] = value.replace(uncut, f"{uncut}（随后按创新券余额核减，见下文）")
                    break
    return rows


def paid_generation_name(year: int) -> str:
    """The generation counter (`core.generation`) bumped whenever a redemption of fiscal `year`
    moves into or out of `paid`; the cached public statistics read it."""
    return f"redemptions.paid:{int(year)}"
