import copy

import pytest

CONTRACT_EXAMPLE = {
    "policy": "ningxia", "on": "2026-06-01",
    "applicant": {"kind": "enterprise", "region": "640104", "employees": 120, "annual_revenue": "150000000.00",
                  "credit_ok": True, "tech_sme": True, "in_incubator": False, "related_to_provider": False,
                  "received_this_year": "0.00", "group_received_this_year": "0.00"},
    "provider": {"region": "640104", "kind": "university", "admitted": True},
    "service": {"category": "testing", "contract_amount": "300000.00", "paid_amount": "300000.00", "fully_paid": True,
                "completed_on": "2026-05-01", "other_public_funding": False, "via_platform": True},
}


@pytest.fixture
def contract_example():
    return copy.deepcopy(CONTRACT_EXAMPLE)
