"""Pure order rules: the split-contract signal (化整为零), the automatic first check of the standard
contract, and amounts in Chinese capitals (大写金额). No Django here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from innovoucher.core.money import fen_to_yuan
from innovoucher.regions.domain import region_within

# 化整为零: earlier orders of the same client with the same provider, in the same category, placed
# within this many calendar days before an order, are shown to the reviewer as a possible split of
# one contract (Ningxia 「创新券使用条件与要求」: 不得为提高兑付比例将同一业务合同化整为零). The
# slides
# name no period; 90 days (one quarter) is the platform's parameter, documented here and on the
# page.
SPLIT_WINDOW_DAYS = 90

PASS, FAIL, REFER = "pass", "fail", "refer"
VERDICT_LABELS = {PASS: "通过", FAIL: "不通过", REFER: "需人工核实"}
CHECK_LABELS = {
    "amount_matches": "合同金额与订单一致",
    "dates_ordered": "履行期限",
    "category_supported": "支持范围",
    "parties_verified": "双方实名认证与入库",
    "split_contract": "化整为零核查",
    "contract_type": "技术合同类型与登记",
}

# Contract types that the Ningxia slides name: 技术开发或技术转让合同（经认定登记）.
TECH_CONTRACT_TYPES = ("development", "transfer")


# --- split signal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFacts:
    id: int
    client_id: int
    provider_id: int
    category: str
    placed_on: dt.date
    amount_fen: int
    cancelled: bool = False


def similar_orders(
    current: OrderFacts, others: Iterable[OrderFacts], window_days: int = SPLIT_WINDOW_DAYS
) -> list[OrderFacts]:
    """Earlier live orders of the same client and provider in the same category within the
    window."""
    start = current.placed_on - dt.timedelta(days=window_days)
    return sorted(
        (
            o
            for o in others
            if o.id != current.id
            and not o.cancelled
            and o.client_id == current.client_id
            and o.provider_id == current.provider_id
            and o.category == current.category
            and start <= o.placed_on <= current.placed_on
        ),
        key=lambda o: (o.placed_on, o.id),
    )


@dataclass(frozen=True)
class SplitSignal:
    count: int
    combined_fen: int  # this order plus the similar ones

    @property
    def raised(self) -> bool:
        return self.count > 0


def split_signal(current: OrderFacts, similar: list[OrderFacts]) -> SplitSignal:
    return SplitSignal(len(similar), current.amount_fen + sum(o.amount_fen for o in similar))


# --- one-click deduction at checkout -------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutRule:
    applies: bool
    message: str
    article: str


def checkout_deduction(version, family_region: str, provider_region: str) -> CheckoutRule:
    """Whether a voucher is deducted when the order is settled (`process.deduction_at_checkout`):
    `always` (Shaoxing 一键抵扣), `in_region` — only with a provider inside the region the payee
    rule names (Ningxia: 区内服务机构直接抵用、不得拒绝；区外的先行全额支付后申请兑付) — or
    `never` (事后补助)."""
    cited = version.process.get("deduction_at_checkout")
    if cited is None or cited.value == "never":
        return CheckoutRule(
            False,
            "本政策为事后补助：委托方先全额支付，服务完成后申请兑付",
            cited.article if cited else "",
        )
    if cited.value == "always":
        return CheckoutRule(True, "下单时选择创新券，结算时一键抵扣，只需支付余款", cited.article)
    region = version.payee.region or family_region
    if region_within(provider_region, region):
        return CheckoutRule(
            True, "服务机构在政策地区内：结算时直接抵用创新券，服务机构不得拒绝", cited.article
        )
    return CheckoutRule(
        False, "服务机构在政策地区外：委托方先行全额支付，服务完成后申请兑付", cited.article
    )


# --- automatic first check of the standard contract ---------------------------------------------


@dataclass(frozen=True)
class Check:
    code: str
    verdict: str
    message: str
    article: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "verdict": self.verdict,
            "message": self.message,
            "article": self.article,
        }


@dataclass(frozen=True)
class ContractFacts:
    amount_fen: int
    order_amount_fen: int
    start_on: dt.date
    end_on: dt.date
    category_label: str
    category_supported: bool
    category_message: str  # why not, when not supported
    client_verified: bool
    provider_verified: bool
    provider_admitted: bool
    contract_type: str
    contract_type_label: str
    registration_no: str
    split: SplitSignal
    eligibility: list[dict] = field(
        default_factory=list
    )  # the engine's fail / refer reasons: code, message, article, verdict
    articles: dict[str, str] = field(default_factory=dict)  # check code -> article


def contract_checks(f: ContractFacts) -> list[Check]:
    """Each rule of the first check with its verdict, a reason a person can act on, and the
    article."""
    a = f.articles.get
    checks = [
        Check(
            "amount_matches",
            PASS if f.amount_fen == f.order_amount_fen else FAIL,
            "合同金额与订单金额一致"
            if f.amount_fen == f.order_amount_fen
            else f"合同金额 {fen_to_yuan(f.amount_fen)} 元与订单金额 "
            f"{fen_to_yuan(f.order_amount_fen)} 元不一致，请按订单金额填写或先调整订单",
            a("amount_matches", ""),
        ),
        Check(
            "dates_ordered",
            PASS if f.start_on <= f.end_on else FAIL,
            "履行期限起止日期有效"
            if f.start_on <= f.end_on
            else "履行期限的结束日期早于开始日期，请修改",
            a("dates_ordered", ""),
        ),
        Check(
            "category_supported",
            PASS if f.category_supported else FAIL,
            f"“{f.category_label}”属于创新券支持范围"
            if f.category_supported
            else f.category_message,
            a("category_supported", ""),
        ),
        _parties(f),
        Check(
            "split_contract",
            REFER if f.split.raised else PASS,
            (
                f"{SPLIT_WINDOW_DAYS}日内与同一服务机构另有 {f.split.count} 笔同类订单，"
                f"连同本单合计 {fen_to_yuan(f.split.combined_fen)} 元，"
                "请审核人员核实是否将同一业务化整为零"
            )
            if f.split.raised
            else f"{SPLIT_WINDOW_DAYS}日内未发现与同一服务机构的同类订单",
            a("split_contract", ""),
        ),
        _contract_type(f),
    ]
    checks += [
        Check(
            f"policy_{r['code']}",
            FAIL if r["verdict"] == "fail" else REFER,
            r["message"],
            r["article"],
        )
        for r in f.eligibility
    ]
    return checks


def _parties(f: ContractFacts) -> Check:
    missing = [
        text
        for ok, text in (
            (f.client_verified, "委托方尚未通过实名登记审核"),
            (f.provider_verified, "服务机构尚未通过实名登记审核"),
            (f.provider_admitted, "服务机构尚未入库"),
        )
        if not ok
    ]
    if missing:
        return Check(
            "parties_verified", FAIL, "；".join(missing), f.articles.get("parties_verified", "")
        )
    return Check(
        "parties_verified",
        PASS,
        "委托方、服务机构均已实名认证，服务机构已入库",
        f.articles.get("parties_verified", ""),
    )


def _contract_type(f: ContractFacts) -> Check:
    article = f.articles.get("contract_type", "")
    if f.contract_type not in TECH_CONTRACT_TYPES:
        return Check(
            "contract_type",
            REFER,
            f"合同类型为“{f.contract_type_label}”：须订立技术开发或技术转让合同并经认定登记，请审核人员核实",
            article,
        )
    if not f.registration_no.strip():
        return Check(
            "contract_type",
            REFER,
            "技术合同尚未填写认定登记号：请填写登记号或上传技术合同登记证明",
            article,
        )
    return Check(
        "contract_type",
        PASS,
        f"{f.contract_type_label}合同，登记号 {f.registration_no.strip()}",
        article,
    )


def overall_verdict(checks: list[Check] | list[dict]) -> str:
    verdicts = {c.verdict if isinstance(c, Check) else c["verdict"] for c in checks}
    return FAIL if FAIL in verdicts else REFER if REFER in verdicts else PASS


# --- amounts in Chinese capitals ----------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _group(n: int) -> str:
    """Words of 1..9999, internal runs of zeros as one 零, trailing zeros dropped."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _UNITS[position]
    return text


def _integer_words(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            gap = bool(text)
            continue
        if text and (gap or g < 1000):
            text += "零"
        text += _group(g) + _GROUPS[index]
        gap = False
    return text


def amount_in_words(fen: int) -> str:
    """人民币大写: 10500000 → 壹拾万伍仟元整; 100050 → 壹仟元伍角整; 100005 → 壹仟元零伍分
    (支付结算办法's rules)."""
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise ValueError("金额须为不小于0的整数（分）")
    if fen >= 10**16 * 100:
        raise ValueError("金额过大")
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    text = _integer_words(yuan) + "元" if yuan else ""
    if jiao == 0 and cents == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    return text + (_DIGITS[cents] + "分" if cents else "整")
