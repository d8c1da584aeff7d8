from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")


class Region(models.Model):
    """One GB/T 2260 administrative division (reference data loaded from `data/gbt2260.csv`).

    Counties of the municipalities (北京 1101xx) and province-administered counties (济源 419001,
    石河子 659001) have the province as parent: there are no pseudo-city rows.
    """

    code = models.CharField("行政区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("级别", max_length=8, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField("全称", max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=RegionLevel.values), name="region_level_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level=RegionLevel.PROVINCE, parent__isnull=True)
                    | (~models.Q(level=RegionLevel.PROVINCE) & models.Q(parent__isnull=False))
                ),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"
