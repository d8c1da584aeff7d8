"""Complementary suppression of the public statistics: no hidden value can be derived from what the
public pages show (every filter at once), checked by attackers written independently of
`stats.disclosure`: one solving any sum with a single unknown until nothing changes, one by the
rank of the linear system (a cell is determined iff dropping its column lowers the rank of the
hidden part by one), and the minimum-count one (a sum whose remaining count equals its number of
hidden cells). Random tables from hypothesis; the DB path through `public_statistics`."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovoucher.stats import disclosure, selectors

K = 3
MEASURES = ("n", "subsidy_fen")


# --- a table of paid redemptions, aggregated as the public page does -----------------------------


def cells_of(records) -> dict:
    """records: (family, county, category, firm, subsidy_fen) → the public cells."""
    groups: dict = {}

    def add(key, firm, fen):
        g = groups.setdefault(key, {"firms": set(), "n": 0, "subsidy_fen": 0})
        g["firms"].add(firm)
        g["n"] += 1
        g["subsidy_fen"] += fen

    for fam, county, cat, firm, fen in records:
        for key in (
            ("county", fam, county),
            ("category", fam, cat),
            ("family", fam),
            ("county", "", county),
            ("category", "", cat),
            "total",
        ):
            add(key, firm, fen)
    return {k: {**g, "firms": len(g["firms"])} for k, g in groups.items()}


COUNTIES = {"a": ["a1", "a2", "a3", "a4"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2"]}
record = st.sampled_from(sorted(COUNTIES)).flatmap(
    lambda fam: st.tuples(
        st.just(fam),
        st.sampled_from(COUNTIES[fam]),
        st.sampled_from(["testing", "rd", "design", "pilot"]),
        st.integers(0, 11).map(lambda i: f"{fam}-firm{i}"),  # a firm stays in its family
        st.integers(1, 5_000_000),
    )
)


def fix_county(records):
    """A firm is in one county: its first record's county for all of them."""
    home: dict = {}
    out = []
    for fam, county, cat, firm, fen in records:
        out.append((fam, home.setdefault(firm, county), cat, firm, fen))
    return out


# --- attackers
# -------------------------------------------------------------------------------------


def peel(cells, constraints, hidden, measure):
    """Solve every sum with one unknown, repeatedly: the values recovered."""
    known = {k: c[measure] for k, c in cells.items() if k not in hidden}
    recovered = {}
    changed = True
    while changed:
        changed = False
        for c in constraints:
            unknown = [k for k in c.cells if k not in known]
            if len(unknown) != 1:
                continue
            [u] = unknown
            members = sum(known[m] for m in c.members if m != u)
            known[u] = members if u == c.total else known[c.total] - members
            recovered[u] = known[u]
            changed = True
    return recovered


def rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows if any(r)]
    r = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pick = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if pick is None:
            continue
        rows[r], rows[pick] = rows[pick], rows[r]
        for i in range(r + 1, len(rows)):
            if rows[i][col]:
                f = rows[i][col] / rows[r][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        r += 1
    return r


def determined_by_rank(constraints, hidden) -> set:
    cols = sorted(hidden, key=repr)
    matrix = []
    for c in constraints:
        coef = {c.total: -1, **dict.fromkeys(c.members, 1)}
        matrix.append([Fraction(coef.get(k, 0)) for k in cols])
    full = rank(matrix)
    return {
        k
        for i, k in enumerate(cols)
        if rank([row[:i] + row[i + 1 :] for row in matrix]) == full - 1
    }


def at_minimum(cells, constraints, hidden) -> set:
    out = set()
    for c in constraints:
        gone = [m for m in c.members if m in hidden]
        if c.total in hidden or not gone:
            continue
        rest = cells[c.total]["n"] - sum(cells[m]["n"] for m in c.members if m not in hidden)
        if rest == len(gone):
            out.update(gone)
    return out


def assert_protected(cells, constraints, status):
    hidden = set(status)
    assert {k for k, c in cells.items() if c["firms"] < K} <= hidden
    for measure in MEASURES:
        assert not peel(cells, constraints, hidden, measure)
    assert not determined_by_rank(constraints, hidden)
    assert not at_minimum(cells, constraints, hidden)
    for c in constraints:  # no sum with exactly one hidden cell
        assert len(hidden.intersection(c.cells)) != 1, c


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=60).map(fix_county))
def test_no_hidden_value_can_be_derived_from_what_is_shown(records):
    cells = cells_of(records)
    constraints = selectors.public_constraints(cells)
    status = disclosure.protect(cells, constraints, k=K)
    assert_protected(cells, constraints, status)
    # only what must go: a table without small cells hides nothing
    if all(c["firms"] >= K for c in cells.values()):
        assert not status


