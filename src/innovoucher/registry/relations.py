"""Related parties across the registry: `related(a, b)` and `controller_group_key(org)`.

These are system-level reads used by other services (eligibility, caps, supervision) on
organisations they have already loaded through a scoped selector. The graph logic is pure
(`registry.domain`); this module only fetches one frontier of edges at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from innovoucher.registry.domain import (
    AFFILIATION_KINDS,
    MAJORITY_BP,
    Edge,
    Link,
    PartyView,
    RelationEvidence,
    find_relation,
    group_key,
    majority_holder,
    stake_label,
    ultimate_controller,
)
from innovoucher.registry.models import ActualController, Affiliation, Organisation, Shareholder


class _Graph:
    """Fetches edges and labels by node key, remembering labels for the evidence."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}

    def remember(self, key: str, label: str) -> str:
        self.labels.setdefault(key, label)
        return key

    def org_key(self, org: Organisation) -> str:
        return self.remember(org.party_key, org.name)

    def view(self, org: Organisation) -> PartyView:
        rep = f"person:{org.legal_rep_id_hash}" if org.legal_rep_id_hash else None
        rep_label = f"{org.legal_rep_name}（{org.legal_rep_id_masked}）" if rep else ""
        if rep:
            self.remember(rep, rep_label)
        return PartyView(
            key=self.org_key(org), label=org.name, legal_rep=rep, legal_rep_label=rep_label
        )

    def _orgs(self, keys: Iterable[str]) -> list[Organisation]:
        codes = [k[5:] for k in keys if k.startswith("uscc:")]
        ids = [int(k[4:]) for k in keys if k.startswith("org:")]
        if not codes and not ids:
            return []
        return list(Organisation.objects.filter(Q(uscc__in=codes) & ~Q(uscc="") | Q(pk__in=ids)))

    def holder(self, row) -> str:
        """Remember and return the node key of a shareholder or controller row."""
        label = row.holder_label if row.holder_type == row.HolderType.PERSON else row.holder_name
        return self.remember(row.holder_key, label)

    def controller_of(self, key: str) -> Link | None:
        """The declared actual controller, else a shareholder holding more than half."""
        orgs = self._orgs([key])
        if not orgs:
            return None
        controller = ActualController.objects.filter(organisation=orgs[0]).first()
        if controller is not None:
            node = self.holder(controller)
            return node, self.labels[node], "实际控制"
        stakes = [
            (self.holder(s), s.stake_bp)
            for s in Shareholder.objects.filter(organisation=orgs[0], stake_bp__gt=MAJORITY_BP)
        ]
        return majority_holder((node, self.labels[node], bp) for node, bp in stakes)

    def neighbours(self, frontier: Iterable[str]) -> dict[str, list[Edge]]:
        frontier = list(frontier)
        orgs = {self.org_key(o): o for o in self._orgs(frontier)}
        codes = [k[5:] for k in frontier if k.startswith("uscc:")]
        hashes = [k[7:] for k in frontier if k.startswith("person:")]
        holdings = Shareholder.objects.filter(
            Q(organisation__in=orgs.values())
            | Q(holder_uscc__in=codes) & ~Q(holder_uscc="")
            | Q(holder_id_hash__in=hashes) & ~Q(holder_id_hash="")
        )
        controls = ActualController.objects.filter(
            Q(organisation__in=orgs.values())
            | Q(holder_uscc__in=codes) & ~Q(holder_uscc="")
            | Q(holder_id_hash__in=hashes) & ~Q(holder_id_hash="")
        )
        affiliations = Affiliation.objects.filter(
            Q(organisation__in=orgs.values()) | Q(counterpart_uscc__in=codes)
        )
        edges: list[Edge] = []
        for row in holdings.select_related("organisation"):
            edges.append(
                Edge(
                    self.holder(row),
                    self.org_key(row.organisation),
                    "shareholding",
                    stake_label(row.stake_bp),
                )
            )
        for row in controls.select_related("organisation"):
            edges.append(
                Edge(self.holder(row), self.org_key(row.organisation), "controller", "实际控制")
            )
        for row in affiliations.select_related("organisation"):
            other = self.remember(f"uscc:{row.counterpart_uscc}", row.counterpart_name)
            edges.append(
                Edge(
                    self.org_key(row.organisation),
                    other,
                    "affiliation",
                    AFFILIATION_KINDS[row.kind],
                )
            )
        by_node: dict[str, list[Edge]] = {}
        for edge in edges:
            by_node.setdefault(edge.source, []).append(edge)
            by_node.setdefault(edge.target, []).append(edge)
        return by_node

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def related(org_a: Organisation, org_b: Organisation) -> RelationEvidence | None:
    """Whether two organisations are related (same actual controller, shared legal
    representative by ID hash, affiliation, or an ownership chain of up to three links),
    with the path as evidence; None when no relation is recorded."""
    graph = _Graph()
    return find_relation(
        graph.view(org_a),
        graph.view(org_b),
        controller_of=graph.controller_of,
        neighbours=graph.neighbours,
        labels=graph.label,
    )


def controller_group_key(org: Organisation) -> str:
    """Caps per actual-controller group: the key of the ultimate controller (``person:<hash>`` or
    ``uscc:<code>``) following declared actual controllers, else majority shareholders; the
    organisation's own key when it has neither."""
    graph = _Graph()
    key = graph.org_key(org)
    return group_key(key, ultimate_controller(key, graph.controller_of))
