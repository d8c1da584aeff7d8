"""Vouchers (科技创新券) and their uses. Fields and constraints only; every change goes through
`vouchers.services`."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innovoucher.core.models import StatusChange
from innovoucher.vouchers.states import IssuanceMode, UseStatus, VoucherStatus


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": list(choices.values)})


CONTRACT_MODE_LABEL = _("合同审核通过生成")


class Voucher(models.Model):
    """One holder's voucher under one pinned policy version. Real-name and non-transferable:
    the holder never changes (no service updates it)."""

    number = models.CharField("券号", max_length=32, unique=True)
    holder = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="vouchers",
        verbose_name="持券主体",
    )
    family_slug = models.SlugField("政策", max_length=40)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="政策版本",
    )
    region_code = models.CharField("持券主体行政区划", max_length=6, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    mode = models.CharField("发放方式", max_length=16, choices=IssuanceMode.choices)
    status = models.CharField(
        "状态", max_length=12, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED
    )
    # NULL: a right to use vouchers whose amount is fixed at redemption (Liaocheng membership).
    face_fen = models.BigIntegerField("面额（分）", null=True, blank=True)
    reserved_fen = models.BigIntegerField("占用（分）", default=0)
    used_fen = models.BigIntegerField("已使用（分）", default=0)
    contract = models.OneToOneField(
        "orders.ServiceContract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher",
        verbose_name="对应合同",
    )
    issued_on = models.DateField("发放日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    article = models.CharField("政策依据", max_length=300, blank=True)
    trace = models.JSONField("面额计算过程", default=list, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["-id"]
        verbose_name = "创新券"
        verbose_name_plural = "创新券"
        indexes = [models.Index(fields=["holder", "family_slug", "fiscal_year"])]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", VoucherStatus), name="voucher_status_valid"
            ),
            models.CheckConstraint(condition=_in("mode", IssuanceMode), name="voucher_mode_valid"),
            models.CheckConstraint(
                condition=Q(reserved_fen__gte=0) & Q(used_fen__gte=0),
                name="voucher_amounts_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(face_fen__isnull=True)
                | Q(face_fen__gte=F("reserved_fen") + F("used_fen")),
                name="voucher_never_overdrawn",
            ),
            # A yearly quota (免申即享 / 会员资格) is issued once per holder, policy and year.
            models.UniqueConstraint(
                fields=["holder", "family_slug", "fiscal_year"],
                condition=Q(mode__in=[IssuanceMode.AUTOMATIC, IssuanceMode.MEMBERSHIP]),
                name="voucher_one_quota_per_year",
            ),
            # A claimed yearly voucher (在线申领) once per holder, policy and year; a returned one
            # may be claimed again.
            models.UniqueConstraint(
                fields=["holder", "family_slug", "fiscal_year"],
                condition=Q(mode=IssuanceMode.APPLICATION, contract__isnull=True)
                & ~Q(status=VoucherStatus.RETURNED),
                name="voucher_one_claim_per_year",
            ),
            models.CheckConstraint(
                condition=Q(face_fen__isnull=True) | Q(face_fen__gt=0), name="voucher_face_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def mode_label(self) -> str:
        """How the voucher came to be, as a person reads it: a voucher generated for a reviewed
        technology contract (Ningxia 「创新券使用流程」第3步 审核并生成创新券) is not a claimed one.
        """
        return CONTRACT_MODE_LABEL if self.contract_id else self.get_mode_display()

    @property
    def is_membership(self) -> bool:
        return self.mode == IssuanceMode.MEMBERSHIP

    @property
    def remaining_fen(self) -> int | None:
        return None if self.face_fen is None else self.face_fen - self.reserved_fen - self.used_fen


class VoucherUse(models.Model):
    """Money of a voucher committed to one order or redemption."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="uses")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="voucher_uses"
    )
    redemption = models.ForeignKey(
        "redemptions.Redemption",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_uses",
    )
    amount_fen = models.BigIntegerField("金额（分）")
    status = models.CharField(
        "状态", max_length=10, choices=UseStatus.choices, default=UseStatus.RESERVED
    )
    created_at = models.DateTimeField("时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", UseStatus), name="voucheruse_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0), name="voucheruse_amount_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(order__isnull=False) | Q(redemption__isnull=False),
                name="voucheruse_has_purpose",
            ),
            # An order draws on a voucher once (a second click returns the first use).
            models.UniqueConstraint(
                fields=["voucher", "order"],
                condition=~Q(status=UseStatus.RELEASED),
                name="voucheruse_one_per_order",
            ),
        ]


class VoucherChange(StatusChange):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="changes")
