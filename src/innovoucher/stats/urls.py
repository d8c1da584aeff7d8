from django.urls import path

from innovoucher.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:chart>/", views.export, name="export"),
    path("list/", views.drill, name="drill"),
    path("monthly/", views.monthly, name="monthly"),
    path("public/", views.public, name="public"),
]
