"""Reads of policy families and versions. Policies are public documents: no actor scoping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from innovoucher.core import clock
from innovoucher.core.errors import NotFound
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
        current = next((v for v in published if v.effective_from <= on and (v.effective_to is None or on <= v.effective_to)), None)
        latest = max(published, key=lambda v: v.effective_from, default=None)
        result.append(FamilySummary(family.slug, family.name, family.document, family.region_code, current, latest))
    return result


def policy_family_get(*, slug: str) -> PolicyFamily:
    try:
        return PolicyFamily.objects.get(slug=slug)
    except PolicyFamily.DoesNotExist:
        raise NotFound(f"政策“{slug}”不存在", code="policy_not_found") from None


def policy_version_list(*, family: PolicyFamily) -> list[PolicyVersion]:
    return list(family.versions.filter(status=PolicyVersion.Status.PUBLISHED).order_by("-effective_from"))


def policy_version_get(*, code: str) -> PolicyVersion:
    try:
        return PolicyVersion.objects.select_related("family").get(code=code, status=PolicyVersion.Status.PUBLISHED)
    except PolicyVersion.DoesNotExist:
        raise NotFound(f"政策版本“{code}”不存在", code="policy_version_not_found") from None


def policy_version_in_force(*, family_slug: str, on: dt.date) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.select_related("family")
        .filter(family__slug=family_slug, status=PolicyVersion.Status.PUBLISHED, effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from")
        .first()
    )
