"""The policy version a voucher is issued under, and how that version issues vouchers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import ValidationFailed
from innovoucher.policies.engine.model import PolicyVersion as EngineVersion
from innovoucher.policies.models import PolicyFamily, PolicyVersion
from innovoucher.policies.selectors import policy_versions_in_force
from innovoucher.policies.services import engine_version, engine_versions, policy_version_for
from innovoucher.vouchers import domain

ROUTE_LABELS = {
    domain.CLAIM: gettext_noop("在线申领"),
    domain.PER_CONTRACT: gettext_noop("每份服务合同审核通过后生成一张创新券"),
    domain.AUTOMATIC: gettext_noop("免申即享（按年度自动发放）"),
    domain.MEMBERSHIP: gettext_noop("注册认证即获创新券使用资格"),
}


@dataclass(frozen=True)
class Pinned:
    family: PolicyFamily
    row: PolicyVersion
    version: EngineVersion

    @property
    def route(self) -> str | None:
        return domain.issuance_route(self.version)


def pinned_version(family_slug: str, on: dt.date) -> Pinned:
    """The stored version in force on `on` and its engine view (ValidationFailed when none)."""
    family = PolicyFamily.objects.filter(slug=family_slug).first()
    if family is None:
        raise ValidationFailed(
            f"未知的政策“{family_slug}”",
            code=CoreCode.UNKNOWN_POLICY,
            details={"fields": {"family": ["请选择政策"]}},
        )
    row = policy_version_for(family_slug=family_slug, on=on)
    if row is None:
        raise ValidationFailed(
            f"“{family.name}”在{on.year}年{on.month}月{on.day}日没有施行中的政策版本，不能发放创新券",
            code=CoreCode.NO_VERSION_IN_FORCE,
            details={"fields": {"family": ["该政策当前未施行"]}},
        )
    return Pinned(family, row, engine_version(row))


def pinned_in_force(on: dt.date) -> list[Pinned]:
    """`pinned_version` of every family that has a version in force on `on`, in the families'
    order: three queries whatever the number of families (the pages that list what can be
    claimed or issued)."""
    rows = policy_versions_in_force(on=on)
    engines = engine_versions(list(rows.values()))
    return [
        Pinned(family, rows[family.slug], engines[rows[family.slug].code])
        for family in PolicyFamily.objects.all()
        if family.slug in rows
    ]


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
