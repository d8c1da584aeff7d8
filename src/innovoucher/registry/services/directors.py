"""Directors (董事) of an organisation: natural persons, ID number sealed like a shareholder's.
Urumqi art. 20 last paragraph spreads a ban to what the directors set up or control."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.registry import validation as v
from innovoucher.registry.models import Director, Organisation
from innovoucher.registry.permissions import require_edit
from innovoucher.registry.services.parties import PERSON, _identity

TITLES = ("董事长", "副董事长", "董事", "独立董事", "执行董事")


def director_add(
    *, actor, organisation: Organisation, name: str, id_number: str, title: str = "董事"
) -> Director:
    """Record a director of `organisation` (the party's staff or its reviewer)."""
    require_edit(actor, organisation)
    errors = v.FieldErrors()
    values = _identity(errors, organisation, PERSON, name, "", id_number)
    title = (title or "董事").strip()
    if title not in TITLES:
        errors.add("title", f"职务须为：{'、'.join(TITLES)}")
    errors.raise_if_any("董事信息有误")
    try:
        with transaction.atomic():
            director = Director.objects.create(
                organisation=organisation, title=title, recorded_at=clock.now(), **values
            )
            audit.record(
                actor=actor,
                action="registry.director.add",
                obj=director,
                region_code=organisation.region_code,
                data={
                    "organisation": organisation.pk,
                    "holder": director.holder_label,
                    "title": title,
                },
            )
    except IntegrityError:
        raise v.field_error("holder_id_number", "该董事已登记") from None
    return director


def director_remove(*, actor, director: Director) -> None:
    organisation = director.organisation
    require_edit(actor, organisation)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="registry.director.remove",
            obj=director,
            region_code=organisation.region_code,
            data={"organisation": organisation.pk, "holder": director.holder_label},
        )
        Director.objects.filter(pk=director.pk).delete()
