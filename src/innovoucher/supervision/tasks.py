"""Background tasks of supervision (`django.tasks`, run by `innovoucher worker`): the import of a
dishonesty list. Enqueued after commit by `services.credit.credit_import_upload`."""

from __future__ import annotations

from django.tasks import task

from innovoucher.supervision.services import credit


@task()
def credit_import(pk: int) -> str:
    """Check and import one uploaded list (all rows or none); returns the final status."""
    return credit.credit_import_run(pk)
