from django.urls import path

from innovoucher.providers import views, views_bookings, views_recognition

app_name = "providers"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.provider_detail, name="provider"),
    path("instruments/<int:pk>/", views_bookings.instrument_detail, name="instrument"),
    path("instruments/<int:pk>/week/", views_bookings.instrument_week, name="instrument_week"),
    path("instruments/<int:pk>/form/", views_bookings.booking_form, name="booking_form"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/apply/", views.admission_apply, name="apply"),
    path("workspace/services/", views.service_publish, name="service_publish"),
    path("workspace/instruments/", views.instrument_register, name="instrument_register"),
    path("workspace/services/<int:pk>/", views.service_manage, name="service"),
    path("workspace/instruments/<int:pk>/", views.instrument_manage, name="instrument_manage"),
    path("bookings/", views_bookings.booking_list, name="bookings"),
    path("bookings/<int:pk>/", views_bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/", views_bookings.booking_detail, name="booking_action"),
    path("admissions/<int:pk>/", views.admission_detail, name="admission"),
    path(
        "admissions/<int:pk>/certificates/<int:cert>/",
        views.admission_certificate,
        name="admission_certificate",
    ),
    path("recognitions/", views_recognition.recognition_list, name="recognitions"),
    path("recognitions/<int:pk>/", views_recognition.recognition_detail, name="recognition"),
    path(
        "recognitions/<int:pk>/evidence/",
        views_recognition.recognition_evidence,
        name="recognition_evidence",
    ),
]
