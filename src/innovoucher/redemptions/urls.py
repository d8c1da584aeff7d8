from django.urls import include, path
from django.views.generic import RedirectView

from innovoucher.redemptions.views import calls, intake, review

app_name = "redemptions"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="redemptions:mine"), name="home"),
    path("mine/", intake.my_list, name="mine"),
    path("apply/<int:order_pk>/", intake.apply, name="apply"),
    path("<int:pk>/", intake.detail, name="detail"),
    path("<int:pk>/withdraw/", intake.withdraw, name="withdraw"),
    path("<int:pk>/resubmit/", intake.resubmit, name="resubmit"),
    path("<int:pk>/confirm/", intake.confirm, name="confirm"),
    path("documents/<int:pk>/", intake.document, name="document"),
    path("review/", review.queue, name="queue"),
    path("review/steps/<int:pk>/", review.decide, name="decide"),
    path("calls/", calls.call_list, name="calls"),
    path("calls/new/", calls.call_publish, name="call_publish"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    # --- publicity, approval, payment (h3) ---
    path("", include("innovoucher.redemptions.urls_publicity")),
]
