"""Administrators correct the calendar here; every change goes through a service and is audited."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from innovoucher.workdays import services
from innovoucher.workdays.domain import day_problem
from innovoucher.workdays.models import CalendarDay, CalendarYear


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["calendar_year", "date", "kind", "name", "source"]

    def clean(self):
        data = super().clean()
        if data.get("calendar_year") and data.get("date") and data.get("kind"):
            problem = day_problem(
                date=data["date"], kind=data["kind"], year=data["calendar_year"].year
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "complete", "day_count", "updated_at")
    list_filter = ("complete",)
    readonly_fields = ("updated_at", "import_link")
    fields = ("year", "source", "complete", "updated_at", "import_link")

    @admin.display(description="节假日/调休日数")
    def day_count(self, obj):
        return obj.days.count()

    @admin.display(description="导入通知")
    def import_link(self, obj):
        return format_html(
            '<a href="{}">粘贴国务院办公厅通知导入整年安排</a>', reverse("workdays:import")
        )

    def save_model(self, request, obj, form, change):
        services.calendar_year_save(actor=request.user, calendar_year=obj)

    def delete_model(self, request, obj):
        services.calendar_year_delete(actor=request.user, calendar_year=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.calendar_year_delete(actor=request.user, calendar_year=obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "name", "calendar_year", "source")
    list_filter = ("kind", "calendar_year")
    search_fields = ("name",)
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        services.calendar_day_save(actor=request.user, day=obj)

    def delete_model(self, request, obj):
        services.calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.calendar_day_delete(actor=request.user, day=obj)
