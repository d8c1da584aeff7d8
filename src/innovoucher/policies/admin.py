"""Policy versions in the admin: visible with every parameter, never editable (immutable once
published)."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from innovoucher.policies.models import PolicyFamily, PolicyVersion
from innovoucher.policies.presentation import version_rows


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyFamily)
class PolicyFamilyAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name", "region_code", "document")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ("code", "family", "effective_from", "effective_to", "status", "published_at")
    list_filter = ("family", "status")
    readonly_fields = (
        "family",
        "code",
        "title",
        "effective_from",
        "effective_to",
        "status",
        "published_at",
        "digest",
        "imported_from",
        "parameters",
    )
    exclude = ("document",)

    @admin.display(description="参数与依据条款")
    def parameters(self, obj):
        sections = version_rows(obj.document)
        rows = [
            (title, r["name"], r["value"], r["article"])
            for title, items in sections.items()
            for r in items
        ]
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            "<table><tr><th>部分</th><th>参数</th><th>取值</th><th>条款</th></tr>{}</table>", body
        )
