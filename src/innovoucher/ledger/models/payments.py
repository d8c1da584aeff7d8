"""Payment batches (one per paying office, cadence and period) and their lines."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from innovoucher.ledger.models.claims import Claim, PayeeKind
from innovoucher.ledger.states import BatchStatus, LineStatus


class Cadence(models.TextChoices):
    MONTHLY = "monthly", gettext_noop("按月")
    QUARTERLY = "quarterly", gettext_noop("按季")
    PER_NOTICE = "per_notice", gettext_noop("按批次通知")


class PaymentBatch(models.Model):
    """The claims one paying office pays in one period, exported to the bank as one file.

    `payer_region` is where the money is held (a budget's `region_code`): a Shanxi city pays
    the province share allocated to it and its own share in one line (art. 20).
    """

    Status = BatchStatus

    payer_region = models.CharField("付款单位区划", max_length=6, db_index=True)
    cadence = models.CharField("支付周期", max_length=12, choices=Cadence.choices)
    period = models.CharField("期间", max_length=40)
    status = models.CharField(
        "状态", max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    created_at = models.DateTimeField("创建时间")
    exported_at = models.DateTimeField("导出时间", null=True, blank=True)
    reconciled_at = models.DateTimeField("对账完成时间", null=True, blank=True)
    created_by = models.CharField("经办", max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "支付批次"
        verbose_name_plural = "支付批次"
        constraints = [
            models.UniqueConstraint(
                fields=["payer_region", "cadence", "period"], name="ledger_batch_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="ledger_batch_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values), name="ledger_batch_cadence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer_region} {self.get_cadence_display()} {self.period}"


class PaymentLine(models.Model):
    """One payee's payment for one claim in a batch; `shares` = {funder level: fen}.

    A claim has at most one live line per paying office (partial unique constraint), so a
    claim can never sit in two batches at once; a failed line frees it for the next batch.
    """

    Status = LineStatus

    LIVE = ("pending", "exported", "paid")  # a held line frees its claim for the next batch

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="lines")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payment_lines")
    payer_region = models.CharField("付款单位区划", max_length=6)
    position = models.PositiveIntegerField("序号")
    payee_kind = models.CharField("收款方类型", max_length=12, choices=PayeeKind.choices)
    payee_name = models.CharField("收款方", max_length=120)
    payee_account_masked = models.CharField("收款账号（脱敏）", max_length=40)
    # The account the payment order went to, fixed at export (the file is the same on every
    # later download, whatever changes in the registry afterwards); the number is SM4-sealed.
    payee_holder = models.CharField("户名", max_length=200, blank=True)
    payee_bank = models.CharField("开户银行", max_length=100, blank=True)
    payee_account_cipher = models.TextField(blank=True, editable=False)
    hold_reason = models.CharField("暂缓原因", max_length=300, blank=True)
    amount_fen = models.BigIntegerField("金额（分）")
    shares = models.JSONField("资金构成（分）", default=dict)
    status = models.CharField(
        "状态", max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    bank_reference = models.CharField("银行流水号", max_length=80, blank=True)
    failure_reason = models.CharField("失败原因", max_length=200, blank=True)
    settled_at = models.DateTimeField("回执时间", null=True, blank=True)

    class Meta:
        ordering = ["batch_id", "position"]
        verbose_name = "支付明细"
        verbose_name_plural = "支付明细"
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], name="ledger_line_position_unique"
            ),
            models.UniqueConstraint(
                fields=["claim", "payer_region"],
                condition=Q(status__in=["pending", "exported", "paid"]),
                name="ledger_line_one_live",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LineStatus.values), name="ledger_line_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="ledger_line_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.payee_name}"

    @property
    def is_held(self) -> bool:
        return self.status == LineStatus.HELD

    @property
    def code(self) -> str:
        return f"PL{self.pk:08d}"
