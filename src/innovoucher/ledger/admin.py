"""Read-only admin: ledger rows are never edited by hand (corrections are new transfers)."""

from django.contrib import admin

from innovoucher.ledger.models import (
    Account,
    Budget,
    CapCounter,
    Claim,
    ClaimShare,
    PaymentBatch,
    PaymentLine,
    Transfer,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("name", "fiscal_year", "funder_level", "funder_region", "region_code", "line")
    list_filter = ("fiscal_year", "funder_level", "line")
    search_fields = ("name", "funder_region", "region_code")


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = (
        "budget",
        "purpose",
        "debits_pending",
        "debits_posted",
        "credits_pending",
        "credits_posted",
        "debits_must_not_exceed_credits",
    )
    list_filter = ("purpose", "budget__fiscal_year")
    list_select_related = ("budget",)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "created_at",
        "code",
        "kind",
        "amount_fen",
        "debit_account",
        "credit_account",
        "reference",
        "key",
    )
    list_filter = ("code", "kind")
    search_fields = ("reference", "key")
    list_select_related = ("debit_account__budget", "credit_account__budget")


class ClaimShareInline(admin.TabularInline):
    model = ClaimShare
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "status",
        "amount_fen",
        "payee_name",
        "region_code",
        "fiscal_year",
        "completed_at",
    )
    list_filter = ("status", "fiscal_year", "excess")
    search_fields = ("reference", "payee_name")
    inlines = [ClaimShareInline]


@admin.register(CapCounter)
class CapCounterAdmin(ReadOnlyAdmin):
    list_display = ("family", "fiscal_year", "subject_key", "used_fen", "limit_fen")


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "payer_region", "cadence", "period", "status", "created_at")
    list_filter = ("status", "cadence")


@admin.register(PaymentLine)
class PaymentLineAdmin(ReadOnlyAdmin):
    list_display = ("code", "batch", "payee_name", "amount_fen", "status", "bank_reference")
    list_filter = ("status",)
