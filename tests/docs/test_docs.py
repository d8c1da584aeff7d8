"""The documentation stays true: generated reference current, ADRs complete, links not broken.

No database: these read files and run the pure generator only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innovoucher.policies import docgen

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ADRS = sorted((DOCS / "adr").glob("[0-9][0-9][0-9][0-9]-*.md"))
MARKDOWN = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
# Inline links [text](target); a link inside a code span or fenced block is not a link.
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
EXTERNAL = ("http://", "https://", "mailto:")


def _strip_code(text: str) -> str:
    """Drop fenced blocks and inline code so a link-shaped example is not taken for a link."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def test_policy_parameter_reference_is_current():
    committed = (ROOT / docgen.OUTPUT).read_text(encoding="utf-8")
    assert committed == docgen.render(), (
        "docs/policy-parameters.md is stale: run `.venv/bin/innovoucher policy_docs`"
    )


def test_every_code_the_engine_accepts_is_described():
    assert docgen.undescribed() == [], (
        "describe these in src/innovoucher/policies/docgen.py, then run `innovoucher policy_docs`"
    )


def test_required_keys_are_derived_from_the_loader():
    version, process = docgen.required_keys()
    assert {"code", "effective_from", "components", "payee", "process"} <= version
    assert "effective_to" not in version and "caps" not in version
    assert {"issuance", "review_chain", "cadence", "claimant"} == process


def test_there_are_adrs():
    assert len(ADRS) >= 4


@pytest.mark.parametrize("path", ADRS, ids=lambda p: p.name)
def test_adr_has_context_decision_consequences(path):
    headings = re.findall(r"^##\s+(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
    for wanted in ("Context", "Decision", "Consequences"):
        assert wanted in headings, f"{path.name} lacks a '## {wanted}' section"
    assert headings.index("Context") < headings.index("Decision") < headings.index("Consequences")


def test_readme_names_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_existing_files(path):
    broken = []
    for target in LINK.findall(_strip_code(path.read_text(encoding="utf-8"))):
        if target.startswith(EXTERNAL) or target.startswith("#"):
            continue
        file_part = target.split("#", 1)[0]
        if not (path.parent / file_part).exists():
            broken.append(target)
    assert broken == [], f"{path.relative_to(ROOT)} links to missing files: {broken}"


def test_lifecycle_diagrams_are_current():
    from innovoucher.portal import lifecycles

    committed = (ROOT / lifecycles.OUTPUT).read_text(encoding="utf-8")
    assert committed == lifecycles.render(), (
        "docs/lifecycles.md is stale: run `.venv/bin/innovoucher lifecycle_docs`"
    )


def test_error_code_catalogue_is_current():
    from innovoucher.core.codes import render_markdown

    path = DOCS / "error-codes.md"
    assert path.exists() and path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/error-codes.md is stale: run `innovoucher error_code_docs`"
    )
