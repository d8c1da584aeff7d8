from django.urls import path

from innovoucher.vouchers import views

app_name = "vouchers"
urlpatterns = [
    path("", views.home, name="home"),
    path("official/", views.official_list, name="official"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/action/", views.action, name="action"),
    path("claim/", views.claim, name="claim"),
    path("issue/", views.issue, name="issue"),
]
