"""Redemption applications with their documents, review steps, calls, publicity, objections and
approval documents. Fields and constraints only; every change goes through `redemptions.services`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, gettext_noop

from innovoucher.core import clock
from innovoucher.core.models import StatusChange, StatusFlags
from innovoucher.policies.engine.vocabulary import FUNDING_LEVELS, SERVICE_CATEGORIES
from innovoucher.redemptions.states import (
    ACTIVE,
    CheckVerdict,
    ClaimantKind,
    DocumentKind,
    ItemStatus,
    ObjectionStatus,
    PublicityStatus,
    RedemptionStatus,
    StepLevel,
    StepStatus,
)


def _in(field: str, choices) -> Q:
    return Q(
        **{
            f"{field}__in": [
                getattr(c, "value", c)
                for c in (choices.values if hasattr(choices, "values") else choices)
            ]
        }
    )


def upload_path(instance, filename: str) -> str:
    return f"redemptions/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Call(models.Model):
    """A redemption notice (兑付通知 / 兑现申请工作通知) opening a window for applications."""

    number = models.CharField("通知编号", max_length=40, unique=True)
    family_slug = models.SlugField("政策", max_length=40)
    region_code = models.CharField("发布机关行政区划", max_length=6, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("通知内容", blank=True)
    opens_on = models.DateField("受理开始")
    closes_on = models.DateField("受理截止")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = "兑付通知"
        verbose_name_plural = "兑付通知"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="call_window_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Redemption(StatusFlags, models.Model):
    """One application to redeem one order under the policy version it was judged by (pinned)."""

    number = models.CharField("申请编号", max_length=32, unique=True)
    family_slug = models.SlugField("政策", max_length=40)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="适用政策版本",
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name="服务订单",
    )
    voucher = models.ForeignKey(
        "vouchers.Voucher",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name="创新券",
    )
    applicant = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name="服务使用方",
    )
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="provider_redemptions",
        verbose_name="服务机构",
    )
    claimant_kind = models.CharField("申请方", max_length=10, choices=ClaimantKind.choices)
    submitted_via = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="代为提交的孵化载体",
    )
    call = models.ForeignKey(
        Call,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name="兑付通知",
    )
    region_code = models.CharField("服务使用方行政区划", max_length=6, db_index=True)
    # The applicant's actual-controller group when it applied (caps per group follow it).
    group_key = models.CharField("实际控制人分组", max_length=80, blank=True, db_index=True)
    provider_region_code = models.CharField("服务机构行政区划", max_length=6)
    fiscal_year = models.PositiveSmallIntegerField("兑付年度")
    status = models.CharField("状态", max_length=24, choices=RedemptionStatus.choices)
    round = models.PositiveSmallIntegerField("提交轮次", default=1)
    category = models.CharField("服务类别", max_length=32, choices=list(SERVICE_CATEGORIES.items()))
    contract_amount_fen = models.BigIntegerField("合同金额（分）")
    paid_amount_fen = models.BigIntegerField("实际支付（分）")
    completed_on = models.DateField("服务完成日期")
    other_public_funding = models.BooleanField("已获其他财政资金支持（申请方声明）", default=False)
    # Which level's money funded it (`service.public_funding_level`; Urumqi art. 12 (1) excludes
    # only city money): "" = not funded, or funded and the level not stated.
    public_funding_level = models.CharField(
        "已获财政资金支持的层级（申请方声明）",
        max_length=10,
        blank=True,
        default="",
        choices=list(FUNDING_LEVELS.items()),
    )
    subsidy_fen = models.BigIntegerField("核定补助（分）", default=0)
    shares = models.JSONField("出资份额（分）", default=dict, blank=True)
    payee_kind = models.CharField("收款方", max_length=10, choices=ClaimantKind.choices)
    check_verdict = models.CharField("自动初审结论", max_length=8, choices=CheckVerdict.choices)
    check_results = models.JSONField("自动初审明细", default=list, blank=True)
    trace = models.JSONField("计算过程", default=list, blank=True)
    provider_confirmed_at = models.DateTimeField("服务机构确认时间", null=True, blank=True)
    provider_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)
    approval = models.ForeignKey(
        "redemptions.Approval",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name="批复",
    )
    claim_reference = models.CharField("资金申请编号", max_length=120, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "兑付申请"
        verbose_name_plural = "兑付申请"
        indexes = [
            models.Index(fields=["family_slug", "status"]),
            models.Index(fields=["applicant", "fiscal_year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", RedemptionStatus), name="redemption_status_valid"
            ),
            models.CheckConstraint(
                condition=_in("claimant_kind", ClaimantKind), name="redemption_claimant_valid"
            ),
            models.CheckConstraint(
                condition=_in("payee_kind", ClaimantKind), name="redemption_payee_valid"
            ),
            models.CheckConstraint(
                condition=_in("check_verdict", CheckVerdict), name="redemption_verdict_valid"
            ),
            models.CheckConstraint(
                condition=Q(subsidy_fen__gte=0) & Q(subsidy_fen__lte=F("contract_amount_fen")),
                name="redemption_subsidy_within_contract",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount_fen__gte=0) & Q(contract_amount_fen__gt=0),
                name="redemption_amounts_valid",
            ),
            # Only one party, one live application per service (Urumqi art. 15, and everywhere).
            models.UniqueConstraint(
                fields=["order"], condition=_in("status", ACTIVE), name="redemption_one_per_order"
            ),
            models.UniqueConstraint(
                fields=["claim_reference"],
                condition=~Q(claim_reference=""),
                name="redemption_claim_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def publicity_ends_on(self):
        """The last day of the list this application is publicised on (its listed item), or None.
        Read from `with_publicity_end`'s annotation where a list page made one."""
        if self.status != RedemptionStatus.PUBLICITY:
            return None
        if not hasattr(self, "listed_publicity_ends_on"):
            self.listed_publicity_ends_on = (
                PublicityItem.objects.filter(redemption_id=self.pk, status=ItemStatus.LISTED)
                .order_by("-publicity__ends_on")
                .values_list("publicity__ends_on", flat=True)
                .first()
            )
        return self.listed_publicity_ends_on

    @property
    def publicity_over(self) -> bool:
        """In `publicity` on a day after its list's period (届满 counts the last day): time has
        ended the publicity even if the tick has not yet closed the list."""
        ends_on = self.publicity_ends_on
        return ends_on is not None and ends_on < clock.today()

    def get_status_display(self) -> str:
        """Never 公示中 once the period is over: 公示期满，待处理 until the tick closes the list."""
        if self.publicity_over:
            return gettext(REDEMPTION_PERIOD_OVER)
        return str(RedemptionStatus(self.status).label)


