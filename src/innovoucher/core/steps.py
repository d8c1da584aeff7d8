"""Ordered set-up and demo steps contributed by the apps.

An app contributes by defining, in `innovoucher/<app>/setup.py`, a list `SETUP_STEPS` and/or in
`innovoucher/<app>/demo.py` a list `DEMO_STEPS`: each item is `(order, label, callable)`, and the
callable takes `progress` (a `Progress`) and must be idempotent. Steps run in `order`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from innovoucher.core import clock


@dataclass
class Progress:
    """Thin wrapper over a rich progress bar that steps can use without importing rich."""

    _progress: object | None = None
    _task: object | None = None

    def total(self, n: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=n, completed=0)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)


Step = tuple[int, str, Callable[[Progress], object]]


def collect(module_name: str, attribute: str) -> list[Step]:
    return sorted(collect_all(module_name, attribute), key=lambda s: s[0])


def collect_all(module_name: str, attribute: str) -> list:
    """Concatenate `<app>.<module_name>.<attribute>` over the project's apps, in app order."""
    steps: list = []
    for config in apps.get_app_configs():
        if not config.name.startswith("innovoucher."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.{module_name}":
                continue
            raise
        steps.extend(getattr(module, attribute, []))
    return steps


def run_steps(steps: list[Step], *, quiet: bool = False) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import (
        Progress as RichProgress,
    )

    if quiet:
        for _, _, fn in steps:
            fn(Progress())
        return
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with RichProgress(*columns) as bar:
        for _, label, fn in steps:
            task = bar.add_task(label, total=None)
            fn(Progress(bar, task))
            bar.update(task, completed=bar.tasks[task].total or 1, total=bar.tasks[task].total or 1)


def run_tick(moment) -> list[tuple[str, int]]:
    """Run every app's `TICK_STEPS` at `moment` (the clock frozen there); returns (label,
    changed)."""
    results = []
    with clock.frozen_now(moment):
        for _, label, fn in collect("tick", "TICK_STEPS"):
            results.append((label, fn(moment) or 0))
    return results
