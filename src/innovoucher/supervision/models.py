"""Supervision records: sanctions (and the integrity records of the people behind them), spot-check
samples and checks with findings, clawback notices, complaints. Fields and constraints only;
statuses move through `core.lifecycle` (see `states.py`)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from innovoucher.core.models import StatusChange, StatusFlags
from innovoucher.supervision.states import (
    BulletinStatus,
    CheckStatus,
    ClawbackStatus,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStatus,
    ImportStatus,
    ListKind,
    MeasureStatus,
    Outcome,
    SampleMethod,
    SanctionStatus,
    Scope,
)


def _choices_q(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


def evidence_path(instance, filename: str) -> str:
    # Random names: an upload's original name may contain personal data.
    return (
        f"supervision/evidence/{instance.spot_check_id}/{uuid.uuid4().hex}"
        f"{PurePath(filename).suffix.lower()}"
    )


USER = settings.AUTH_USER_MODEL


class Sanction(StatusFlags, models.Model):
    """A ban on one party in one scope, from `starts_on` to `ends_on` inclusive. A sanction derived
    through the controller graph names the sanction it follows and the path as evidence."""

    number = models.CharField("编号", max_length=32, unique=True)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="sanctions"
    )
    region_code = models.CharField("主体所在行政区划", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    policy_version = models.CharField("政策版本", max_length=60)
    scope = models.CharField("惩戒范围", max_length=24, choices=Scope.choices)
    article = models.CharField("依据条款", max_length=120)
    reason = models.TextField("违规事实")
    starts_on = models.DateField("起始日")
    ends_on = models.DateField("截止日（含）")
    status = models.CharField(
        "状态", max_length=12, choices=SanctionStatus.choices, default=SanctionStatus.ACTIVE
    )
    source_check = models.ForeignKey(
        "supervision.SpotCheck",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )
    path = models.JSONField("关联路径（证据）", default=list, blank=True)
    commitment = models.ForeignKey(
        "supervision.CreditCommitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
        verbose_name="违反的信用承诺",
    )
    reasons = models.JSONField("撤销理由", default=list, blank=True)
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("决定时间")

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "惩戒记录"
        indexes = [models.Index(fields=["organisation", "scope", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", SanctionStatus), name="sanction_status_valid"
            ),
            models.CheckConstraint(
                condition=_choices_q("scope", Scope), name="sanction_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sanction_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.organisation}"


class SanctionChange(StatusChange):
    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="changes")


class IntegrityRecord(models.Model):
    """科研诚信记录: a person involved in a sanctioned party's violation (append-only)."""

    sanction = models.ForeignKey(Sanction, on_delete=models.PROTECT, related_name="integrity")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT)
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    person_name = models.CharField("姓名", max_length=60)
    person_id_masked = models.CharField("证件号码", max_length=24, blank=True)
    person_key = models.CharField("身份标识（哈希）", max_length=80, db_index=True)
    role = models.CharField("身份", max_length=40)
    article = models.CharField("依据条款", max_length=120)
    recorded_on = models.DateField("记录日期")

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "科研诚信记录"
        constraints = [
            models.UniqueConstraint(
                fields=["sanction", "person_key"], name="integrity_once_per_sanction"
            )
        ]


class Sample(models.Model):
    """One draw of spot checks from a documented sampling frame (the seed recorded)."""

    number = models.CharField("编号", max_length=32, unique=True)
    region_code = models.CharField("抽查地区", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    period_from = models.DateField("服务完成日期自")
    period_to = models.DateField("服务完成日期至")
    provider = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField("抽取方式", max_length=8, choices=SampleMethod.choices)
    flying = models.BooleanField("飞行抽查", default=False)
    seed = models.BigIntegerField("随机种子")
    confidence = models.DecimalField("置信水平", max_digits=3, decimal_places=2)
    margin = models.DecimalField("允许误差", max_digits=4, decimal_places=3)
    population = models.PositiveIntegerField("抽样框数量")
    size = models.PositiveIntegerField("样本量")
    frame_ids = models.JSONField("抽样框（兑付申请）", default=list)
    article = models.CharField("依据", max_length=120, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("抽取时间")

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "抽查批次"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("method", SampleMethod), name="sample_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(size__lte=models.F("population")), name="sample_size_within_frame"
            ),
        ]


