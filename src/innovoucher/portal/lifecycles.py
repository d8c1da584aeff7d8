"""Generate `docs/lifecycles.md` from the transition tables in code, so the diagrams never go
stale (a test compares the committed file with `render()`; `innovoucher lifecycle_docs`
rewrites it)."""

from __future__ import annotations

import importlib
from pathlib import Path

OUTPUT = Path("docs/lifecycles.md")

# (title, module, table attribute, status enum attribute, what it is)
TABLES = [
    (
        "管理员角色撤销 Two-person removal of an administrator's role",
        "innovoucher.accounts.states",
        "REMOVAL_TRANSITIONS",
        "RemovalStatus",
        "三员: a security administrator asks to remove another administrator's role; a second "
        "administrator (neither the requester nor the target) confirms — the role is revoked "
        "in the "
        "same transaction — or refuses with reasons.",
    ),
    (
        "通知公告 Notice",
        "innovoucher.notices.states",
        "TRANSITIONS",
        "NoticeStatus",
        "A notice or news item an official publishes for a region; withdrawing needs reasons.",
    ),
    (
        "注册登记 Registration",
        "innovoucher.registry.states",
        "TRANSITIONS",
        "RegistrationStatus",
        "A party's real-name registration, reviewed by its county.",
    ),
    (
        "服务机构入库 Provider admission (reviewed route)",
        "innovoucher.providers.states",
        "TRANSITIONS",
        "AdmissionStatus",
        "Direct admissions start at `admitted`; reviewed and supplementary ones walk this table.",
    ),
    (
        "仪器预约 Instrument booking",
        "innovoucher.providers.states",
        "BOOKING_TRANSITIONS",
        "BookingStatus",
        "A time slot on an instrument; holding bookings never overlap "
        "(PostgreSQL exclusion constraint).",
    ),
    (
        "区外服务机构认定 Out-of-region recognition",
        "innovoucher.providers.states",
        "RECOGNITION_TRANSITIONS",
        "RecognitionStatus",
        "A provider outside the policy's regions, recognised by agreement or by its local "
        "S&T department.",
    ),
    (
        "创新券 Voucher",
        "innovoucher.vouchers.states",
        "TRANSITIONS",
        "VoucherStatus",
        "A holder's voucher under one pinned policy version; its money moves through voucher uses.",
    ),
    (
        "服务订单 Order",
        "innovoucher.orders.states",
        "ORDER_TRANSITIONS",
        "OrderStatus",
        "A purchase of a service or a completed instrument booking, with one-click deduction "
        "at settlement where the policy says.",
    ),
    (
        "科技创新券服务合同 Standard contract",
        "innovoucher.orders.states",
        "CONTRACT_TRANSITIONS",
        "ContractStatus",
        "The Ningxia standard contract form; approval issues one voucher per contract.",
    ),
    (
        "兑付申请 Redemption",
        "innovoucher.redemptions.states",
        "TRANSITIONS",
        "RedemptionStatus",
        "An application to redeem one order, judged by the policy version it pinned.",
    ),
    (
        "变更备案 Change filing",
        "innovoucher.registry.states",
        "CHANGE_TRANSITIONS",
        "ChangeStatus",
        "A registered party's filing of a change to its registered data.",
    ),
    (
        "资金兑付 Ledger claim",
        "innovoucher.ledger.states",
        "CLAIM_TRANSITIONS",
        "ClaimStatus",
        "The ledger's view of an approved redemption: registered `queued`, then reserved at once "
        "or left waiting (兑完为止 queue, or carried to next year) or rejected, "
        "as the policy says.",
    ),
    (
        "支付批次 Payment batch",
        "innovoucher.ledger.states",
        "BATCH_TRANSITIONS",
        "BatchStatus",
        "One paying office's bank file for one period; reconciled when every line has a result.",
    ),
    (
        "支付明细 Payment line",
        "innovoucher.ledger.states",
        "LINE_TRANSITIONS",
        "LineStatus",
        "One payee's payment in a batch; a failed line frees its claim for the next batch.",
    ),
    (
        "评价批次 Evaluation round",
        "innovoucher.evaluation.states",
        "ROUND_TRANSITIONS",
        "RoundStatus",
        "A provider, county or scheme evaluation for a year and region: indicators computed from "
        "the platform's data, scored, decided, published.",
    ),
    (
        "服务机构奖补 Provider award",
        "innovoucher.evaluation.states",
        "AWARD_TRANSITIONS",
        "AwardStatus",
        "The award a published provider grade earns (award quote); approval registers the ledger "
        "claim on the 服务机构补助 budgets, paid in a batch like any claim.",
    ),
]


def _node(value: str) -> str:
    return value.replace("-", "_")


def _section(
    title: str, module_name: str, table_name: str, enum_name: str, about: str
) -> list[str]:
    module = importlib.import_module(module_name)
    table = getattr(module, table_name, None)
    enum = getattr(module, enum_name, None)
    if table is None or enum is None:
        return []
    lines = [f"## {title}", "", about, "", "```mermaid", "stateDiagram-v2"]
    for status in enum:
        lines.append(f"    {_node(status.value)}: {status.value} {status.label}")
    for t in table.values():
        for source in sorted(t.sources):
            lines.append(f"    {_node(source)} --> {_node(t.target)}: {t.label}")
    lines += ["```", "", "| action | 操作 | from | to | by |", "|---|---|---|---|---|"]
    for t in table.values():
        sources = ", ".join(f"`{s}`" for s in sorted(t.sources))
        reasons = "（须填写理由）" if getattr(t, "needs_reasons", False) else ""
        target = f"`{t.target}`" + (
            " (or as the balances say)" if getattr(t, "derived", False) else ""
        )
        lines.append(f"| `{t.action}` | {t.label}{reasons} | {sources} | {target} | {t.by} |")
    lines.append("")
    return lines


def render() -> str:
    lines = [
        "# Lifecycles 业务状态流转",
        "",
        "Generated from the transition tables in code by `innovoucher lifecycle_docs`; "
        "a test fails when",
        "this file is stale. Each table has one executor that applies a transition "
        "with a compare-and-swap",
        "update (`filter(pk=…, status=source).update(…)`), writes a change row and an audit event.",
        "`by` names who may apply it; `system` transitions are applied by the services "
        "themselves or by",
        "`innovoucher tick`.",
        "",
    ]
    for spec in TABLES:
        lines += _section(*spec)
    return "\n".join(lines).rstrip() + "\n"
