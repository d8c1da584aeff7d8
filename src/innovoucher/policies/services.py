"""Policy services: importing policy documents into dated, immutable versions; quoting.

A family document (one YAML file) is validated by the pure engine, then each version is stored
with an SM3 digest of its canonical JSON. Re-importing an unchanged document changes nothing; a
published version whose content differs is refused — a new rule must be a new version.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.requestcache import request_forget, request_memo
from innovoucher.policies import selectors
from innovoucher.policies.codes import Code
from innovoucher.policies.engine import (
    PolicyDefinitionError,
    QuoteInputError,
    load_family,
    parse_quote_request,
)
from innovoucher.policies.engine import model as engine_model
from innovoucher.policies.engine.calculate import QuoteResult, compute
from innovoucher.policies.engine.calculate import quote as engine_quote
from innovoucher.policies.models import PolicyFamily, PolicyVersion


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(data: Any) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(_canonical(data).encode())
    return h.finalize().hex()


def policy_document_read(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationFailed(
            f"政策文件 {path.name} 不是有效的 YAML：{exc}", code=Code.POLICY_YAML_INVALID
        ) from exc


def policy_family_import(*, actor, document: dict, source: str) -> list[PolicyVersion]:
    """Validate `document` and store its family and versions (published). Idempotent."""
    try:
        family = load_family(document, source=source)
    except PolicyDefinitionError as exc:
        raise ValidationFailed(
            f"政策文件 {source} 校验未通过：共 {len(exc.problems)} 处问题",
            code=Code.POLICY_INVALID,
            details={"problems": exc.problems},
        ) from exc
    raw_versions = {v["code"]: v for v in document["versions"]}
    with transaction.atomic():
        row, _ = PolicyFamily.objects.update_or_create(
            slug=family.slug,
            defaults={
                "name": family.name,
                "region_code": family.region,
                "document": family.document,
                "summary": family.summary,
            },
        )
        stored = [
            _store_version(actor, row, v, raw_versions[v.code], source) for v in family.versions
        ]
    return [v for v in stored if v is not None]


def _store_version(
    actor, family: PolicyFamily, version: engine_model.PolicyVersion, raw: dict, source: str
) -> PolicyVersion | None:
    content = json.loads(_canonical(raw))
    digest = _digest(content)
    existing = PolicyVersion.objects.filter(code=version.code).first()
    if existing is not None:
        if existing.digest == digest:
            return None
        raise Conflict(
            f"政策版本 {version.code} 已发布，内容不可修改：数据库中的版本（摘要 "
            f"{existing.digest[:12]}，"
            f"{existing.published_at:%Y-%m-%d} 自 {existing.imported_from or '未知来源'} 导入）"
            f"与 {source}"
            f"（摘要 {digest[:12]}）不一致。新的规则请以新的版本号和施行日期发布（ADR 0002）；"
            "若 policies/ 中的种子文件经过更正（ADR 0018），开发或演示数据库请重建"
            "（make clean 后 make run），已投入使用的数据库须以新版本发布更正，不能覆盖",
            code=Code.POLICY_VERSION_IMMUTABLE,
            details={
                "version": version.code,
                "stored_digest": existing.digest,
                "file_digest": digest,
                "source": source,
            },
        )
    created = PolicyVersion.objects.create(
        family=family,
        code=version.code,
        title=version.title,
        effective_from=version.effective_from.value,
        effective_to=version.effective_to.value if version.effective_to else None,
        status=PolicyVersion.Status.PUBLISHED,
        published_at=clock.now(),
        document=content,
        digest=digest,
        imported_from=source,
    )
    audit.record(
        actor=actor,
        action="policies.version.publish",
        obj=created,
        region_code=family.region_code,
        data={"family": family.slug, "version": version.code, "digest": digest, "source": source},
    )
    request_forget(("policy_digests", family.slug))
    return created


def policy_directory_import(*, actor, directory: Path | None = None) -> list[PolicyVersion]:
    directory = Path(directory or settings.POLICY_DIR)
    created: list[PolicyVersion] = []
    for path in sorted(directory.glob("*.yaml")):
        created += policy_family_import(
            actor=actor, document=policy_document_read(path), source=f"policies/{path.name}"
        )
    return created


# --- reading stored versions back into the engine ------------------------------------------------


@lru_cache(maxsize=64)
def _engine_family(slug: str, digests: tuple[str, ...]) -> engine_model.PolicyFamily:
    family = PolicyFamily.objects.get(slug=slug)
    versions = family.versions.filter(status=PolicyVersion.Status.PUBLISHED)
    document = {
        "family": family.slug,
        "name": family.name,
        "region": family.region_code,
        "document": family.document,
        "summary": family.summary,
        "versions": [v.document for v in versions],
    }
    return load_family(document, source=f"db:{slug}")


def engine_family(slug: str) -> engine_model.PolicyFamily:
    """The engine's view of a stored family (cached by the versions' digests)."""
    digests = request_memo(
        ("policy_digests", slug),
        lambda: tuple(
            PolicyVersion.objects.filter(family__slug=slug, status=PolicyVersion.Status.PUBLISHED)
            .order_by("code")
            .values_list("digest", flat=True)
        ),
    )
    return _engine_family(slug, digests)


def engine_versions(versions) -> dict[str, engine_model.PolicyVersion]:
    """`engine_version` of several stored versions (of different families): the published
    digests of all their families in one query instead of one per family. Version code → the
    engine's view."""
    slugs = {v.family.slug for v in versions}
    if not slugs:
        return {}
    digests: dict[str, list[str]] = {slug: [] for slug in slugs}
    rows = (
        PolicyVersion.objects.filter(family__slug__in=slugs, status=PolicyVersion.Status.PUBLISHED)
        .order_by("code")
        .values_list("family__slug", "digest")
    )
    for slug, digest in rows:
        digests[slug].append(digest)
    result = {}
    for version in versions:
        slug = version.family.slug
        known = request_memo(("policy_digests", slug), lambda s=slug: tuple(digests[s]))
        family = _engine_family(slug, known)
        result[version.code] = next(v for v in family.versions if v.code == version.code)
    return result


