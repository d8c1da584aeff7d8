from django.urls import path

from innovoucher.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("request/", views.export_request, name="request"),
    path("<int:pk>/", views.export_detail, name="detail"),
    path("<int:pk>/progress/", views.export_progress, name="progress"),
    path("<int:pk>/download/", views.export_download, name="download"),
    path("<int:pk>/retry/", views.export_retry, name="retry"),
]
