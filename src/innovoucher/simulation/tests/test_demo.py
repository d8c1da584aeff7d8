"""`innovoucher demo` simulates a year of every seed scheme through the services: the platform
opens with paid, payable, publicised, reviewing and returned applications, a bounced bank line,
a recovery — and the ledger balances; every demo account's to-do list (its landing page) is
English in English mode, but for the records' Chinese data. Running it again changes nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from innovoucher.core.demo_accounts import demo_usernames
from innovoucher.evaluation.models import Award
from innovoucher.ledger.models import Claim, PaymentLine, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.notifications.selectors import todo_list_for_actor
from innovoucher.orders.models import Order
from innovoucher.redemptions.models import Approval, Publicity, Redemption
from testsupport.english import english_problems, switch_to_english

FAMILIES = ("shanxi", "shaoxing", "urumqi", "liaocheng", "ningxia")


@pytest.mark.django_db(transaction=True)
def test_demo_year_runs_every_scheme_to_payment_and_is_idempotent():
    call_command("demo", quiet=True, stdout=open("/dev/null", "w"))
    statuses = Counter((r.family_slug, r.status) for r in Redemption.objects.all())
    for family in FAMILIES:
        assert statuses[(family, "paid")] >= 2, f"{family}: paid applications"
        assert statuses[(family, "in_review")] >= 1, f"{family}: applications waiting for review"
    assert statuses[("shanxi", "returned")] == 1
    assert Publicity.objects.filter(status="open").exists(), "a publicity list is open today"
    assert Approval.objects.values("family_slug").distinct().count() == len(FAMILIES)
    assert (
        PaymentLine.objects.filter(status="failed").exists()
        and Transfer.objects.filter(code="recover").exists()
    )
    # one provider award approved and paid in a reconciled batch of its own budget line, which
    # left the vouchers' payable claims to the finance pages
    [award] = Award.objects.filter(status="approved")
    claim = Claim.objects.get(reference=award.claim_reference)
    assert claim.status == "paid" and claim.line == "provider_subsidies"
    [line] = claim.payment_lines.filter(status="paid", batch__status="reconciled")
    assert set(line.batch.lines.values_list("claim__line", flat=True)) == {"provider_subsidies"}
    assert Claim.objects.filter(line="vouchers", status="reserved").exists()
    assert ledger_verify().ok
    _english_to_do_lists()
    counts = (Order.objects.count(), Redemption.objects.count(), Transfer.objects.count())
    call_command("demo", quiet=True, stdout=open("/dev/null", "w"))
    assert (Order.objects.count(), Redemption.objects.count(), Transfer.objects.count()) == counts
    assert ledger_verify().ok


def _english_to_do_lists():
    """Every account of the demo (firms, providers, officials of each level, finance, operators,
    experts, the three administrators and the auditor) opens its to-do list in English: titles,
    categories and details are English around the records' Chinese data (lang="zh-Hans")."""
    users = get_user_model().objects.filter(is_active=True)
    assert set(demo_usernames()) <= {u.username for u in users}
    problems, waiting = {}, 0
    for user in users:
        client = Client()
        client.force_login(user)
        switch_to_english(client)
        found = english_problems(client, ["/notifications/todos/"])
        if found:
            problems[user.username] = found
        waiting += bool(todo_list_for_actor(actor=user))
    assert not problems, problems
    assert waiting >= 15, "the demo leaves work waiting on reviewers, providers and firms"