REDEMPTION_PERIOD_OVER = gettext_noop("公示期满，待处理")


def with_publicity_end(queryset):
    """Annotate each redemption of a list page with its listed item's last publicity day (one
    subquery, no N+1 when the page shows `get_status_display`)."""
    last_day = (
        PublicityItem.objects.filter(redemption_id=models.OuterRef("pk"), status=ItemStatus.LISTED)
        .order_by("-publicity__ends_on")
        .values("publicity__ends_on")[:1]
    )
    return queryset.annotate(listed_publicity_ends_on=models.Subquery(last_day))


class RedemptionChange(StatusChange):
    """One applied transition of a redemption (written by `core.lifecycle`)."""

    redemption = models.ForeignKey(Redemption, on_delete=models.CASCADE, related_name="changes")

    class Meta(StatusChange.Meta):
        pass


class RedemptionDocument(models.Model):
    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("材料类型", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("文件", upload_to=upload_path)
    name = models.CharField("文件名", max_length=200)
    round = models.PositiveSmallIntegerField("提交轮次", default=1)
    superseded = models.BooleanField("已被替换", default=False)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("kind", DocumentKind), name="redemptiondocument_kind_valid"
            )
        ]


class Invoice(models.Model):
    """An invoice number registered by a redemption. Unique across the platform while held: a
    reused invoice is refused, naming the application that holds it."""

    number = models.CharField("发票号码", max_length=40)
    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, related_name="invoices")
    issuer = models.CharField("开票单位", max_length=200, blank=True)
    amount_fen = models.BigIntegerField("发票金额（分）")
    issued_on = models.DateField("开票日期")
    registered_at = models.DateTimeField("登记时间")
    released_at = models.DateTimeField("释放时间（撤回）", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(released_at__isnull=True),
                name="invoice_number_unique",
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="invoice_amount_positive"),
        ]


