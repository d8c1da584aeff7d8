"""Personal numbers: never in clear in the database, masked by default, every reveal audited."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from innovoucher.accounts.roles import Role
from innovoucher.core import crypto
from innovoucher.core.errors import NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.registry import services
from innovoucher.registry.models import Organisation
from innovoucher.registry.tests.conftest import id_for, register

pytestmark = pytest.mark.django_db

BANK = "6216610000012345672"


@pytest.fixture
def secrets_in_db(enterprise, applicant):
    """An organisation whose legal representative, shareholder, controller and bank account are on
    file."""
    rep = crypto.decrypt(enterprise.legal_rep_id_cipher, purpose="id_number")
    holder, controller = id_for("330602", 1970), id_for("330602", 1960)
    services.shareholder_add(
        actor=applicant,
        organisation=enterprise,
        holder_type="person",
        holder_name="赵六",
        holder_id_number=holder,
        stake_percent="30",
    )
    services.controller_set(
        actor=applicant,
        organisation=enterprise,
        holder_type="person",
        holder_name="钱七",
        holder_id_number=controller,
    )
    services.organisation_set_bank_account(
        actor=applicant,
        organisation=enterprise,
        bank_name="中国工商银行绍兴越城支行",
        account_name=enterprise.name,
        account_number=BANK,
    )
    return [rep, holder, controller, BANK]


def _all_rows_as_text() -> str:
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def test_no_number_in_clear_in_a_dump_or_any_column(secrets_in_db):
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    raw = _all_rows_as_text()
    for number in secrets_in_db:
        assert number not in dump.getvalue()
        assert number not in raw
        assert crypto.mask(number) in raw  # the masked form is what is stored for display


def test_lookup_hash_finds_the_same_person_without_decrypting(secrets_in_db, enterprise):

    rep = secrets_in_db[0]
    assert (
        Organisation.objects.get(legal_rep_id_hash=crypto.lookup_hash(rep, purpose="id_number"))
        == enterprise
    )


def test_pages_and_api_show_masked_numbers(client, secrets_in_db, enterprise, yuecheng):
    client.force_login(yuecheng)
    pages = [
        f"/registry/organisations/{enterprise.pk}/",
        f"/registry/organisations/{enterprise.pk}/parties/",
        f"/api/v1/registry/organisations/{enterprise.pk}",
        f"/api/v1/registry/organisations/{enterprise.pk}/shareholders",
        f"/api/v1/registry/organisations/{enterprise.pk}/controller",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for number in secrets_in_db:
            assert number not in body, url
    assert crypto.mask(secrets_in_db[0]) in client.get(pages[0]).content.decode()


def test_reveal_returns_the_number_and_writes_an_audit_event(secrets_in_db, enterprise, yuecheng):
    value = services.pii_reveal(actor=yuecheng, obj=enterprise, field="legal_rep_id")
    assert value == secrets_in_db[0]
    event = AuditEvent.objects.get(action="registry.pii.reveal")
    assert (event.actor, event.object_id, event.data["field"]) == (
        yuecheng,
        str(enterprise.pk),
        "legal_rep_id",
    )
    assert secrets_in_db[0] not in repr(event.data)
    holder = enterprise.shareholders.get()
    assert services.pii_reveal(actor=yuecheng, obj=holder, field="holder_id") == secrets_in_db[1]
    assert services.pii_reveal(actor=yuecheng, obj=enterprise, field="bank_account") == BANK
    assert AuditEvent.objects.filter(action="registry.pii.reveal").count() == 3


def test_reveal_through_the_page_and_api_is_audited(client, secrets_in_db, enterprise, applicant):
    client.force_login(applicant)
    response = client.post(
        "/registry/reveal/", {"model": "organisation", "pk": enterprise.pk, "field": "legal_rep_id"}
    )
    assert secrets_in_db[0] in response.content.decode()
    controller = enterprise.controller
    response = client.post(
        "/api/v1/registry/pii/reveal",
        {"model": "controller", "id": controller.pk, "field": "holder_id"},
        content_type="application/json",
    )
    assert response.json() == {"value": secrets_in_db[2]}
    assert AuditEvent.objects.filter(action="registry.pii.reveal", actor=applicant).count() == 2


def test_reveal_refused_outside_the_region_and_for_read_only_roles(
    secrets_in_db, enterprise, tianshan, make_user
):
    with pytest.raises(NotFound):
        services.pii_reveal(actor=tianshan, obj=enterprise, field="legal_rep_id")
    auditor = make_user("auditor", Role.AUDITOR, "330600")
    with pytest.raises(PermissionDenied):
        services.pii_reveal(actor=auditor, obj=enterprise, field="legal_rep_id")
    with pytest.raises(ValidationFailed):
        services.pii_reveal(actor=auditor, obj=enterprise, field="name")
    assert not AuditEvent.objects.filter(action="registry.pii.reveal").exists()


def test_another_organisations_legal_rep_is_not_revealed_to_an_applicant(secrets_in_db, applicant):
    other = register("330602")
    with pytest.raises(NotFound):
        services.pii_reveal(actor=applicant, obj=other, field="legal_rep_id")