class SpotCheck(StatusFlags, models.Model):
    number = models.CharField("编号", max_length=32, unique=True)
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="checks")
    redemption = models.ForeignKey(
        "redemptions.Redemption", on_delete=models.PROTECT, related_name="spot_checks"
    )
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    risk_score = models.PositiveSmallIntegerField("风险分", default=0)
    risk_factors = models.JSONField("风险因素", default=list, blank=True)
    flying = models.BooleanField("飞行抽查", default=False)
    due_on = models.DateField("办结期限")
    status = models.CharField(
        "状态", max_length=12, choices=CheckStatus.choices, default=CheckStatus.PLANNED
    )
    outcome = models.CharField("处理结论", max_length=12, choices=Outcome.choices, blank=True)
    conclusion = models.TextField("结论说明", blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-risk_score", "id"]
        verbose_name = verbose_name_plural = "抽查"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", CheckStatus), name="spotcheck_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | _choices_q("outcome", Outcome),
                name="spotcheck_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=CheckStatus.CONCLUDED) | ~Q(outcome=""),
                name="spotcheck_concluded_has_outcome",
            ),
            models.UniqueConstraint(
                fields=["sample", "redemption"], name="spotcheck_once_per_sample"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class SpotCheckChange(StatusChange):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="changes")


class Finding(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.PROTECT, related_name="findings")
    text = models.TextField("检查发现")
    amount_fen = models.BigIntegerField("涉及金额（分）", default=0)
    evidence = models.FileField("证据材料", upload_to=evidence_path, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "检查发现"
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="finding_amount_positive")
        ]


class Clawback(StatusFlags, models.Model):
    """追回通知: the amount to return and the deadline; repayment goes through the ledger."""

    number = models.CharField("通知编号", max_length=32, unique=True)
    spot_check = models.OneToOneField(SpotCheck, on_delete=models.PROTECT, related_name="clawback")
    redemption = models.ForeignKey(
        "redemptions.Redemption", on_delete=models.PROTECT, related_name="clawbacks"
    )
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT)
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    amount_fen = models.BigIntegerField("追回金额（分）")
    article = models.CharField("依据条款", max_length=120)
    issued_on = models.DateField("通知日期")
    due_on = models.DateField("缴回期限")
    status = models.CharField(
        "状态", max_length=12, choices=ClawbackStatus.choices, default=ClawbackStatus.ISSUED
    )
    repaid_on = models.DateField("缴回日期", null=True, blank=True)
    recovery_reference = models.CharField("缴款凭证号", max_length=80, blank=True)
    voucher_withdrawn = models.BooleanField("已收回创新券", default=False)
    reasons = models.JSONField("理由", default=list, blank=True)
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "追回通知"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", ClawbackStatus), name="clawback_status_valid"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="clawback_amount_positive"),
        ]


class ClawbackChange(StatusChange):
    clawback = models.ForeignKey(Clawback, on_delete=models.CASCADE, related_name="changes")


class Complaint(StatusFlags, models.Model):
    number = models.CharField("编号", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=8, choices=ComplaintKind.choices)
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="complaints"
    )
    complainant = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_made",
    )
    reporter_name = models.CharField("举报人", max_length=60, blank=True)
    reporter_contact = models.CharField("联系方式", max_length=60, blank=True)
    region_code = models.CharField("办理地区", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    text = models.TextField("内容")
    due_on = models.DateField("答复期限")
    status = models.CharField(
        "状态", max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    outcome = models.CharField(
        "办理结果", max_length=12, choices=ComplaintOutcome.choices, blank=True
    )
    answer = models.TextField("答复", blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    received_at = models.DateTimeField("登记时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "投诉举报"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", ComplaintStatus), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=_choices_q("kind", ComplaintKind), name="complaint_kind_valid"
            ),
        ]


class ComplaintChange(StatusChange):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="changes")


class RevocationProposal(models.Model):
    """Shaoxing 三(二)4: a provider with repeated upheld quality complaints is proposed for
    revocation of its admission (the admission service decides)."""

    provider = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT)
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    article = models.CharField("依据条款", max_length=120)
    complaint_numbers = models.JSONField("投诉编号", default=list)
    basis = models.CharField("撤销事由", max_length=200, blank=True)
    proposed_at = models.DateTimeField("提出时间")
    executed_at = models.DateTimeField("撤销入库时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "撤销入库建议"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "family_slug"], name="one_revocation_proposal_per_policy"
            )
        ]


class CreditCommitment(models.Model):
    """信用承诺 (Shaoxing 四（三）): a dated commitment a firm or provider signs under one policy
    version, with the text the policy gives; cited when the party is later sanctioned."""

    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="commitments"
    )
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    policy_version = models.CharField("政策版本", max_length=60)
    article = models.CharField("依据条款", max_length=120)
    text = models.TextField("承诺内容")
    signed_on = models.DateField("签署日期")
    signed_at = models.DateTimeField("签署时间")
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "信用承诺"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "family_slug", "policy_version"],
                name="one_commitment_per_version",
            )
        ]


