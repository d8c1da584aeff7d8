"""Background task of the exports (`django.tasks`, run by `innovoucher worker`). Enqueued after
commit by `services.export_request` and `services.export_retry`."""

from __future__ import annotations

from django.tasks import task

from innovoucher.exports.runner import export_run as run


@task()
def export_run(pk: int) -> str:
    """Produce the file of one export; returns its final status."""
    return run(pk)
