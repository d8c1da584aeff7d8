from django.urls import path

from innovoucher.ledger.views import batches, budgets, statements, transfers

app_name = "ledger"
urlpatterns = [
    path("", budgets.budget_list, name="budgets"),
    path("budgets/<int:pk>/", budgets.budget_detail, name="budget"),
    path("budgets/<int:pk>/carry-over/", budgets.budget_carry_over, name="budget_carry_over"),
    path("allocate/", budgets.allocate, name="allocate"),
    path("ledger/", transfers.transfer_list, name="transfers"),
    path("claims/", transfers.claim_list, name="claims"),
    path("claims/<int:pk>/", transfers.claim_detail, name="claim"),
    path("batches/", batches.batch_list, name="batches"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("batches/<int:pk>/export/", batches.batch_export, name="batch_export"),
    path("batches/<int:pk>/import/", batches.batch_import, name="batch_import"),
    path("statements/", statements.statements, name="statements"),
]
