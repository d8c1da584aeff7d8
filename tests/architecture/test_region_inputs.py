"""No region code is typed by hand (issue 15): every form field that takes a region is the GB/T 2260
picker (`regions.widgets.RegionPicker`) or a list of the regions a person holds (a ChoiceField),
and no template has a text input for one (hand-written forms include
`regions/_region_picker.html`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "innovoucher"
REGION_NAME = re.compile(r"^(region|region_code|\w+_region|\w+_region_code)$")
TYPED_FIELDS = {"CharField", "RegexField", "IntegerField", "SlugField"}
NOT_YET: set[str] = set()  # every form takes its regions from the picker


def _files(suffix: str):
    for path in sorted(SRC.rglob(f"*{suffix}")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _picker(call: ast.Call) -> bool:
    for kw in call.keywords:
        if kw.arg == "widget" and isinstance(kw.value, ast.Call):
            func = kw.value.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "RegionPicker":
                return True
    return False


def test_every_region_form_field_is_the_picker():
    typed = []
    for path in _files(".py"):
        rel = str(path.relative_to(SRC))
        if rel in NOT_YET or rel.startswith("regions/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ClassDef)):
                continue
            for stmt in node.body:
                if not (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and REGION_NAME.match(stmt.targets[0].id)
                    and isinstance(stmt.value, ast.Call)
                ):
                    continue
                func = stmt.value.func
                field = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                module = (
                    func.value.id
                    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    else ""
                )
                if module == "forms" and field in TYPED_FIELDS and not _picker(stmt.value):
                    typed.append(f"{rel}:{stmt.lineno} {node.name}.{stmt.targets[0].id}")
    assert not typed, typed


def test_no_template_has_a_text_input_for_a_region():
    found = []
    for path in _files(".html"):
        rel = str(path.relative_to(SRC))
        for m in re.finditer(r"<input\b[^>]*>", path.read_text(encoding="utf-8")):
            tag = m.group(0)
            if re.search(r'name="[^"]*region[^"]*"', tag) and 'type="hidden"' not in tag:
                found.append(f"{rel}: {tag}")
    assert not found, found
