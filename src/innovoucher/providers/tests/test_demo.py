import pytest

from innovoucher.core.demo import DEMO_STEPS as CORE_STEPS
from innovoucher.core.steps import Progress
from innovoucher.providers import selectors
from innovoucher.providers.demo import DEMO_STEPS
from innovoucher.providers.models import (
    AdmissionChange,
    Booking,
    Instrument,
    ProviderAdmission,
    Service,
)
from innovoucher.registry.demo import DEMO_STEPS as REGISTRY_STEPS
from innovoucher.registry.demo import SEEDS

pytestmark = pytest.mark.django_db


def run():
    for steps in (CORE_STEPS, REGISTRY_STEPS, DEMO_STEPS):
        for _, _, fn in steps:
            fn(Progress())


def test_demo_admits_providers_of_each_region_through_the_services():
    run()
    directory = list(selectors.provider_directory())
    assert len(directory) >= 3 * len(SEEDS)
    for seed in SEEDS:
        kinds = {o.provider_kind for o in directory if o.region_code == seed.county[0]}
        assert len(kinds) >= 2, seed.slug
        assert (
            ProviderAdmission.objects.filter(family_slug=seed.slug, status="admitted").count() >= 3
        )
    assert ProviderAdmission.objects.filter(route="reviewed", status="admitted").count() == len(
        SEEDS
    )
    assert AdmissionChange.objects.filter(action="admit").count() == len(SEEDS)
    assert (
        Service.objects.count() > 0
        and Instrument.objects.count() > 0
        and Booking.objects.count() == len(SEEDS)
    )
    counts = (ProviderAdmission.objects.count(), Service.objects.count(), Booking.objects.count())
    run()  # idempotent
    assert (
        ProviderAdmission.objects.count(),
        Service.objects.count(),
        Booking.objects.count(),
    ) == counts