def engine_version(version: PolicyVersion) -> engine_model.PolicyVersion:
    """The engine's view of one pinned version — what an application judged under it uses."""
    family = engine_family(version.family.slug)
    return next(v for v in family.versions if v.code == version.code)


def carry_over_allowed(*, family_slug: str, fiscal_year: int) -> bool:
    """Whether the policy lets a claim of `fiscal_year` move to the next year
    (`process.carry_over`).

    Read from the version that governs the year's last day, or — when that one has lapsed
    (Liaocheng ends 2026-01-25) — the last version that started by then. A family without a
    stored version, or a version without the parameter, does not forbid it.
    """
    if not family_slug or not PolicyFamily.objects.filter(slug=family_slug).exists():
        return True
    family = engine_family(family_slug)
    last_day = dt.date(fiscal_year, 12, 31)
    version = family.version_on(last_day) or max(
        (v for v in family.versions if v.effective_from.value <= last_day),
        key=lambda v: v.effective_from.value,
        default=None,
    )
    cited = version.process.get("carry_over") if version is not None else None
    return cited is None or cited.value is not False


# --- quoting --------------------------------------------------------------------------------------


def quote_compute(payload: Any, *, today: dt.date | None = None) -> dict:
    """The subsidy calculator (contracts.md): request JSON in, result JSON out.

    Raises QuoteInputError (422, Chinese message naming each field) for malformed input or an
    unknown policy; a policy with no version in force on the day is an answer, not an error.
    """
    return quote_result(payload, today=today).as_contract()


def quote_result(payload: Any, *, today: dt.date | None = None) -> QuoteResult:
    request = parse_quote_request(payload, today=today or clock.today())
    if not PolicyFamily.objects.filter(slug=request.policy).exists():
        available = "、".join(PolicyFamily.objects.values_list("slug", flat=True))
        raise QuoteInputError(
            f"未知的政策“{request.policy}”（可选：{available}）",
            code=CoreCode.UNKNOWN_POLICY,
            details={"errors": [{"field": "policy", "problem": "未知的政策"}]},
        )
    family = engine_family(request.policy)
    version = family.version_on(request.on)
    if version is None:
        return engine_quote(family, request)
    return compute(version, request)


def policy_version_for(*, family_slug: str, on: dt.date) -> PolicyVersion | None:
    """The stored version an application made on `on` is judged under — pin it on the
    application."""
    return selectors.policy_version_in_force(family_slug=family_slug, on=on)
