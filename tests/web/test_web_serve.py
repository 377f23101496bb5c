"""`qawl serve` as a user runs it, the settings, and the bundled samples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from webhelpers import free_port

from qawl.web import Settings


def test_serve_command_runs_a_server(tmp_path):
    port = free_port()
    env = {**os.environ, "QAWL_TOKEN": "serve-test-token-1"}
    env.pop("QAWL_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "qawl.cli", "serve", "--db", str(tmp_path / "a.sqlite"), "--port", str(port)]
        if False
        else [sys.executable, "-c", "from qawl.cli import main; main()", "serve", "--db", str(tmp_path / "a.sqlite"),
              "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        proc.stderr.read() if proc.poll() is not None else "no answer"
                    ) from None
                time.sleep(0.2)
        assert r.json()["archive"] is True and r.json()["writes"] is True
        r = httpx.post(
            f"http://127.0.0.1:{port}/api/articles",
            json={"text": "قال: «نعم».", "id": "x1"},
            headers={"authorization": "Bearer serve-test-token-1"},
            timeout=60,
        )
        assert r.status_code == 201
        assert httpx.get(f"http://127.0.0.1:{port}/api/articles").json()["total"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert (tmp_path / "a.sqlite").exists()


def test_serve_is_registered_with_help():
    from typer.testing import CliRunner

    from qawl.cli import app

    out = CliRunner().invoke(app, ["serve", "--help"])
    assert out.exit_code == 0
    for opt in ("--db", "--host", "--port", "--sample"):
        assert opt in out.output


def test_settings_from_env():
    s = Settings.from_env(
        {"QAWL_TOKEN": "a-long-token", "QAWL_MAX_BODY_BYTES": "1000", "QAWL_DB": "x.sqlite"}
    )
    assert (s.token, s.max_body_bytes, s.db) == ("a-long-token", 1000, "x.sqlite")
    assert Settings.from_env({}, db="y.sqlite").db == "y.sqlite"
    with pytest.raises(ValueError):
        Settings.from_env({"QAWL_TOKEN": "short"})
    with pytest.raises(ValueError):
        Settings.from_env({"QAWL_EXTRACT_TIMEOUT": "soon"})


def test_bundled_samples_are_well_formed():
    from qawl.samples import iter_samples, path

    rows = list(iter_samples())
    assert len(rows) == 247
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "title", "text", "published", "source", "url"}
        assert r["text"].strip()
    seed = rows[0]
    assert seed["id"] == "seed-coalition" and seed["published"] == "2025-11-25"
    assert sum(r["id"].endswith("-ar") for r in rows) == sum(r["id"].endswith("-en") for r in rows) == 123
    assert (path().parent / "SOURCES.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 1
    json.dumps(rows[1], ensure_ascii=False)


def test_load_samples_is_idempotent(tmp_path):
    from qawl.cli.serve import load_samples

    db = str(tmp_path / "samples.sqlite")
    first = load_samples(db, limit=3, quiet=True, jobs=1)
    assert first["added"] == 3
    again = load_samples(db, limit=3, quiet=True, jobs=1)
    assert again["added"] == 0 and again["unchanged"] == 3
