"""Evaluation rounds (provider, county, scheme), their assessments and provider awards.
Fields and constraints only; statuses move through `core.lifecycle` (see `states.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from innovoucher.core.models import StatusChange, StatusFlags
from innovoucher.evaluation.states import AwardStatus, Grade, RoundKind, RoundStatus

USER = settings.AUTH_USER_MODEL


class EvaluationRound(StatusFlags, models.Model):
    """One evaluation of a scheme for a year in a region: providers, counties or the scheme."""

    number = models.CharField("编号", max_length=32, unique=True)
    kind = models.CharField("评价类型", max_length=10, choices=RoundKind.choices)
    family_slug = models.SlugField("政策", max_length=40)
    region_code = models.CharField("组织评价机关行政区划", max_length=6, db_index=True)
    year = models.PositiveSmallIntegerField("评价年度")
    title = models.CharField("标题", max_length=200)
    article = models.CharField("依据", max_length=200, blank=True)
    expert_weight = models.PositiveSmallIntegerField("专家评分权重（%）", default=0)
    status = models.CharField(
        "状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    computed_at = models.DateTimeField("指标计算时间", null=True, blank=True)
    summary = models.JSONField("汇总指标", default=dict, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("发起时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "评价批次"
        verbose_name_plural = "评价批次"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "family_slug", "region_code", "year"], name="evaluation_round_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RoundKind.values), name="evaluation_round_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="evaluation_round_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(expert_weight__lte=100), name="evaluation_round_weight_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class RoundChange(StatusChange):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="changes")


class Assessment(models.Model):
    """One subject of a round (a provider, a county or the scheme) with its computed indicators,
    the platform score, the expert score and the grade."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="assessments")
    subject_key = models.CharField("评价对象", max_length=40)
    subject_name = models.CharField("名称", max_length=200)
    region_code = models.CharField("所在行政区划", max_length=6, db_index=True)
    provider = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    indicators = models.JSONField("指标", default=dict)
    platform_score = models.PositiveSmallIntegerField("平台数据得分", default=0)
    expert_score = models.PositiveSmallIntegerField("专家评分", null=True, blank=True)
    expert_comment = models.TextField("专家意见", blank=True)
    scored_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField("综合得分", default=0)
    grade = models.CharField("等级", max_length=1, choices=Grade.choices, default=Grade.D)
    flags = models.JSONField("通报/整改提示", default=list, blank=True)

    class Meta:
        ordering = ["round_id", "-score", "subject_key"]
        verbose_name = "评价结果"
        verbose_name_plural = "评价结果"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "subject_key"], name="evaluation_subject_once"
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="evaluation_grade_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100)
                & Q(platform_score__lte=100)
                & (Q(expert_score__isnull=True) | Q(expert_score__lte=100)),
                name="evaluation_scores_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} {self.grade}"


class Award(models.Model):
    """The award (服务机构补助/奖励) a decided provider assessment earns, from the award quote; paid
    through the ledger as claim `award:<id>` on the 服务机构补助 budgets."""

    number = models.CharField("编号", max_length=32, unique=True)
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="award")
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="awards"
    )
    family_slug = models.SlugField("政策", max_length=40)
    region_code = models.CharField("服务机构行政区划", max_length=6, db_index=True)
    year = models.PositiveSmallIntegerField("服务年度")
    fiscal_year = models.PositiveSmallIntegerField("拨付年度")
    grade = models.CharField("等级", max_length=1, choices=Grade.choices)
    total_fen = models.BigIntegerField("奖补金额（分）")
    shares = models.JSONField("出资份额（分）", default=dict)
    lines = models.JSONField("奖补明细", default=list, blank=True)
    trace = models.JSONField("计算过程", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=AwardStatus.choices, default=AwardStatus.PROPOSED
    )
    claim_reference = models.CharField("资金申请编号", max_length=120, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    created_at = models.DateTimeField("测算时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-total_fen", "id"]
        verbose_name = "服务机构奖补"
        verbose_name_plural = "服务机构奖补"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AwardStatus.values), name="evaluation_award_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(total_fen__gt=0), name="evaluation_award_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.provider}"


class AwardChange(StatusChange):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="changes")
