from django.contrib import admin

from innovoucher.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: the table is reference data loaded by `innovoucher load_regions`."""

    list_display = ("code", "name", "level", "full_name")
    list_filter = ("level",)
    search_fields = ("code", "name", "full_name")
    readonly_fields = ("code", "name", "level", "parent", "full_name")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
