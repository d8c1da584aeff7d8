"""The exporters: the apps that own the data declare what they can export, and this app queues,
runs, stores and serves the files (ADR 0029).

`exports` sits low in the app layers (below everything that has data worth exporting), so it
never imports the apps it serves: each owning app registers its exporters in its
`AppConfig.ready` with `exporter_register(Exporter(...))`, like the hooks of `ledger.payees`
and `registry.fitness` (ADR 0024).

An exporter is two functions:

- `prepare(actor, parameters) -> Prepared`: checks the parameters (ValidationFailed with
  `details.fields`) and that `actor` may read this data (PermissionDenied / NotFound through the
  app's own scoped selectors); returns the cleaned parameters (JSON), the region whose data the
  file holds, a title for the list, the download name and the content type. It runs when the
  export is asked for, again when the worker runs it and again at each download, so a person
  whose role was withdrawn meanwhile gets neither the file nor a new one.
- `write(job) -> bytes`: produces the file, reporting progress through `job.rows(...)` (every
  `PROGRESS_EVERY` rows) or `job.progress(done, total)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from innovoucher.core.errors import ValidationFailed
from innovoucher.exports.codes import Code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
PROGRESS_EVERY = 500  # rows between two progress updates (one UPDATE each)


@dataclass(frozen=True)
class Prepared:
    parameters: dict
    region_code: str
    title: str
    filename: str
    content_type: str = XLSX


class ExportJob:
    """What `write` gets: the requester, the cleaned parameters and the progress reporter."""

    def __init__(
        self, *, actor, parameters: dict, region_code: str, report: Callable[[int, int], None]
    ):
        self.actor = actor
        self.parameters = parameters
        self.region_code = region_code
        self._report = report

    def progress(self, done: int, total: int) -> None:
        self._report(done, max(total, done))

    def rows(self, items: Iterable, total: int, every: int = PROGRESS_EVERY) -> Iterator:
        """Yield `items`, reporting progress every `every` items and once at the end."""
        self.progress(0, total)
        done = 0
        for item in items:
            yield item
            done += 1
            if done % every == 0:
                self.progress(done, total)
        self.progress(done, total)


@dataclass(frozen=True)
class Exporter:
    kind: str  # "<app>.<what>", e.g. "security.audit_log"
    label: str  # 中文 (gettext_lazy), shown in 我的导出
    roles: frozenset = field(default_factory=frozenset)  # who may ask (for the menu)
    prepare: Callable[[object, Mapping], Prepared] = None  # type: ignore[assignment]
    write: Callable[[ExportJob], bytes] = None  # type: ignore[assignment]


_EXPORTERS: dict[str, Exporter] = {}


def exporter_register(exporter: Exporter) -> None:
    """Called from the owning app's `ready()`; registering a kind again replaces it."""
    _EXPORTERS[exporter.kind] = exporter


def exporter_get(kind: str) -> Exporter:
    exporter = _EXPORTERS.get((kind or "").strip())
    if exporter is None:
        message = "没有这种导出：请从页面上的“导出”按钮发起"
        raise ValidationFailed(
            message, code=Code.EXPORT_KIND_UNKNOWN, details={"fields": {"kind": [message]}}
        )
    return exporter


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)


def exporter_roles() -> frozenset[str]:
    """Every role that may ask for some export (the 我的导出 menu entry)."""
    return frozenset(str(r) for e in _EXPORTERS.values() for r in e.roles)


def kind_label(kind: str) -> str:
    exporter = _EXPORTERS.get(kind)
    return exporter.label if exporter is not None else kind
