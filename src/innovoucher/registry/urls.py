from django.urls import path

from innovoucher.registry import views, views_filings

app_name = "registry"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("workspace/", views.workspace, name="workspace"),
    path("teams/new/", views.team_register, name="team_register"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/review/", views.organisation_review, name="review"),
    path("organisations/<int:pk>/resubmit/", views.organisation_resubmit, name="resubmit"),
    path("organisations/<int:pk>/contact/", views.organisation_contact, name="contact"),
    path("organisations/<int:pk>/bank/", views.organisation_bank, name="bank"),
    path("organisations/<int:pk>/licence/", views.organisation_licence, name="licence"),
    path("organisations/<int:pk>/facts/", views.organisation_facts, name="facts"),
    path("organisations/<int:pk>/parties/", views.organisation_parties, name="parties"),
    path(
        "organisations/<int:pk>/controller/clear/", views.controller_clear, name="controller_clear"
    ),
    path("facts/<int:pk>/verify/", views.fact_verify, name="fact_verify"),
    path("facts/<int:pk>/evidence/", views.fact_evidence, name="fact_evidence"),
    path("shareholders/<int:pk>/remove/", views.shareholder_remove, name="shareholder_remove"),
    path("affiliations/<int:pk>/remove/", views.affiliation_remove, name="affiliation_remove"),
    path("organisations/<int:pk>/filings/", views_filings.organisation_filings, name="filings_of"),
    path("filings/", views_filings.filing_queue, name="filings"),
    path("filings/<int:pk>/", views_filings.filing_detail, name="filing"),
    path("filings/<int:pk>/evidence/", views_filings.filing_evidence, name="filing_evidence"),
    path("reveal/", views.pii_reveal, name="reveal"),
    path("relations/", views.relation_check, name="relations"),
]
