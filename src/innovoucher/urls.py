from django.contrib import admin
from django.urls import include, path, re_path

from innovoucher.api.api import not_found
from innovoucher.api.routes import api
from innovoucher.evaluation.urls import provider_urlpatterns as provider_award_urls
from innovoucher.jobs.views import healthz
from innovoucher.providers import urls as provider_urls
from innovoucher.regions.views import region_picker

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("regions/picker/", region_picker, name="region_picker"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),  # JSON 404 for every other path under /api/
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("innovoucher.accounts.urls")),
    path("security/", include("innovoucher.security.urls")),
    path("policies/", include("innovoucher.policies.urls")),
    path("registry/", include("innovoucher.registry.urls")),
    # the provider workspace's award page is evaluation's (it reads redemptions and grades)
    path("providers/", include((provider_urls.urlpatterns + provider_award_urls, "providers"))),
    path("redemptions/", include("innovoucher.redemptions.urls")),
    path("notifications/", include("innovoucher.notifications.urls")),
    path("vouchers/", include("innovoucher.vouchers.urls")),
    path("orders/", include("innovoucher.orders.urls")),
    path("calendar/", include("innovoucher.workdays.urls")),
    path("finance/", include("innovoucher.ledger.urls")),
    path("supervision/", include("innovoucher.supervision.urls")),
    path("evaluation/", include("innovoucher.evaluation.urls")),
    path("stats/", include("innovoucher.stats.urls")),
    path("notices/", include("innovoucher.notices.urls")),
    path("exports/", include("innovoucher.exports.urls")),
    path("", include("innovoucher.portal.urls")),
]

handler400 = "innovoucher.portal.views.error_400"
handler403 = "innovoucher.portal.views.error_403"
handler404 = "innovoucher.portal.views.error_404"
handler500 = "innovoucher.portal.views.error_500"
