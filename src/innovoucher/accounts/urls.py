from django.contrib.auth import views as auth_views
from django.urls import path

from innovoucher.accounts import views, views_auth

urlpatterns = [
    path("login/", views_auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", views_auth.otp_verify, name="otp_verify"),
    path("otp/enrol/", views_auth.otp_enrol, name="otp_enrol"),
    path("security/", views_auth.account_security, name="account_security"),
    path("security/recovery-codes/", views_auth.recovery_codes_new, name="recovery_codes_new"),
    path("password/", views_auth.password_change, name="password_change"),
    path("session/extend/", views_auth.session_extend, name="session_extend"),
    path("roles/", views.roles, name="account_roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke_view, name="account_role_revoke"),
    path(
        "roles/<int:pk>/removal/",
        views.role_removal_request_view,
        name="account_role_removal_request",
    ),
    path("roles/removals/", views.role_removals, name="account_role_removals"),
    path(
        "roles/removals/<int:pk>/confirm/",
        views.role_removal_confirm_view,
        name="account_role_removal_confirm",
    ),
    path(
        "roles/removals/<int:pk>/refuse/",
        views.role_removal_refuse_view,
        name="account_role_removal_refuse",
    ),
]
