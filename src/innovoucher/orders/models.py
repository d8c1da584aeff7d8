"""Orders for services, the standard 「科技创新券服务合同」 form, attachments and ratings.
Fields and constraints only; every change goes through `orders.services`."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from innovoucher.core.models import StatusChange
from innovoucher.orders.states import AttachmentKind, ContractStatus, ContractType, OrderStatus
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": list(choices.values)})


def upload_path(instance, filename: str) -> str:
    # Random names: an upload's original name may contain personal data.
    return f"orders/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Order(models.Model):
    """A firm's purchase of one service (or one completed instrument booking) from a provider."""

    number = models.CharField("订单号", max_length=32, unique=True)
    client = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name="委托方",
    )
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="provider_orders",
        verbose_name="服务机构",
    )
    service = models.ForeignKey(
        "providers.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name="服务项目",
    )
    booking = models.OneToOneField(
        "providers.Booking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
        verbose_name="仪器预约",
    )
    family_slug = models.SlugField("适用政策", max_length=40, blank=True)
    category = models.CharField("服务类别", max_length=32, choices=list(SERVICE_CATEGORIES.items()))
    subject = models.CharField("服务内容（标的）", max_length=300)
    region_code = models.CharField("委托方行政区划", max_length=6, db_index=True)
    contract_amount_fen = models.BigIntegerField("合同金额（分）")
    deduction_fen = models.BigIntegerField("创新券抵扣（分）", default=0)
    paid_fen = models.BigIntegerField("委托方实付（分）", default=0)
    status = models.CharField(
        "状态", max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    via_platform = models.BooleanField("通过平台下单", default=True)
    placed_at = models.DateTimeField("下单时间")
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    delivered_on = models.DateField("服务完成日期", null=True, blank=True)
    settled_at = models.DateTimeField("结算时间", null=True, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    trace = models.JSONField("抵扣计算过程", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The client's one-time key of the request that placed the order (API header
    # `Idempotency-Key`, the form's hidden token): a retried request returns this order.
    idempotency_key = models.CharField("幂等键", max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务订单"
        verbose_name_plural = "服务订单"
        indexes = [models.Index(fields=["client", "provider", "category", "placed_at"])]
        constraints = [
            models.CheckConstraint(condition=_in("status", OrderStatus), name="order_status_valid"),
            models.CheckConstraint(
                condition=Q(category__in=list(SERVICE_CATEGORIES)), name="order_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(contract_amount_fen__gt=0), name="order_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(deduction_fen__gte=0) & Q(deduction_fen__lte=F("contract_amount_fen")),
                name="order_deduction_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(paid_fen__gte=0) & Q(paid_fen__lte=F("contract_amount_fen")),
                name="order_paid_within_amount",
            ),
            models.CheckConstraint(condition=~Q(client=F("provider")), name="order_parties_differ"),
            models.UniqueConstraint(
                fields=["client", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="order_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.SETTLED) | Q(delivered_on__isnull=False),
                name="order_settled_was_delivered",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_settled(self) -> bool:
        return self.status == OrderStatus.SETTLED


class OrderChange(StatusChange):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="changes")


class ServiceContract(models.Model):
    """The standard 「科技创新券服务合同」 (Ningxia 范式填写): structured fields that the automatic
    first check reads, a generated PDF for signature and seal, and the signed copy uploaded back."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="contract")
    number = models.CharField("合同编号", max_length=32, unique=True)
    family_slug = models.SlugField("政策", max_length=40)
    contract_type = models.CharField("合同类型", max_length=16, choices=ContractType.choices)
    project_name = models.CharField("项目名称", max_length=200)
    content = models.TextField("服务内容与技术要求")
    deliverables = models.TextField("交付成果及验收标准")
    start_on = models.DateField("履行期限自")
    end_on = models.DateField("履行期限至")
    amount_fen = models.BigIntegerField("合同金额（分）")
    payment_terms = models.CharField("付款方式", max_length=300)
    client_signatory = models.CharField("委托方代表", max_length=60)
    provider_signatory = models.CharField("服务方代表", max_length=60)
    registration_no = models.CharField("技术合同登记号", max_length=40, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    check_results = models.JSONField("自动初审结果", default=list, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    region_code = models.CharField("委托方行政区划", max_length=6, db_index=True)
    signed_copy = models.FileField("签章合同", upload_to=upload_path, blank=True)
    submission_count = models.PositiveSmallIntegerField("提交次数", default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("填写时间")

    class Meta:
        ordering = ["-id"]
        verbose_name = "科技创新券服务合同"
        verbose_name_plural = "科技创新券服务合同"
        constraints = [
            models.CheckConstraint(
                condition=_in("status", ContractStatus), name="contract_status_valid"
            ),
            models.CheckConstraint(
                condition=_in("contract_type", ContractType), name="contract_type_valid"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")), name="contract_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_submitted(self) -> bool:
        return self.status == ContractStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == ContractStatus.RETURNED


class ContractChange(StatusChange):
    contract = models.ForeignKey(ServiceContract, on_delete=models.CASCADE, related_name="changes")
    data = models.JSONField("当时的合同要素与初审结果", default=dict, blank=True)


class OrderAttachment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("附件类型", max_length=20, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=upload_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("kind", AttachmentKind), name="orderattachment_kind_valid"
            )
        ]


class Rating(models.Model):
    """The firm's rating of the provider for one order (Ningxia: within 10 working days of
    delivery)."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="rating")
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField("总体评价（1—5）")
    quality = models.PositiveSmallIntegerField("服务质量（1—5）")
    timeliness = models.PositiveSmallIntegerField("服务时效（1—5）")
    comment = models.TextField("评价意见", blank=True)
    due_on = models.DateField("评价期限", null=True, blank=True)
    late = models.BooleanField("逾期评价", default=False)
    rated_at = models.DateTimeField("评价时间")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5)
                & Q(quality__gte=1, quality__lte=5)
                & Q(timeliness__gte=1, timeliness__lte=5),
                name="rating_scores_range",
            ),
        ]
