"""Statistical disclosure control of the public statistics: primary and complementary suppression.

The public tables are linked by sums a visitor can do: the cells of a family by county and by
category add up to the family's total, a category's cells over all families add up to the
category's all-family figure, the families add up to the grand total. Hiding only the cells of
fewer than `k` firms (primary suppression) is not enough: a table with one hidden cell gives it
away as its total minus the cells shown.

`protect` therefore hides further cells (complementary or secondary suppression) until no hidden
value follows from what is shown. The attacker it defends against knows every shown figure, the
sums that link them (`constraints`) and that a count is at least one for every listed cell:

- **equalities** — a hidden cell is *determined* when its value is a linear combination of the
  shown ones, i.e. when the unit vector of the cell lies in the row space of the constraint
  matrix restricted to the hidden cells (exact rational elimination, `determined`). This covers
  the classic "one hidden cell in a row" and also chains across tables (two hidden cells in a
  row whose partners are pinned by the columns);
- **minimum counts** — in a sum whose remaining count equals the number of its hidden cells,
  each of those cells is exactly one (`pinned`).

While some hidden cell is determined or pinned, the smallest shown cell of a sum that involves
it is hidden too (members before totals, fewest firms then least money first), and the analysis
runs again; each round hides one more cell, so it ends. The measures `n` and `subsidy_fen` are
additive over every constraint; firm counts are not (a firm may buy several categories), so a
pattern that protects the additive measures protects the firm counts as well (fewer equalities
can only leave more freedom).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Constraint:
    """`total` = the sum of `members` (cell keys)."""

    total: Hashable
    members: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.members)


def determined(hidden: Iterable[Hashable], constraints: Iterable[Constraint]) -> set:
    """The hidden cells whose value follows from the shown ones through the constraints: those
    whose unit vector lies in the row space of the constraints restricted to the hidden cells
    (sparse exact elimination; a pivot row with no other entry is such a unit vector)."""
    hidden = set(hidden)
    rows: list[dict] = []
    for c in constraints:
        row: dict = {}
        for key, coef in ((c.total, -1), *((m, 1) for m in c.members)):
            if key in hidden:
                row[key] = row.get(key, 0) + coef
        row = {key: Fraction(v) for key, v in row.items() if v}
        if row:
            rows.append(row)
    basis = _reduce(rows)
    return {key for key, row in basis.items() if len(row) == 1}


def _reduce(rows: list[dict]) -> dict:
    """Reduced row echelon form of sparse rows: pivot key -> its row (pivot coefficient 1, no
    other row has an entry in a pivot column)."""
    basis: dict = {}
    for row in rows:
        row = dict(row)
        for key in [k for k in row if k in basis]:
            factor = row.get(key)
            if factor:
                for k2, v in basis[key].items():
                    value = row.get(k2, 0) - factor * v
                    if value:
                        row[k2] = value
                    else:
                        row.pop(k2, None)
        if not row:
            continue
        pivot = min(row, key=repr)
        lead = row[pivot]
        row = {k2: v / lead for k2, v in row.items()}
        for other in basis.values():
            factor = other.get(pivot)
            if factor:
                for k2, v in row.items():
                    value = other.get(k2, 0) - factor * v
                    if value:
                        other[k2] = value
                    else:
                        other.pop(k2, None)
        basis[pivot] = row
    return basis


def pinned(
    hidden: set, constraints: Iterable[Constraint], cells: dict[Hashable, dict], measure: str = "n"
) -> set:
    """Hidden members of a sum with a shown total whose hidden part is all at the minimum of one:
    `total - shown members == number of hidden members` gives each of them away."""
    found = set()
    for c in constraints:
        if c.total in hidden:
            continue
        gone = [m for m in c.members if m in hidden]
        if not gone:
            continue
        rest = cells[c.total][measure] - sum(
            cells[m][measure] for m in c.members if m not in hidden
        )
        if rest == len(gone):
            found.update(gone)
    return found


def exposed(hidden: set, constraints: list[Constraint], cells: dict[Hashable, dict]) -> set:
    return determined(hidden, constraints) | pinned(hidden, constraints, cells)


def _cost(key, cells, totals) -> tuple:
    c = cells[key]
    return (key in totals, c["firms"], c["subsidy_fen"], c["n"], repr(key))


def protect(cells: dict[Hashable, dict], constraints: list[Constraint], *, k: int) -> dict:
    """Key -> "primary" (fewer than `k` firms) or "secondary" (hidden so that no primary one can be
    recovered) for every hidden cell; cells not in the result are shown."""
    constraints = [c for c in constraints if c.total in cells]
    status = {key: "primary" for key, c in cells.items() if c["firms"] < k}
    totals = {c.total for c in constraints}
    while status:
        hidden = set(status)
        bad = exposed(hidden, constraints, cells)
        if not bad:
            break
        candidates = {
            key
            for c in constraints
            if hidden.intersection(c.cells) and bad.intersection(c.cells)
            for key in c.cells
            if key not in hidden and key in cells
        }
        if not candidates:  # every sum touching it is hidden already: widen to any shown cell
            candidates = set(cells) - hidden
        if not candidates:
            break
        status[min(candidates, key=lambda key: _cost(key, cells, totals))] = "secondary"
    return status