def credit_list_path(instance, filename: str) -> str:
    # The original name is kept in `file_name`; the stored one is random.
    return (
        f"supervision/credit/{instance.number}/{uuid.uuid4().hex}"
        f"{PurePath(filename).suffix.lower()}"
    )


class CreditImport(StatusFlags, models.Model):
    """One upload of a dishonesty list (信用中国失信主体名单 / 经营异常名录), imported in the
    background: every row validated first (line numbers reported), then all rows or none."""

    number = models.CharField("批次编号", max_length=32, unique=True)
    region_code = models.CharField("导入地区", max_length=6, db_index=True)
    list_kind = models.CharField("名单类型", max_length=12, choices=ListKind.choices)
    source = models.CharField("来源", max_length=100)
    file = models.FileField("名单文件", upload_to=credit_list_path)
    file_name = models.CharField("文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    matched_count = models.PositiveIntegerField("匹配主体数", default=0)
    errors = models.JSONField("错误行", default=list, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "失信名单导入"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", ImportStatus), name="creditimport_status_valid"
            ),
            models.CheckConstraint(
                condition=_choices_q("list_kind", ListKind), name="creditimport_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="creditimport_progress_within_total",
            ),
        ]

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else self.processed_rows * 100 // self.total_rows


class CreditImportChange(StatusChange):
    credit_import = models.ForeignKey(
        CreditImport, on_delete=models.CASCADE, related_name="changes"
    )


class CreditListing(models.Model):
    """One row of an imported list; `organisation` when its credit code is registered in the
    importer's region, with the credit fact recorded from it."""

    credit_import = models.ForeignKey(
        CreditImport, on_delete=models.PROTECT, related_name="listings"
    )
    line = models.PositiveIntegerField("行号")
    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    name = models.CharField("名称", max_length=200)
    listed_on = models.DateField("列入日期")
    cause = models.CharField("列入原因", max_length=200, blank=True)
    authority = models.CharField("作出决定机关", max_length=100, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_listings",
    )
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    fact = models.ForeignKey(
        "registry.EligibilityFact", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["line"]
        verbose_name = verbose_name_plural = "失信名单条目"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_import", "uscc"], name="creditlisting_once_per_import"
            )
        ]


class Measure(models.Model):
    """通报批评并限期整改 (Ningxia) of a poorly rated provider: a deadline, the provider's
    rectification report, the official's decision; refusal leads to 停止服务 then 取消资格
    (through the provider admission's suspend / revoke)."""

    number = models.CharField("编号", max_length=32, unique=True)
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="measures"
    )
    region_code = models.CharField("行政区划", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    article = models.CharField("依据条款", max_length=120)
    grounds = models.TextField("通报事由")
    # A spot check concluded "rectify" (限期整改): the party (applicant or provider) rectifies here.
    spot_check = models.OneToOneField(
        SpotCheck,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification",
        verbose_name="抽查",
    )
    due_on = models.DateField("整改期限")
    report = models.TextField("整改报告", blank=True)
    reported_at = models.DateTimeField("报告提交时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=14, choices=MeasureStatus.choices, default=MeasureStatus.RECTIFYING
    )
    reasons = models.JSONField("理由", default=list, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("通报时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "服务机构通报整改"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", MeasureStatus), name="measure_status_valid"
            )
        ]


class MeasureChange(StatusChange):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")


class Bulletin(StatusFlags, models.Model):
    """通报 (Liaocheng art. 22): the counties and providers with low voucher use or closed
    information in a period, published on the portal's supervision page (and as PDF)."""

    number = models.CharField("文号", max_length=32, unique=True)
    region_code = models.CharField("通报地区", max_length=6, db_index=True)
    family_slug = models.SlugField("政策", max_length=40)
    title = models.CharField("标题", max_length=200)
    article = models.CharField("依据条款", max_length=120)
    period_from = models.DateField("评价期间自")
    period_to = models.DateField("评价期间至")
    entries = models.JSONField("通报对象", default=list)
    status = models.CharField(
        "状态", max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    reasons = models.JSONField("理由", default=list, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("起草时间")
    decided_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "通报"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", BulletinStatus), name="bulletin_status_valid"
            )
        ]


class BulletinChange(StatusChange):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="changes")
