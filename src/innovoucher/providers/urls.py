from django.urls import path

from innovoucher.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.provider_detail, name="provider"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/apply/", views.admission_apply, name="apply"),
    path("workspace/services/", views.service_publish, name="service_publish"),
    path("workspace/instruments/", views.instrument_register, name="instrument_register"),
    path("bookings/<int:pk>/", views.booking_action, name="booking_action"),
    path("admissions/<int:pk>/", views.admission_detail, name="admission"),
]
