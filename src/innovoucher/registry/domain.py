"""Related parties as a graph. Pure Python, no Django: the selectors supply the data.

Nodes are string keys: ``org:<id>`` for a registered organisation, ``uscc:<code>`` for an
organisation known only by its credit code (a shareholder that is not registered here), and
``person:<hash>`` for a natural person identified by the keyed hash of their ID number.
Edges carry a kind and a Chinese label; a relation is returned with its path as evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

MAX_HOPS = 3
MAX_CONTROL_CHAIN = 6

EDGE_KINDS = {
    "shareholding": "持股",
    "affiliation": "关联",
    "controller": "实际控制",
    "legal_rep": "法定代表人",
}
AFFILIATION_KINDS = {"subordinate": "隶属", "co_built": "共建", "equity": "参股"}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    label: str  # e.g. "持股 30.00%", "隶属"


@dataclass(frozen=True)
class Step:
    source: str
    source_label: str
    relation: str
    target: str
    target_label: str

    def text(self) -> str:
        return f"{self.source_label} —{self.relation}→ {self.target_label}"


@dataclass(frozen=True)
class RelationEvidence:
    kind: str  # same_controller | shared_legal_rep | affiliation | ownership
    summary: str
    path: tuple[Step, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "summary": self.summary,
            "path": [
                {"from": s.source_label, "relation": s.relation, "to": s.target_label}
                for s in self.path
            ],
        }


@dataclass
class PartyView:
    """What the relation check needs about one organisation."""

    key: str
    label: str
    legal_rep: str | None = None  # person key of the legal representative
    legal_rep_label: str = ""


Link = tuple[str, str, str]  # (controller key, controller label, relation such as "实际控制")


def ultimate_controller(key: str, controller_of: Callable[[str], Link | None]) -> list[Link]:
    """Follow controllers upwards: [(key, label, relation), …] from nearest to ultimate. Empty
    when none is recorded. Stops at cycles and after MAX_CONTROL_CHAIN links."""
    chain: list[Link] = []
    seen = {key}
    current = key
    for _ in range(MAX_CONTROL_CHAIN):
        found = controller_of(current)
        if found is None or found[0] in seen:
            break
        chain.append(found)
        seen.add(found[0])
        current = found[0]
    return chain


def group_key(key: str, chain: list[Link]) -> str:
    """Caps per controller group: the ultimate controller's key, else the organisation itself."""
    return chain[-1][0] if chain else key


def _control_path(party: PartyView, chain: list[Link]) -> list[Step]:
    steps, source, source_label = [], party.key, party.label
    for key, label, relation in chain:
        steps.append(Step(key, label, relation, source, source_label))
        source, source_label = key, label
    return steps


def _same_controller(
    a: PartyView, chain_a: list[Link], b: PartyView, chain_b: list[Link]
) -> RelationEvidence | None:
    keys_b = [k for k, _, _ in chain_b]
    for i, (key, label, _) in enumerate(chain_a):
        if key in keys_b:
            j = keys_b.index(key)
            path = _control_path(a, chain_a[: i + 1]) + _control_path(b, chain_b[: j + 1])
            return RelationEvidence(
                "same_controller", f"{a.label}与{b.label}受同一实际控制人“{label}”控制", tuple(path)
            )
    return None


def _controls_other(a: PartyView, chain_a: list[Link], b: PartyView) -> RelationEvidence | None:
    for i, (key, _, _) in enumerate(chain_a):
        if key == b.key:
            return RelationEvidence(
                "same_controller",
                f"{b.label}是{a.label}的实际控制人或控股股东",
                tuple(_control_path(a, chain_a[: i + 1])),
            )
    return None


def _shared_legal_rep(a: PartyView, b: PartyView) -> RelationEvidence | None:
    if a.legal_rep and a.legal_rep == b.legal_rep:
        path = (
            Step(a.legal_rep, a.legal_rep_label, "法定代表人", a.key, a.label),
            Step(b.legal_rep, b.legal_rep_label, "法定代表人", b.key, b.label),
        )
        return RelationEvidence(
            "shared_legal_rep",
            f"{a.label}与{b.label}的法定代表人为同一人（{a.legal_rep_label}）",
            path,
        )
    return None


