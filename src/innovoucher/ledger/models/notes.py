"""Budget notes: a recorded note or adjustment on a budget year (evaluation results, Shanxi art.
23).

A note names the funder, the fiscal year and the purpose line it is about rather than a budget row,
so next year's note can be recorded before next year's budget is opened. It never moves money: the
finance department acts on it with `budget_appropriate` / `budget_correct`. Append-only.
"""

from django.db import models
from django.db.models import Q

from innovoucher.ledger.models.accounts import BudgetLine


class BudgetNote(models.Model):
    reference = models.CharField("业务编号", max_length=120, unique=True)
    funder_region = models.CharField("出资方区划", max_length=6, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField("预算年度")
    line = models.CharField(
        "预算科目", max_length=24, choices=BudgetLine.choices, default=BudgetLine.VOUCHERS
    )
    adjustment_fen = models.BigIntegerField("建议调整（分，负数为调减）", default=0)
    text = models.TextField("说明")
    article = models.CharField("依据", max_length=200, blank=True)
    actor_label = models.CharField("记录人", max_length=150, blank=True)
    created_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["-fiscal_year", "-id"]
        verbose_name = "预算备注"
        verbose_name_plural = "预算备注"
        constraints = [
            models.CheckConstraint(
                condition=Q(line__in=BudgetLine.values), name="ledger_budgetnote_line_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年 {self.funder_region} {self.text[:30]}"

    @property
    def adjustment_abs_fen(self) -> int:
        return abs(self.adjustment_fen)
