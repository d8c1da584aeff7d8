from django.contrib.auth import views as auth_views
from django.urls import path

from innovoucher.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("roles/", views.roles, name="account_roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke_view, name="account_role_revoke"),
]
