"""docs/security.md stays true: every test its control map cites exists.

Each row of the map names its tests in the last column as `path/test_x.py::test_name` (a
following `::test_other` belongs to the same file) or as a file or folder alone. Paths are
relative to the repository or to src/innovoucher/. A row without a test says why in words
(`— (operational)`). No database: this reads files only.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "security.md"
CODE = re.compile(r"`([^`]+)`")
CITATION = re.compile(r"^(?P<path>[\w./-]+\.py)?(?:::(?P<name>\w+)(?:\[[^\]]*\])?)?$")


def _rows() -> list[list[str]]:
    rows = []
    for line in MAP.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or set(line) <= {"|", "-", " "}:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0].startswith("control"):
            continue  # the header
        rows.append(cells)
    return rows


def _resolve(path: str) -> Path | None:
    for base in (ROOT, ROOT / "src" / "innovoucher"):
        if (base / path).exists():
            return base / path
    return None


@cache
def _functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def citations(cell: str) -> list[tuple[str, str | None]]:
    """(file or folder, test name or None) of every test a cell cites, in order."""
    found: list[tuple[str, str | None]] = []
    current = None
    for token in CODE.findall(cell):
        token = token.strip()
        if token.endswith("/") or re.fullmatch(r"tests(/\w+)+", token):
            found.append((token, None))
            continue
        m = CITATION.match(token)
        if not m or not (m["path"] or (m["name"] and current)):
            continue
        current = m["path"] or current
        found.append((current, m["name"]))
    return found


def test_the_map_has_its_rows():
    rows = _rows()
    assert len(rows) >= 25, "the MLPS-3 map lost its rows"
    controls = " ".join(r[0] for r in rows)
    for wanted in ("身份鉴别", "访问控制", "安全审计", "数据备份恢复", "软件容错", "上传"):
        assert wanted in controls, f"no row for {wanted}"


def test_the_map_cites_many_tests():
    assert sum(len(citations(r[-1])) for r in _rows()) >= 40


def test_every_row_cites_a_test_or_says_why_not():
    silent = [r[0] for r in _rows() if not citations(r[-1]) and not r[-1].startswith("—")]
    assert silent == [], f"rows without a test: {silent}"


def test_every_cited_test_file_and_function_exists():
    missing = []
    for row in _rows():
        for path, name in citations(row[-1]):
            where = _resolve(path)
            if where is None:
                missing.append(f"{row[0]}: {path} does not exist")
            elif name and (where.is_dir() or name not in _functions(where)):
                missing.append(f"{row[0]}: {path}::{name} does not exist")
    assert missing == [], "docs/security.md cites tests that do not exist:\n" + "\n".join(missing)


def test_the_parser_reads_the_citation_forms():
    cell = "`a/test_x.py::test_one`, `::test_two`, `tests/security/test_y.py`, `tests/architecture`"
    assert citations(cell) == [
        ("a/test_x.py", "test_one"),
        ("a/test_x.py", "test_two"),
        ("tests/security/test_y.py", None),
        ("tests/architecture", None),
    ]
    assert citations("`core.audit.record`, `INNOVOUCHER_TLS=1`") == []
