"""The facts a rule may refer to: the quote request's fields, each with its type.

Conditions in policy documents name these paths; the schema validates them on load.
"""

from __future__ import annotations

# path -> type: bool | int | money | str | region | date | kind
FACTS: dict[str, str] = {
    "applicant.kind": "str",
    "applicant.region": "region",
    "applicant.employees": "int",
    "applicant.annual_revenue": "money",
    "applicant.credit_ok": "bool",
    "applicant.tech_sme": "bool",
    "applicant.high_tech": "bool",
    "applicant.specialized_sme": "bool",
    "applicant.in_incubator": "bool",
    "applicant.related_to_provider": "bool",
    "applicant.major_incident": "bool",
    "applicant.in_jinchuanggu": "bool",
    "applicant.received_this_year": "money",
    "applicant.group_received_this_year": "money",
    "provider.region": "region",
    "provider.kind": "str",
    "provider.admitted": "bool",
    "service.category": "str",
    "service.contract_amount": "money",
    "service.paid_amount": "money",
    "service.fully_paid": "bool",
    "service.completed_on": "date",
    "service.other_public_funding": "bool",
    "service.public_funding_level": "str",
    "service.via_platform": "bool",
    "service.claimant": "str",
}
