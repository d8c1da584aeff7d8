from django.urls import path

from innovoucher.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("<slug:slug>/", views.family_detail, name="family"),
    path("versions/<str:code>/", views.version_detail, name="version"),
]
