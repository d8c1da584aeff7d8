"""What the pages offer comes from permissions and selectors (not from the views)."""

import pytest

from innovoucher.core.codes import Code
from innovoucher.core.errors import NotFound
from innovoucher.registry import selectors, services
from innovoucher.registry.permissions import filing_actions_for, registration_actions_for
from innovoucher.registry.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def _actions(transitions) -> list[str]:
    return [t.action for t in transitions]


def test_registration_actions_depend_on_who_asks(enterprise, applicant, yuecheng, tianshan):
    assert _actions(registration_actions_for(yuecheng, enterprise)) == [
        "approve",
        "return",
        "reject",
    ]
    assert registration_actions_for(applicant, enterprise) == []  # waits on the reviewer
    assert registration_actions_for(tianshan, enterprise) == []  # another county
    services.registration_review(
        actor=yuecheng, organisation=enterprise, action="return", reasons=["补充执照"]
    )
    enterprise.refresh_from_db()
    assert _actions(registration_actions_for(applicant, enterprise)) == ["resubmit"]
    assert registration_actions_for(yuecheng, enterprise) == []


def test_a_change_can_be_filed_once_approved_and_one_at_a_time(enterprise, applicant, yuecheng):
    assert not selectors.filing_can_submit(actor=applicant, organisation=enterprise)
    services.registration_review(actor=yuecheng, organisation=enterprise, action="approve")
    enterprise.refresh_from_db()
    assert selectors.filing_can_submit(actor=applicant, organisation=enterprise)
    assert not selectors.filing_can_submit(actor=yuecheng, organisation=enterprise)
    filing = services.filing_submit(
        actor=applicant,
        organisation=enterprise,
        values={"address": "新址"},
        reason="迁址",
        evidence=pdf(),
    )
    assert not selectors.filing_can_submit(actor=applicant, organisation=enterprise)
    assert _actions(filing_actions_for(applicant, filing)) == ["withdraw"]
    assert _actions(filing_actions_for(yuecheng, filing)) == ["approve", "return", "reject"]
    assert list(selectors.filing_list_for_actor(actor=yuecheng, status="submitted")) == [filing]
    assert list(selectors.filing_list_for_actor(actor=applicant, status="returned")) == []


def test_the_relation_check_finds_only_organisations_in_scope(enterprise, yuecheng, tianshan):
    found = selectors.organisation_find_for_reviewer(actor=yuecheng, text=enterprise.uscc.lower())
    assert found == enterprise
    with pytest.raises(NotFound) as exc:
        selectors.organisation_find_for_reviewer(actor=tianshan, text=str(enterprise.pk))
    assert exc.value.code == Code.ORGANISATION_NOT_FOUND
