from django.urls import path

from innovoucher.security import views

app_name = "security"

urlpatterns = [
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/clear/", views.lockout_clear, name="lockout_clear"),
    path("logins/", views.login_history, name="login_history"),
    path("audit-log/", views.audit_log, name="audit_log"),
]