class ReviewStep(models.Model):
    """One level of the pinned policy's review chain for one round of a redemption."""

    redemption = models.ForeignKey(Redemption, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField("轮次")
    position = models.PositiveSmallIntegerField("顺序")
    level = models.CharField("审核层级", max_length=10, choices=StepLevel.choices)
    action_label = models.CharField("审核事项", max_length=60)
    article = models.CharField("政策依据", max_length=200, blank=True)
    region_code = models.CharField("审核机关行政区划", max_length=6, db_index=True)
    status = models.CharField(
        "状态", max_length=10, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    started_on = models.DateField("开始日期", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField("审核意见", blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    amount_fen = models.BigIntegerField("建议金额（分）", null=True, blank=True)
    overdue_flagged = models.BooleanField("已提示逾期", default=False)

    class Meta:
        ordering = ["redemption", "round", "position"]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", StepStatus), name="reviewstep_status_valid"
            ),
            models.CheckConstraint(
                condition=_in("level", StepLevel), name="reviewstep_level_valid"
            ),
            models.UniqueConstraint(
                fields=["redemption"],
                condition=Q(status=StepStatus.PENDING),
                name="reviewstep_one_pending",
            ),
            models.UniqueConstraint(
                fields=["redemption", "round", "position"], name="reviewstep_unique_position"
            ),
        ]


PERIOD_OVER = gettext_noop("公示期满")
ITEM_PERIOD_OVER = gettext_noop("公示期满无异议")


class Publicity(StatusFlags, models.Model):
    """A public list (公示) of approved applications for the policy's period."""

    number = models.CharField("公示编号", max_length=40, unique=True)
    family_slug = models.SlugField("政策", max_length=40)
    region_code = models.CharField("发布机关行政区划", max_length=6, db_index=True)
    title = models.CharField("标题", max_length=200)
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示截止")
    status = models.CharField(
        "状态", max_length=8, choices=PublicityStatus.choices, default=PublicityStatus.OPEN
    )
    article = models.CharField("政策依据", max_length=200, blank=True)
    created_at = models.DateTimeField("发布时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "公示"
        verbose_name_plural = "公示"
        constraints = [
            models.CheckConstraint(
                condition=_in("status", PublicityStatus), name="publicity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="publicity_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_over(self) -> bool:
        """The period has ended (its last day included, 届满) even if the tick has not closed it."""
        return self.ends_on < clock.today()

    def get_status_display(self) -> str:
        """Never 公示中 on a day after the period: time has ended it, whatever the tick did."""
        if self.status == PublicityStatus.OPEN and self.period_over:
            return gettext(PERIOD_OVER)
        return str(PublicityStatus(self.status).label)


class PublicityItem(StatusFlags, models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="items")
    redemption = models.ForeignKey(
        Redemption, on_delete=models.PROTECT, related_name="publicity_items"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.LISTED
    )
    amount_fen = models.BigIntegerField("公示金额（分）")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", ItemStatus), name="publicityitem_status_valid"
            ),
            models.UniqueConstraint(
                fields=["publicity", "redemption"], name="publicityitem_unique"
            ),
        ]

    def get_status_display(self) -> str:
        """A listed item whose period is over has passed without objection (the tick clears it)."""
        if self.status == ItemStatus.LISTED and self.publicity.period_over:
            return gettext(ITEM_PERIOD_OVER)
        return str(ItemStatus(self.status).label)


class Objection(models.Model):
    """An identified person's objection to one publicised item, with grounds."""

    item = models.ForeignKey(PublicityItem, on_delete=models.PROTECT, related_name="objections")
    objector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    objector_name = models.CharField("异议人", max_length=60)
    contact = models.CharField("联系方式", max_length=60)
    grounds = models.TextField("异议理由")
    status = models.CharField(
        "状态", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField("处理意见", blank=True)
    submitted_at = models.DateTimeField("提出时间")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", ObjectionStatus), name="objection_status_valid"
            ),
            models.UniqueConstraint(
                fields=["item", "objector"],
                condition=Q(status=ObjectionStatus.OPEN),
                name="objection_one_open_per_person",
            ),
        ]


class Approval(models.Model):
    """An approval document (批复) with a number, issued when publicity closes (or on approval
    where the policy has no publicity); its PDF is generated from these rows."""

    number = models.CharField("批复文号", max_length=60, unique=True)
    family_slug = models.SlugField("政策", max_length=40)
    region_code = models.CharField("发文机关行政区划", max_length=6, db_index=True)
    title = models.CharField("标题", max_length=200)
    publicity = models.OneToOneField(
        Publicity, null=True, blank=True, on_delete=models.PROTECT, related_name="approval"
    )
    issued_on = models.DateField("发文日期")
    total_fen = models.BigIntegerField("补助总额（分）")
    issued_at = models.DateTimeField("签发时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "批复"
        verbose_name_plural = "批复"
        constraints = [
            models.CheckConstraint(condition=Q(total_fen__gte=0), name="approval_total_nonnegative")
        ]

    def __str__(self) -> str:
        return self.number
