"""`innovoucher ledger verify`, the demo step, the read-only admin."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from innovoucher.core.steps import Progress
from innovoucher.ledger import demo
from innovoucher.ledger.models import Account, Budget, Claim, PaymentLine, Purpose, Transfer
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import funded, reserve

pytestmark = pytest.mark.django_db


def test_verify_passes_with_a_summary(officer):
    funded(officer, "140000", 1_000_00)
    reserve(officer, "r", {"province": 10_00})
    out = io.StringIO()
    call_command("ledger", "verify", stdout=out)
    text = out.getvalue()
    assert "账本核对通过" in text and "借方合计 = 贷方合计" in text and "2026" in text


def test_verify_exits_1_listing_the_differences(officer):
    funded(officer, "140000", 1_000_00)
    appropriation = Account.objects.get(purpose=Purpose.APPROPRIATION)
    Account.objects.filter(pk=appropriation.pk).update(
        debits_posted=F("debits_posted") + 1
    )  # tampering outside the engine
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ledger", "verify", stdout=out)
    assert exc.value.returncode == 1
    assert (
        "余额不符" in out.getvalue()
        and str(appropriation.pk) in out.getvalue()
        and "借贷不平" in out.getvalue()
    )


def test_demo_is_consistent_and_idempotent():
    demo._ledger_demo(Progress())
    counts = (Transfer.objects.count(), Budget.objects.count())
    assert ledger_verify().ok
    demo._ledger_demo(Progress())
    assert (Transfer.objects.count(), Budget.objects.count()) == counts
    assert {b.funder_region for b in Budget.objects.all()} >= {
        "140000",
        "140100",
        "370000",
        "371500",
        "640000",
        "650100",
        "330602",
    }
    assert Transfer.objects.filter(code="allocate").exists() and ledger_verify().ok


def test_admin_is_read_only(admin_client, officer):
    funded(officer, "140000", 1_00)
    transfer = Transfer.objects.get()
    assert admin_client.get(f"/admin/ledger/transfer/{transfer.pk}/change/").status_code == 200
    assert admin_client.get("/admin/ledger/transfer/add/").status_code == 403
    admin_client.post(f"/admin/ledger/transfer/{transfer.pk}/delete/", {"post": "yes"})
    assert Transfer.objects.filter(pk=transfer.pk).exists()
