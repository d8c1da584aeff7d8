from django.urls import path

from innovoucher.evaluation import views, views_awards

app_name = "evaluation"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("open/", views.round_open, name="round_open"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/action/", views.round_action, name="round_action"),
    path("<int:pk>/report.<slug:fmt>", views.round_report, name="round_report"),
    path("assessments/<int:pk>/score/", views.assessment_score, name="score"),
    path("awards/<int:pk>/action/", views.award_action, name="award_action"),
]
# The provider's award page sits in the provider workspace: the root urls add these to `providers`.
provider_urlpatterns = [
    path("workspace/award/", views_awards.award, name="award"),
]
