"""URLs of publicity (公示公告), objections, approval documents (批复) and payment status.

Included by the redemptions URLconf (namespace `redemptions`, mounted at /redemptions/):
`/redemptions/publicity/`, `/redemptions/approvals/`, `/redemptions/<pk>/payment/`.
"""

from django.urls import path

from innovoucher.redemptions.views import publicity as views

urlpatterns = [
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity_detail"),
    path("publicity/manage/", views.publicity_manage, name="publicity_manage"),
    path("publicity/objections/<int:pk>/", views.objection_detail, name="objection_detail"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("approvals/<int:pk>/", views.approval_detail, name="approval_detail"),
    path("approvals/<int:pk>/pdf/", views.approval_pdf, name="approval_pdf"),
    path("<int:pk>/payment/", views.payment_detail, name="payment_detail"),
    path("<int:pk>/payment/recover/", views.payment_recover, name="payment_recover"),
]
