from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarYear(models.Model):
    """One year's holiday arrangement. Only `complete` years can be used to count working days."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "来源", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    complete = models.BooleanField(
        "已完整导入",
        default=False,
        help_text="勾选后才用于计算工作日；未勾选的年份计算时会提示尚未导入",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2200), name="calendaryear_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A public holiday (放假) or an adjusted working day (调休上班); every other day follows the
    week."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="所属年度安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日", max_length=60, help_text="如：国庆节")
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values), name="calendarday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"
