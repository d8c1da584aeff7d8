from django.urls import path

from innovoucher.workdays import views

# Mounted under /calendar/ (the page /calendar/ itself is portal:calendar).
app_name = "workdays"
urlpatterns = [
    path("compute/", views.compute_result, name="compute"),
    path("import/", views.import_page, name="import"),
    path("import/preview/", views.import_preview, name="import_preview"),
]
