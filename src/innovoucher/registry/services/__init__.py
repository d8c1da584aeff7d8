"""Registry services: every change to the registry goes through one of these functions."""

from innovoucher.registry.services.facts import fact_record, fact_value_display, fact_verify
from innovoucher.registry.services.filings import (
    apply_filing_transition,
    filing_resubmit,
    filing_review,
    filing_submit,
    filing_withdraw,
)
from innovoucher.registry.services.parties import (
    affiliation_add,
    affiliation_remove,
    controller_clear,
    controller_set,
    shareholder_add,
    shareholder_remove,
)
from innovoucher.registry.services.pii import pii_reveal
from innovoucher.registry.services.registration import (
    AccountData,
    RegistrationData,
    apply_transition,
    official_role_for,
    organisation_create_official,
    organisation_register,
    organisation_resubmit,
    organisation_set_bank_account,
    organisation_update_contact,
    registration_review,
    validate_registration,
)

__all__ = [
    "AccountData",
    "RegistrationData",
    "affiliation_add",
    "apply_filing_transition",
    "filing_resubmit",
    "filing_review",
    "filing_submit",
    "filing_withdraw",
    "affiliation_remove",
    "apply_transition",
    "controller_clear",
    "controller_set",
    "fact_record",
    "fact_value_display",
    "fact_verify",
    "official_role_for",
    "organisation_create_official",
    "organisation_register",
    "organisation_resubmit",
    "organisation_set_bank_account",
    "organisation_update_contact",
    "pii_reveal",
    "registration_review",
    "shareholder_add",
    "shareholder_remove",
    "validate_registration",
]
