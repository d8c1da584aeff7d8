"""Reads of policy families and versions. Policies are public documents: no actor scoping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.policies.codes import Code
from innovoucher.policies.models import PolicyFamily, PolicyVersion


@dataclass
class FamilySummary:
    slug: str
    name: str
    document: str
    region_code: str
    current: PolicyVersion | None
    latest: PolicyVersion | None


def policy_family_list(*, on: dt.date | None = None) -> list[FamilySummary]:
    on = on or clock.today()
    result = []
    for family in PolicyFamily.objects.prefetch_related("versions"):
        published = [v for v in family.versions.all() if v.status == PolicyVersion.Status.PUBLISHED]
        started = sorted(
            (v for v in published if v.effective_from <= on), key=lambda v: v.effective_from
        )
        current = (
            started[-1]
            if started and (started[-1].effective_to is None or on <= started[-1].effective_to)
            else None
        )
        latest = max(published, key=lambda v: v.effective_from, default=None)
        result.append(
            FamilySummary(
                family.slug, family.name, family.document, family.region_code, current, latest
            )
        )
    return result


def policy_family_get(*, slug: str) -> PolicyFamily:
    try:
        return PolicyFamily.objects.get(slug=slug)
    except PolicyFamily.DoesNotExist:
        raise NotFound(f"政策“{slug}”不存在", code=Code.POLICY_NOT_FOUND) from None


def policy_version_list(*, family: PolicyFamily) -> list[PolicyVersion]:
    return list(
        family.versions.filter(status=PolicyVersion.Status.PUBLISHED).order_by("-effective_from")
    )


def policy_version_get(*, code: str) -> PolicyVersion:
    try:
        return PolicyVersion.objects.select_related("family").get(
            code=code, status=PolicyVersion.Status.PUBLISHED
        )
    except PolicyVersion.DoesNotExist:
        raise NotFound(f"政策版本“{code}”不存在", code=Code.POLICY_VERSION_NOT_FOUND) from None


def policy_version_in_force(*, family_slug: str, on: dt.date) -> PolicyVersion | None:
    """The latest published version started by `on`, unless it has lapsed (see engine.model)."""
    latest = (
        PolicyVersion.objects.select_related("family")
        .filter(
            family__slug=family_slug, status=PolicyVersion.Status.PUBLISHED, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )
    if latest is None or (latest.effective_to is not None and latest.effective_to < on):
        return None
    return latest


def policy_versions_in_force(*, on: dt.date) -> dict[str, PolicyVersion]:
    """`policy_version_in_force` of every family at once (one query, the rules document left
    unread): family slug → the version in force on `on`; families with none are absent."""
    rows = (
        PolicyVersion.objects.select_related("family")
        .defer("document")
        .filter(status=PolicyVersion.Status.PUBLISHED, effective_from__lte=on)
        .order_by("family_id", "-effective_from")
    )
    latest: dict[str, PolicyVersion] = {}
    for row in rows:
        latest.setdefault(row.family.slug, row)
    return {
        slug: row
        for slug, row in latest.items()
        if row.effective_to is None or row.effective_to >= on
    }
