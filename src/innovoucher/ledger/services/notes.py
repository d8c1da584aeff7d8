"""Budget notes (预算备注): the recorded effect of an evaluation on next year's money.

    budget_note_record(actor=official, reference="evaluation:7", funder_region="140000",
                       fiscal_year=2027, adjustment_fen=-5_000_000, text="…", article="第二十三条")

Shanxi art. 23: 省科技厅和省财政厅根据绩效考评情况对下年度省级创新券资金进行调整 — the note records
that adjustment against the funder's budget year; the finance department then appropriates or
corrects through the usual services. Append-only and idempotent by `reference`. Like the claim
services it trusts its caller (the evaluation service has checked who decides).
"""

from __future__ import annotations

from innovoucher.core import audit, clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import BudgetLine, BudgetNote
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.regions.domain import is_region_code


def _label(actor) -> str:
    return getattr(actor, "username", "") or (str(actor) if actor else "system")


def _validate(reference, funder_region, fiscal_year, line, adjustment_fen, text) -> None:
    if not (reference or "").strip():
        raise ValidationFailed("预算备注须有业务编号", code=Code.REFERENCE_REQUIRED)
    if not is_region_code(funder_region):
        raise ValidationFailed("出资方行政区划代码应为6位数字", code=Code.REGION_INVALID)
    if not isinstance(fiscal_year, int) or not 2000 <= fiscal_year <= 2100:
        raise ValidationFailed("预算年度不正确", code=Code.YEAR_INVALID)
    if line not in BudgetLine.values:
        raise ValidationFailed("预算科目不正确", code=Code.LINE_INVALID)
    if not isinstance(adjustment_fen, int) or isinstance(adjustment_fen, bool):
        raise ValidationFailed("调整金额须为整数（分）", code=Code.CLAIM_INVALID)
    if not (text or "").strip():
        raise ValidationFailed("请填写预算备注的说明", code=Code.MEMO_REQUIRED)


@atomic_service
def budget_note_record(
    *,
    actor,
    reference: str,
    funder_region: str,
    fiscal_year: int,
    text: str,
    adjustment_fen: int = 0,
    article: str = "",
    line: str = BudgetLine.VOUCHERS,
) -> BudgetNote:
    """Record a note (and a suggested adjustment) on a funder's budget year; once per reference."""
    _validate(reference, funder_region, fiscal_year, line, adjustment_fen, text)
    existing = BudgetNote.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    note = BudgetNote.objects.create(
        reference=reference,
        funder_region=funder_region,
        fiscal_year=fiscal_year,
        line=line,
        adjustment_fen=adjustment_fen,
        text=text.strip(),
        article=article[:200],
        actor_label=_label(actor),
        created_at=clock.now(),
    )
    audit.record(
        actor=actor,
        action="ledger.budget_note.record",
        obj=note,
        region_code=funder_region,
        data={
            "reference": reference,
            "fiscal_year": fiscal_year,
            "line": line,
            "adjustment_fen": adjustment_fen,
            "article": article,
        },
    )
    return note