def test_primary_suppression_alone_gives_a_cell_away_and_complementary_stops_it():
    # one county of family a has one firm, the other counties have three or more
    records = [("a", "a1", "testing", "a-firm0", 700_000)]
    for i in range(3):
        records += [("a", "a2", "testing", f"a-firm{i + 1}", 100_000)]
        records += [("a", "a3", "rd", f"a-firm{i + 4}", 200_000)]
    cells = cells_of(records)
    constraints = selectors.public_constraints(cells)
    primary = {k for k, c in cells.items() if c["firms"] < K}
    assert primary == {("county", "a", "a1"), ("county", "", "a1")}
    leaked = peel(cells, constraints, primary, "subsidy_fen")
    assert leaked[("county", "a", "a1")] == 700_000  # family total minus the counties shown
    status = disclosure.protect(cells, constraints, k=K)
    assert status[("county", "a", "a1")] == "primary"
    assert "secondary" in status.values()
    assert_protected(cells, constraints, status)


def test_a_bridge_between_two_protected_blocks_is_caught():
    """The 2x2 block's rows and columns each hide two cells, yet the cell joining the block to
    the rest is a bridge: R1 + R2 - C1 - C2 gives it away. The rank attacker finds it and
    `determined` agrees."""
    con = disclosure.Constraint
    # rows r1, r2 with columns c1, c2: a 2x2 block; r3 x c3 attached by the cell (r1, c3)
    constraints = [
        con("R1", ("x11", "x12", "x13")),
        con("R2", ("x21", "x22")),
        con("R3", ("x33", "x34")),
        con("C1", ("x11", "x21")),
        con("C2", ("x12", "x22")),
        con("C3", ("x13", "x33")),
        con("C4", ("x34",)),
    ]
    hidden = {"x11", "x12", "x21", "x22", "x13", "x33"}
    assert disclosure.determined(hidden, constraints) == determined_by_rank(constraints, hidden)
    assert "x13" in disclosure.determined(hidden, constraints)


def test_pinned_counts_are_hidden_further():
    con = disclosure.Constraint
    cells = {
        "T": {"firms": 9, "n": 9, "subsidy_fen": 900},
        "a": {"firms": 1, "n": 1, "subsidy_fen": 100},
        "b": {"firms": 1, "n": 1, "subsidy_fen": 100},
        "c": {"firms": 7, "n": 7, "subsidy_fen": 700},
    }
    constraints = [con("T", ("a", "b", "c"))]
    # a and b hidden, each with one redemption: 9 - 7 = 2 = two cells of at least one each
    assert disclosure.pinned({"a", "b"}, constraints, cells) == {"a", "b"}
    status = disclosure.protect(cells, constraints, k=K)
    assert status == {"a": "primary", "b": "primary", "c": "secondary"}


@pytest.mark.django_db
def test_public_statistics_apply_the_pattern_to_every_filter(monkeypatch):
    records = [("f1", "110101", "testing", "f1-firm0", 500_000)]
    records += [("f1", "110102", "testing", f"f1-firm{i + 1}", 100_000) for i in range(3)]
    records += [("f1", "110103", "rd", f"f1-firm{i + 4}", 100_000) for i in range(4)]
    records += [("f2", "120101", "rd", f"f2-firm{i}", 300_000) for i in range(5)]
    cells = cells_of(records)
    monkeypatch.setattr(
        selectors, "public_tables", lambda year: (cells, selectors.public_constraints(cells))
    )
    shown = []
    for family in ("", "f1", "f2"):
        public = selectors.public_statistics(year=2026, family=family)
        for table in ("by_county", "by_category"):
            shown += [r for r in public[table] if not r["suppressed"]]
            for r in public[table]:
                assert r["suppressed"] == (r["subsidy_fen"] is None)
    # the single firm's 5,000 yuan is not recoverable: its county is hidden, and so is the next
    # smallest county of f1 and everything that would pin either of them
    f1 = selectors.public_statistics(year=2026, family="f1")
    hidden = [r for r in f1["by_county"] if r["suppressed"]]
    assert {r["suppression"] for r in hidden} == {"primary", "secondary"}
    assert all(r["subsidy_fen"] != 500_000 for r in shown)
    status = disclosure.protect(cells, selectors.public_constraints(cells), k=K)
    assert_protected(cells, selectors.public_constraints(cells), status)
