from django.db import models


class PolicyFamily(models.Model):
    """A region's voucher scheme (e.g. `shanxi`). Its rules live in dated, immutable versions."""

    slug = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=120)
    region_code = models.CharField("行政区划代码", max_length=6)
    document = models.CharField("政策文件", max_length=200)
    summary = models.TextField("简介", blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = "政策"
        verbose_name_plural = "政策"

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """One dated version of a family's rules. Published versions never change (a DB trigger
    refuses UPDATE and DELETE of a published row); a new rule is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    family = models.ForeignKey(PolicyFamily, on_delete=models.PROTECT, related_name="versions")
    code = models.CharField("版本号", max_length=80, unique=True)
    title = models.CharField("标题", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    document = models.JSONField("规则（已校验）")
    digest = models.CharField("SM3 摘要", max_length=64)
    imported_from = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        ordering = ["family", "-effective_from"]
        verbose_name = "政策版本"
        verbose_name_plural = "政策版本"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="policyversion_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="policyversion_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="policyversion_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family.name} {self.code}"
