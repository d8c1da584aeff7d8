"""Claims on the budget (the ledger's view of an approved redemption) and annual caps."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_noop

from innovoucher.ledger.models.accounts import Budget, BudgetLine, FunderLevel, Transfer
from innovoucher.ledger.states import ClaimStatus


class PayeeKind(models.TextChoices):
    APPLICANT = "applicant", gettext_noop("申请主体")
    PROVIDER = "provider", gettext_noop("服务机构")


class Excess(models.TextChoices):
    """What the policy does with an approval the budget cannot cover (兑完为止)."""

    WAIT = "wait", gettext_noop("排队等待新资金")
    REJECT = "reject", gettext_noop("不予兑付并说明理由")
    CARRY_OVER = "carry_over", gettext_noop("结转下一年度兑付")


class Claim(models.Model):
    """Money asked for by a business reference, split into funder shares.

    The voucher lifecycle creates one when an application is approved for payment. It waits
    in a queue ordered by `completed_at` (when the application was complete, given by the
    caller) when the budget cannot cover it.
    """

    Status = ClaimStatus

    reference = models.CharField("业务编号", max_length=120, unique=True)
    family = models.CharField("政策", max_length=40, blank=True)
    region_code = models.CharField("申请主体区划", max_length=6, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField("兑付年度")
    line = models.CharField(
        "预算科目", max_length=24, choices=BudgetLine.choices, default=BudgetLine.VOUCHERS
    )
    amount_fen = models.BigIntegerField("金额（分）")
    payee_kind = models.CharField("收款方类型", max_length=12, choices=PayeeKind.choices)
    payee_name = models.CharField("收款方", max_length=120)
    payee_account_masked = models.CharField("收款账号（脱敏）", max_length=40)
    # Who is paid, as the payee's own app names it (`ledger.payees`): the account is looked up
    # at export time, never copied at approval.
    payee_ref = models.CharField("收款主体", max_length=60, blank=True, default="")
    completed_at = models.DateTimeField("材料齐全时间")
    excess = models.CharField(
        "资金不足时", max_length=12, choices=Excess.choices, default=Excess.WAIT
    )
    caps = models.JSONField("年度上限", default=list, blank=True)
    status = models.CharField("状态", max_length=12, choices=ClaimStatus.choices)
    reason_code = models.CharField("原因代码", max_length=40, blank=True)
    reason = models.CharField("原因", max_length=300, blank=True)
    waiting_budget = models.ForeignKey(
        Budget,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="等待的预算",
    )
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["completed_at", "id"]
        verbose_name = "兑付申请"
        verbose_name_plural = "兑付申请"
        indexes = [
            models.Index(
                fields=["status", "fiscal_year", "line", "completed_at"], name="ledger_claim_queue"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="ledger_claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(excess__in=Excess.values), name="ledger_claim_excess_valid"
            ),
            models.CheckConstraint(
                condition=Q(payee_kind__in=PayeeKind.values), name="ledger_claim_payee_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="ledger_claim_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.payee_name}"


class ShareStatus(models.TextChoices):
    WAITING = "waiting", gettext_noop("待预留")
    RESERVED = "reserved", gettext_noop("已预留")
    PAYABLE = "payable", gettext_noop("已下达支付")
    PAID = "paid", gettext_noop("已支付")
    RELEASED = "released", gettext_noop("已释放")


class ClaimShare(models.Model):
    """One funder's part of a claim, reserved from (and paid out of) one budget."""

    Status = ShareStatus

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="shares")
    funder_level = models.CharField("出资层级", max_length=8, choices=FunderLevel.choices)
    amount_fen = models.BigIntegerField("金额（分）")
    budget = models.ForeignKey(
        Budget, null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ShareStatus.choices, default=ShareStatus.WAITING
    )
    pending_transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recovered_fen = models.BigIntegerField("已追回（分）", default=0)

    class Meta:
        ordering = ["claim_id", "funder_level"]
        verbose_name = "出资份额"
        verbose_name_plural = "出资份额"
        constraints = [
            models.UniqueConstraint(fields=["claim", "funder_level"], name="ledger_share_unique"),
            models.CheckConstraint(
                condition=Q(status__in=ShareStatus.values), name="ledger_share_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(funder_level__in=FunderLevel.values), name="ledger_share_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="ledger_share_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(recovered_fen__gte=0) & Q(recovered_fen__lte=F("amount_fen")),
                name="ledger_share_recovered_bounded",
            ),
            models.CheckConstraint(
                condition=Q(recovered_fen=0) | Q(status="paid"),
                name="ledger_share_recover_only_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim.reference} · {self.get_funder_level_display()} {self.amount_fen}分"


class CapCounter(models.Model):
    """How much of an annual cap a subject has used (per policy family, year, subject key).

    `used_fen` grows only through `UPDATE … WHERE used_fen <= limit_fen - amount`, and the
    database refuses used > limit, so two approvals at once cannot pass a cap together.
    """

    family = models.CharField("政策", max_length=40)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    subject_key = models.CharField("对象", max_length=120)
    limit_fen = models.BigIntegerField("上限（分）")
    used_fen = models.BigIntegerField("已用（分）", default=0)

    class Meta:
        ordering = ["family", "fiscal_year", "subject_key"]
        verbose_name = "年度上限计数"
        verbose_name_plural = "年度上限计数"
        constraints = [
            models.UniqueConstraint(
                fields=["family", "fiscal_year", "subject_key"], name="ledger_cap_unique"
            ),
            models.CheckConstraint(
                condition=Q(used_fen__gte=0) & Q(limit_fen__gte=0), name="ledger_cap_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(used_fen__lte=F("limit_fen")), name="ledger_cap_not_exceeded"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.family} {self.fiscal_year} {self.subject_key}: {self.used_fen}/{self.limit_fen}"
        )
