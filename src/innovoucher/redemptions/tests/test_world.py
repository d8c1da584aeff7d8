import pytest

from innovoucher.core import clock
from innovoucher.providers.models import ProviderAdmission
from testsupport.world import PLACES, START, build_world


@pytest.mark.parametrize("family", list(PLACES))
def test_world_is_built_through_the_services(db, seed_policies, family):
    with clock.frozen_now(START[family]):
        w = build_world(family)
    assert ProviderAdmission.objects.get(organisation=w.provider).status == "admitted"
    assert w.applicant.status == "approved"
