"""A to-do item: something that waits on the person looking at the workbench. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    category: str  # e.g. "兑付审核", "入库评审"
    due_on: dt.date | None = None
    detail: str = ""
    overdue: bool = False

    def sort_key(self):
        return (self.due_on is None, self.due_on or dt.date.max, self.title)
