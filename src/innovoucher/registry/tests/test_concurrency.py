"""Two reviewers deciding the same registration at once: exactly one decision wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import Conflict
from innovoucher.registry import services
from innovoucher.registry.models import Organisation, RegistrationChange
from innovoucher.registry.tests.conftest import register


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_apply_once(make_user, sysadmin):

    reviewers = [make_user(f"r{i}", Role.COUNTY_REVIEWER, "330602") for i in range(6)]
    org = register("330602")
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []

    def decide(reviewer, action):
        stale = Organisation.objects.get(pk=org.pk)
        barrier.wait()
        try:
            services.registration_review(
                actor=reviewer, organisation=stale, action=action, reasons=["理由"]
            )
            outcomes.append(action)
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(r, ("approve", "reject", "return")[i % 3]))
        for i, r in enumerate(reviewers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    decided = [o for o in outcomes if o != "conflict"]
    assert len(decided) == 1 and outcomes.count("conflict") == len(reviewers) - 1
    assert RegistrationChange.objects.filter(organisation=org).exclude(action="submit").count() == 1
    assert (
        Organisation.objects.get(pk=org.pk).status
        == {"approve": "approved", "reject": "rejected", "return": "returned"}[decided[0]]
    )
