"""Provider admissions, the service catalogue and instrument bookings. Fields and constraints
only; every change goes through `providers.services`."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from innovoucher.core.models import StatusChange
from innovoucher.policies.engine.vocabulary import SERVICE_CATEGORIES
from innovoucher.providers.domain import standard_opening_hours
from innovoucher.providers.states import (
    ACTIVE_STATUSES,
    AdmissionRoute,
    AdmissionStatus,
    BookingStatus,
    BookingUnit,
    KindLevel,
    RecognitionBasis,
    RecognitionStatus,
    ServiceStatus,
)


def _in(field: str, values) -> Q:
    return Q(**{f"{field}__in": [getattr(v, "value", v) for v in values]})


def recognition_evidence_path(instance, filename: str) -> str:
    # A random name: an upload's original name may contain personal data.
    return f"providers/recognitions/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def certificate_path(instance, filename: str) -> str:
    return f"providers/certificates/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ProviderProfile(models.Model):
    """Directory data of a provider organisation: search keys (pinyin) and a short introduction."""

    organisation = models.OneToOneField(
        "registry.Organisation", on_delete=models.CASCADE, related_name="provider_profile"
    )
    intro = models.TextField("机构简介", blank=True)
    name_initials = models.CharField("名称拼音首字母", max_length=200, blank=True, db_index=True)
    name_pinyin = models.CharField("名称全拼", max_length=800, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "服务机构名录信息"
        verbose_name_plural = "服务机构名录信息"


class ProviderAdmission(models.Model):
    """A provider's admission to one policy's provider pool (服务机构库)."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name="服务机构",
    )
    family_slug = models.SlugField("政策", max_length=40)
    policy_version = models.CharField("政策版本", max_length=60, blank=True)
    route = models.CharField("入库方式", max_length=16, choices=AdmissionRoute.choices)
    status = models.CharField("状态", max_length=16, choices=AdmissionStatus.choices)
    article = models.CharField("政策依据", max_length=200, blank=True)
    materials = models.TextField("申报材料说明", blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    applied_at = models.DateTimeField("申请时间")
    decided_at = models.DateTimeField("最近处理时间", null=True, blank=True)
    publicity_starts_on = models.DateField("公示开始", null=True, blank=True)
    publicity_ends_on = models.DateField("公示截止", null=True, blank=True)
    admitted_on = models.DateField("入库日期", null=True, blank=True)
    suspended_on = models.DateField("暂停日期", null=True, blank=True)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    declared_staff = models.PositiveIntegerField("专职服务人员（人）", null=True, blank=True)
    # The level of the provider kind the admission relies on (a Shaoxing key_lab is exempt from
    # review only when national or provincial, 三(二)1); a fact of the admission rule.
    kind_level = models.CharField(
        "机构级别", max_length=12, choices=KindLevel.choices, blank=True, default=""
    )
    recognition = models.ForeignKey(
        "ProviderRecognition",
        verbose_name="区外认定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admissions",
    )
    # Officials of this region review the admission: blank = the provider's own region; the
    # policy's region for an out-of-region provider admitted on a recognition.
    review_region_code = models.CharField("审核地区", max_length=6, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务机构入库"
        verbose_name_plural = "服务机构入库"
        constraints = [
            models.CheckConstraint(
                condition=_in("status", AdmissionStatus), name="admission_status_valid"
            ),
            models.CheckConstraint(
                condition=_in("route", AdmissionRoute), name="admission_route_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=AdmissionStatus.ADMITTED) | Q(admitted_on__isnull=False),
                name="admission_admitted_has_date",
            ),
            models.UniqueConstraint(
                fields=["organisation", "family_slug"],
                condition=_in("status", ACTIVE_STATUSES),
                name="admission_one_active",
            ),
            models.CheckConstraint(
                condition=Q(kind_level="") | _in("kind_level", KindLevel),
                name="admission_kind_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.family_slug}"


class AdmissionCertificate(models.Model):
    """A qualification certificate uploaded with an admission (Shaoxing 三(二)2: other providers
    submit their qualification certificates); the content type is checked on upload."""

    admission = models.ForeignKey(
        ProviderAdmission, on_delete=models.CASCADE, related_name="certificates"
    )
    file = models.FileField("资质证书", upload_to=certificate_path)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "入库资质证书"
        verbose_name_plural = "入库资质证书"


class ProviderRecognition(models.Model):
    """An out-of-region provider's recognition for one policy: by a cooperation agreement (Shanxi
    art. 16) or by the S&T department of its own region (Ningxia). Filed by the provider with its
    evidence, confirmed by an official of the policy's region; while confirmed and in its dates,
    `admission_apply` accepts the provider although its region is outside the policy's list."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="recognitions",
        verbose_name="服务机构",
    )
    family_slug = models.SlugField("政策", max_length=40)
    basis = models.CharField("认定途径", max_length=20, choices=RecognitionBasis.choices)
    recognising_body = models.CharField("认定机关（协议签署方）", max_length=200)
    document_no = models.CharField("文件编号", max_length=100)
    evidence = models.FileField("证明文件", upload_to=recognition_evidence_path)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态",
        max_length=12,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.SUBMITTED,
    )
    article = models.CharField("政策依据", max_length=200, blank=True)
    reasons = models.JSONField("理由", default=list, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("提交时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "区外服务机构认定"
        verbose_name_plural = "区外服务机构认定"
        constraints = [
            models.CheckConstraint(
                condition=_in("status", RecognitionStatus), name="recognition_status_valid"
            ),
            models.CheckConstraint(
                condition=_in("basis", RecognitionBasis), name="recognition_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="recognition_dates_ordered"
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="recognition_has_evidence"),
            models.UniqueConstraint(
                fields=["organisation", "family_slug"],
                condition=Q(status=RecognitionStatus.SUBMITTED),
                name="recognition_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.family_slug} · {self.document_no}"


class RecognitionChange(StatusChange):
    """One applied transition of a recognition (written by `core.lifecycle`)."""

    recognition = models.ForeignKey(
        ProviderRecognition, on_delete=models.CASCADE, related_name="changes"
    )
    to_status = models.CharField("新状态", max_length=32, choices=RecognitionStatus.choices)

    class Meta(StatusChange.Meta):
        constraints = [
            models.CheckConstraint(
                condition=_in("to_status", RecognitionStatus), name="recognitionchange_status_valid"
            )
        ]


class AdmissionChange(StatusChange):
    """One applied transition of an admission (written by `core.lifecycle`)."""

    admission = models.ForeignKey(
        ProviderAdmission, on_delete=models.CASCADE, related_name="changes"
    )
    to_status = models.CharField("新状态", max_length=32, choices=AdmissionStatus.choices)

    class Meta(StatusChange.Meta):
        constraints = [
            models.CheckConstraint(
                condition=_in("to_status", AdmissionStatus), name="admissionchange_status_valid"
            )
        ]


class ExpertAssignment(models.Model):
    """An expert assigned to score a reviewed admission; declares a conflict or gives a score."""

    admission = models.ForeignKey(
        ProviderAdmission, on_delete=models.CASCADE, related_name="experts"
    )
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conflict = models.BooleanField("声明利益冲突", null=True, blank=True)
    conflict_note = models.CharField("冲突说明", max_length=200, blank=True)
    score = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    comment = models.TextField("评审意见", blank=True)
    assigned_at = models.DateTimeField("指派时间")
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["admission", "expert"], name="expertassignment_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="expertassignment_score_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(conflict=False),
                name="expertassignment_no_score_with_conflict",
            ),
        ]


class Service(models.Model):
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="服务机构",
    )
    category = models.CharField("服务类别", max_length=32, choices=list(SERVICE_CATEGORIES.items()))
    name = models.CharField("服务名称", max_length=200)
    description = models.TextField("服务内容", blank=True)
    process = models.TextField("服务流程", blank=True)
    fee_standard = models.CharField("收费标准", max_length=300, blank=True)
    price_fen = models.BigIntegerField("参考价格（分）")
    turnaround_days = models.PositiveSmallIntegerField("服务周期（天）")
    name_initials = models.CharField("名称拼音首字母", max_length=200, blank=True)
    # `active` mirrors `status` (published) for the readers that filter on it; both are written
    # by the service lifecycle (`services.catalogue`).
    active = models.BooleanField("上架", default=True)
    status = models.CharField(
        "状态", max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PUBLISHED
    )
    created_at = models.DateTimeField("发布时间")
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)

    class Meta:
        ordering = ["category", "id"]
        verbose_name = "服务项目"
        verbose_name_plural = "服务项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=list(SERVICE_CATEGORIES)), name="service_category_valid"
            ),
            models.CheckConstraint(condition=Q(price_fen__gte=0), name="service_price_nonnegative"),
            models.CheckConstraint(
                condition=_in("status", ServiceStatus), name="service_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == ServiceStatus.PUBLISHED


class ServiceChange(StatusChange):
    """One step of a service: publication, each edit (with the fields before and after) and each
    withdrawal or republication (written by `core.lifecycle` and `services.catalogue`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    to_status = models.CharField("新状态", max_length=32, choices=ServiceStatus.choices)
    data = models.JSONField("修改内容", default=dict, blank=True)

    class Meta(StatusChange.Meta):
        constraints = [
            models.CheckConstraint(
                condition=_in("to_status", ServiceStatus), name="servicechange_status_valid"
            )
        ]


class Instrument(models.Model):
    provider = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name="服务机构",
    )
    name = models.CharField("仪器名称", max_length=200)
    model_no = models.CharField("型号", max_length=100, blank=True)
    location = models.CharField("放置地点", max_length=200, blank=True)
    price_per_hour_fen = models.BigIntegerField("机时价格（分/小时）")
    price_per_sample_fen = models.BigIntegerField("样品单价（分/样）", null=True, blank=True)
    booking_rules = models.TextField("预约规则", blank=True)
    # Weekly opening hours: weekday ("0" = Monday … "6" = Sunday) -> ["HH:MM", "HH:MM"]; a
    # weekday not listed is closed. With `follows_workdays` the national working-day calendar
    # applies on top: public holidays are closed, 调休 working days open with the weekday hours.
    opening_hours = models.JSONField("开放时间", default=standard_opening_hours, blank=True)
    follows_workdays = models.BooleanField("按法定节假日安排开放", default=True)
    active = models.BooleanField("开放预约", default=True)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["id"]
        verbose_name = "大型科研仪器"
        verbose_name_plural = "大型科研仪器"
        constraints = [
            models.CheckConstraint(
                condition=Q(price_per_hour_fen__gte=0), name="instrument_price_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(price_per_sample_fen__isnull=True) | Q(price_per_sample_fen__gte=0),
                name="instrument_sample_price_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    """A time slot on an instrument. On PostgreSQL an exclusion constraint (migration 0002) keeps
    holding bookings of one instrument from overlapping; on SQLite the service checks inside an
    IMMEDIATE transaction."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="bookings")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="预约单位"
    )
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    status = models.CharField(
        "状态", max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    purpose = models.CharField("用途", max_length=200, blank=True)
    unit = models.CharField(
        "计费方式", max_length=8, choices=BookingUnit.choices, default=BookingUnit.HOUR
    )
    samples = models.PositiveIntegerField("样品数", null=True, blank=True)
    amount_fen = models.BigIntegerField("预计费用（分）")
    # Metered use, entered by the provider when the booking completes: the hours (in minutes) or
    # samples actually used, and the charge they come to; the order of the booking bills it.
    used_minutes = models.PositiveIntegerField("实际使用机时（分钟）", null=True, blank=True)
    used_samples = models.PositiveIntegerField("实际检测样品数", null=True, blank=True)
    charged_fen = models.BigIntegerField("实际费用（分）", null=True, blank=True)
    reason = models.CharField("取消原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("预约时间")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "仪器预约"
        verbose_name_plural = "仪器预约"
        indexes = [models.Index(fields=["instrument", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=_in("status", BookingStatus), name="booking_status_valid"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0), name="booking_amount_nonnegative"
            ),
            models.CheckConstraint(condition=_in("unit", BookingUnit), name="booking_unit_valid"),
            models.CheckConstraint(
                condition=Q(unit=BookingUnit.HOUR, samples__isnull=True)
                | Q(unit=BookingUnit.SAMPLE, samples__gte=1),
                name="booking_samples_match_unit",
            ),
            models.CheckConstraint(
                condition=Q(charged_fen__isnull=True) | Q(charged_fen__gt=0),
                name="booking_charged_positive",
            ),
        ]

    # Status flags for the pages (templates do not compare status codes).
    @property
    def is_requested(self) -> bool:
        return self.status == BookingStatus.REQUESTED

    @property
    def is_confirmed(self) -> bool:
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_completed(self) -> bool:
        return self.status == BookingStatus.COMPLETED

    @property
    def is_by_sample(self) -> bool:
        return self.unit == BookingUnit.SAMPLE

    @property
    def billed_fen(self) -> int:
        """What the booking costs: the metered charge once completed, else the estimate."""
        return self.charged_fen if self.charged_fen is not None else self.amount_fen


class BookingChange(StatusChange):
    """One step of a booking: its request and each applied transition (written by
    `core.lifecycle`), so a booking has its history like every other lifecycle."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="changes")
    to_status = models.CharField("新状态", max_length=32, choices=BookingStatus.choices)

    class Meta(StatusChange.Meta):
        constraints = [
            models.CheckConstraint(
                condition=_in("to_status", BookingStatus), name="bookingchange_status_valid"
            )
        ]
