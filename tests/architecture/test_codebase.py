"""The shape of the code, checked: one lifecycle engine, codes from the catalogue, one audit-action
scheme, no function-local imports of the project (see ADR 0010 and docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from innovoucher.core.audit import ACTION_SCHEME
from innovoucher.core.codes import catalogue

SRC = Path(__file__).resolve().parents[2] / "src" / "innovoucher"
ERROR_CLASSES = {"DomainError", "ValidationFailed", "NotFound", "PermissionDenied", "Conflict"}

# Function-local project imports an ADR explains: "path/from/src::function" -> ADR.
ALLOWED_LOCAL_IMPORTS: dict[str, str] = {}


def production_files():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def parsed():
    for path in production_files():
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def test_one_transition_type():
    found = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path, tree in parsed()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == "Transition"
    ]
    assert [f.split(":")[0] for f in found] == ["core/lifecycle.py"], found


def _error_classes(trees) -> set[str]:
    """DomainError and every class of the project that derives from one of its subclasses."""
    names = set(ERROR_CLASSES)
    changed = True
    while changed:
        changed = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    if any(_name(b) in names for b in node.bases):
                        names.add(node.name)
                        changed = True
    return names


def test_error_codes_come_from_the_catalogue():
    trees = list(parsed())
    classes = _error_classes(trees)
    inline = []
    for path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in classes:
                for kw in node.keywords:
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                        inline.append(f"{path.relative_to(SRC)}:{node.lineno} {kw.value.value!r}")
            if isinstance(node, ast.ClassDef) and node.name in classes:
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets)
                        and isinstance(stmt.value, ast.Constant)
                        and path.name != "errors.py"
                    ):
                        inline.append(f"{path.relative_to(SRC)}:{stmt.lineno} class code")
    assert not inline, "error codes written inline instead of a Code member:\n" + "\n".join(inline)


def test_every_code_is_defined_once_platform_wide():
    seen: dict[str, str] = {}
    twice = []
    for app, enum in catalogue().items():
        for member in enum:
            if str(member) in seen:
                twice.append(f"{member} in {seen[str(member)]} and {app}")
            seen[str(member)] = app
            assert re.fullmatch(r"[a-z][a-z0-9_]*", str(member)), member
    assert not twice, twice


def test_audit_actions_follow_app_entity_verb():
    bad = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) == "record"):
                continue
            if not (isinstance(node.func, ast.Attribute) and _name(node.func.value) == "audit"):
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                if isinstance(kw.value, ast.Constant):
                    if not ACTION_SCHEME.fullmatch(kw.value.value):
                        bad.append(f"{where} {kw.value.value!r}")
                elif isinstance(kw.value, ast.JoinedStr):
                    head = kw.value.values[0]
                    prefix = head.value if isinstance(head, ast.Constant) else ""
                    # The rest is formatted at run time, where `audit.record` refuses a bad name.
                    if not re.match(r"[a-z][a-z0-9_]*\.", prefix):
                        bad.append(f"{where} f-string starting {prefix!r}")
    assert not bad, "audit actions must be <app>.<entity>.<verb>:\n" + "\n".join(bad)


def test_no_function_local_project_imports():
    local = []
    for path, tree in parsed():
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef) or func.name == "ready":
                continue
            for node in ast.walk(func):
                module = ""
                if isinstance(node, ast.ImportFrom):
                    module = "." if node.level else (node.module or "")
                elif isinstance(node, ast.Import):
                    module = node.names[0].name
                if module == "." or module.startswith("innovoucher"):
                    key = f"{path.relative_to(SRC)}::{func.name}"
                    if key not in ALLOWED_LOCAL_IMPORTS:
                        local.append(f"{key}:{node.lineno} {module}")
    assert not sorted(set(local)), "function-local project imports:\n" + "\n".join(
        sorted(set(local))
    )


@pytest.mark.parametrize(
    "prefix", ["registry", "providers", "orders", "vouchers", "redemptions", "ledger"]
)
def test_every_app_with_a_lifecycle_declares_badge_tones(prefix):
    from importlib import import_module

    states = import_module(f"innovoucher.{prefix}.states")
    assert getattr(states, "TONES", None), f"{prefix}.states has no TONES for status badges"


def test_no_inline_script_in_templates():
    """The CSP allows scripts from our own static files only (docs/security.md)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.I)
    found = [
        f"{path.relative_to(SRC)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in sorted(SRC.rglob("templates/**/*.html"))
        for text in [path.read_text(encoding="utf-8")]
        for m in inline.finditer(text)
    ]
    assert not found, "inline script (refused by the CSP):\n" + "\n".join(found)
