"""Budget notes (evalstats): recorded once per reference, audited, refused when malformed, shown
on the budget they concern — never moving money."""

import pytest

from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger import services
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import BudgetNote, Transfer
from innovoucher.ledger.selectors import budget_notes
from innovoucher.ledger.tests.helpers import funded
from testsupport import PASSWORD

pytestmark = pytest.mark.django_db


def _note(officer, **kw):
    args = {
        "actor": officer,
        "reference": "evaluation:PJ1",
        "funder_region": "140000",
        "fiscal_year": 2027,
        "adjustment_fen": -5_000_00,
        "text": "2026年度绩效评价结果为 C 级：建议调减",
        "article": "山西办法第二十三条",
    }
    return services.budget_note_record(**{**args, **kw})


def test_a_note_is_recorded_once_audited_and_shown_on_next_years_budget(officer, client):
    transfers = Transfer.objects.count()
    note = _note(officer)
    assert _note(officer, text="另一段说明").pk == note.pk and BudgetNote.objects.count() == 1
    assert AuditEvent.objects.filter(action="ledger.budget_note.record").count() == 1
    assert Transfer.objects.count() == transfers
    budget = funded(officer, "140000", 1_000_00, year=2027)
    assert budget_notes(budget) == [note]
    assert budget_notes(funded(officer, "140000", 1_000_00, year=2026)) == []
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/finance/budgets/{budget.pk}/").content.decode()
    assert "预算备注" in page and "调减 ¥5,000.00" in page


@pytest.mark.parametrize(
    "bad, code",
    [
        ({"reference": " "}, Code.REFERENCE_REQUIRED),
        ({"funder_region": "14"}, Code.REGION_INVALID),
        ({"fiscal_year": 1999}, Code.YEAR_INVALID),
        ({"line": "nope"}, Code.LINE_INVALID),
        ({"text": ""}, Code.MEMO_REQUIRED),
    ],
)
def test_malformed_notes_are_refused(officer, bad, code):
    with pytest.raises(ValidationFailed) as exc:
        _note(officer, **bad)
    assert exc.value.code == code
