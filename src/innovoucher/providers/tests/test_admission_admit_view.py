"""公示期满入库 through the admission page: the page offers the step exactly when the service
accepts it (after the publicity period, its last day included), and a reviewer clicking it then
admits the provider. Before, the page offered it during the publicity and the click gave 409."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from innovoucher.core import clock
from innovoucher.providers import services
from innovoucher.providers.models import ProviderAdmission
from innovoucher.providers.states import AdmissionStatus
from innovoucher.providers.tests.test_admission import _to_meeting, cert

pytestmark = pytest.mark.django_db

ADMIT = '<input type="hidden" name="action" value="admit">'


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)


def test_admit_is_offered_only_after_the_publicity_and_the_click_admits(
    make_provider, yuecheng, city_reviewer, experts
):
    org, staff = make_provider("testing_agency")
    with clock.frozen_now(_at(2)):
        adm = services.admission_apply(
            actor=staff, organisation=org, family="shaoxing", certificates=[cert()]
        )
        adm = _to_meeting(adm, yuecheng, experts)
        adm = services.admission_transition(
            actor=city_reviewer, admission=adm, action="meeting_approve"
        )
    assert adm.publicity_ends_on == dt.date(2026, 11, 9)
    client = Client()
    client.force_login(city_reviewer)
    url = reverse("providers:admission", args=[adm.pk])
    for day in (3, 9):  # during the publicity, its last day included
        with clock.frozen_now(_at(day)):
            page = client.get(url).content.decode()
            assert ADMIT not in page and "公示有异议不予入库" in page
            refused = client.post(url, {"action": "admit"})  # a stale page or a crafted POST
            assert refused.status_code == 409
            assert "公示期至2026年11月9日，公示期满后方可入库" in refused.content.decode()
    assert ProviderAdmission.objects.get(pk=adm.pk).status == AdmissionStatus.PUBLICITY
    with clock.frozen_now(_at(10)):
        page = client.get(url).content.decode()
        assert ADMIT in page and "公示期满入库" in page
        done = client.post(url, {"action": "admit"})
        assert done.status_code == 302
        after = client.get(url).content.decode()
        assert ADMIT not in after and "入库日期：2026年11月10日" in after
    adm.refresh_from_db()
    assert adm.status == AdmissionStatus.ADMITTED and adm.admitted_on == dt.date(2026, 11, 10)
