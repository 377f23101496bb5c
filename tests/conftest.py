"""Shared fixtures: the shared evaluation folder beside the repository, and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the checkout (CI lays a copy there); QAWL_SHARED overrides."""
    return Path(os.environ.get("QAWL_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "eval").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the shared folder is missing at {path}; CI must lay it beside the checkout")
        pytest.skip(f"no shared folder at {path} (set QAWL_SHARED)")
    return path


def spans_round_trip(doc) -> None:
    """Every span of a Document indexes the untouched text (STYLE.md habit 1)."""
    text = doc.text
    for q in doc.quotes:
        assert text[q.start : q.end] == q.text
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.mention is not None:
            m = q.speaker.mention
            assert text[m.start : m.end] == m.text
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for d in doc.dates:
        assert text[d.start : d.end] == d.text
