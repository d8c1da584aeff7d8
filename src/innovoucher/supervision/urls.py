from django.urls import path

from innovoucher.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sanctions/", views.sanction_list, name="sanctions"),
    path("sanctions/impose/", views.sanction_impose, name="sanction_impose"),
    path("sanctions/<int:pk>/", views.sanction_detail, name="sanction"),
    path("sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction_lift"),
    path("integrity/", views.integrity_list, name="integrity"),
    path("samples/", views.sample_list, name="samples"),
    path("samples/draw/", views.sample_draw, name="sample_draw"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("checks/<int:pk>/action/", views.check_action, name="check_action"),
    path("clawbacks/", views.clawback_list, name="clawbacks"),
    path("clawbacks/<int:pk>/", views.clawback_detail, name="clawback"),
    path("clawbacks/<int:pk>/repay/", views.clawback_repay, name="clawback_repay"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/action/", views.complaint_action, name="complaint_action"),
    path("report/", views.report, name="report"),
    path("commitments/", views.commitment_page, name="commitments"),
    path("commitments/sign/", views.commitment_sign, name="commitment_sign"),
]