def shortest_path(
    start: str,
    goal: str,
    neighbours: Callable[[Iterable[str]], Mapping[str, list[Edge]]],
    *,
    max_hops: int = MAX_HOPS,
) -> list[Edge] | None:
    """Breadth-first search over undirected edges, one frontier at a time (so the caller can
    fetch a whole frontier's edges in one query). Returns the edges from start to goal."""
    if start == goal:
        return []
    parent: dict[str, tuple[str, Edge]] = {}
    seen = {start}
    frontier = [start]
    for _ in range(max_hops):
        found = neighbours(frontier)
        next_frontier: list[str] = []
        for node in frontier:
            for edge in found.get(node, []):
                other = edge.target if edge.source == node else edge.source
                if other in seen:
                    continue
                seen.add(other)
                parent[other] = (node, edge)
                if other == goal:
                    return _unwind(parent, start, goal)
                next_frontier.append(other)
        if not next_frontier:
            return None
        frontier = next_frontier
    return None


def _unwind(parent: dict[str, tuple[str, Edge]], start: str, goal: str) -> list[Edge]:
    edges, node = [], goal
    while node != start:
        node, edge = parent[node]
        edges.append(edge)
    return list(reversed(edges))


def find_relation(
    a: PartyView,
    b: PartyView,
    *,
    controller_of: Callable[[str], Link | None],
    neighbours: Callable[[Iterable[str]], Mapping[str, list[Edge]]],
    labels: Callable[[str], str],
    max_hops: int = MAX_HOPS,
) -> RelationEvidence | None:
    """Whether two organisations are related, with the path as evidence, checked in this order:
    one controls the other, same (ultimate) controller, shared legal representative, then an
    affiliation or ownership chain of at most `max_hops` links."""
    if a.key == b.key:
        return RelationEvidence("same", f"{a.label}与{b.label}为同一主体")
    chain_a, chain_b = (
        ultimate_controller(a.key, controller_of),
        ultimate_controller(b.key, controller_of),
    )
    found = (
        _controls_other(a, chain_a, b)
        or _controls_other(b, chain_b, a)
        or _same_controller(a, chain_a, b, chain_b)
        or _shared_legal_rep(a, b)
    )
    if found:
        return found
    edges = shortest_path(a.key, b.key, neighbours, max_hops=max_hops)
    if edges is None:
        return None
    steps = tuple(
        Step(e.source, labels(e.source), e.label, e.target, labels(e.target)) for e in edges
    )
    kind = "affiliation" if len(edges) == 1 and edges[0].kind == "affiliation" else "ownership"
    what = (
        "存在隶属、共建或参股关系" if kind == "affiliation" else f"存在{len(edges)}层股权或关联链条"
    )
    return RelationEvidence(kind, f"{a.label}与{b.label}{what}", steps)


MAJORITY_BP = 5000  # a shareholder holding more than half controls the company (控股股东)


def majority_holder(stakes: Iterable[tuple[str, str, int]]) -> Link | None:
    """The shareholder holding more than 50 %, as a controller link, from (key, label, stake_bp)."""
    for key, label, stake_bp in stakes:
        if stake_bp > MAJORITY_BP:
            return key, label, stake_label(stake_bp, verb="控股")
    return None


def stake_label(stake_bp: int, verb: str = "持股") -> str:
    """Stake in basis points (1/100 of a percent) → "持股 30.00%"."""
    return f"{verb} {stake_bp // 100}.{stake_bp % 100:02d}%"


def add_weekdays(start: dt.date, days: int) -> dt.date:
    """`days` weekdays after `start` (Saturdays and Sundays skipped). A review deadline for the
    work lists; the statutory deadlines use the working-day calendar of `innovoucher.workdays`."""
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current
