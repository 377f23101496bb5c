"""The archive commands: ingest, quotes, speakers, show, export, entities; formats and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from tests.store.storehelpers import fake_extract
from typer.testing import CliRunner

import qawl
from qawl.cli import app

ROWS = [
    {
        "id": "n1",
        "text": 'Ann Lee said "taxes will fall". Bob said "no way".',
        "published": "2025-11-20",
        "source": "wire",
    },
    {"id": "n2", "text": "قال ماكرون: «فرنسا ستبقى». ", "published": "2025-11-22", "source": "aawsat"},
    {
        "id": "n3",
        "text": 'Ann Lee said "taxes will fall again".',
        "published": "2025-11-25",
        "source": "wire",
    },
]


@pytest.fixture
def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture
def db(db_url, tmp_path, monkeypatch, runner):
    monkeypatch.setattr(qawl, "extract", fake_extract)
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS) + "{broken\n", encoding="utf-8"
    )
    res = runner.invoke(app, ["ingest", str(src), "--db", db_url, "--no-progress"])
    assert res.exit_code == 8, res.output  # one line skipped
    assert "in.jsonl:4" in res.stderr and "3 added" in res.stderr and "1 skipped" in res.stderr
    return db_url


def run(runner, *args):
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, (res.stdout, res.stderr)
    return res.stdout


def test_reingest_is_a_no_op(db, runner, tmp_path):
    src = tmp_path / "in.jsonl"
    res = runner.invoke(app, ["ingest", str(src), "--db", db, "--json"])
    report = json.loads(res.stdout)
    assert (report["added"], report["unchanged"], report["skipped"]) == (0, 3, 1)


def test_quotes_json(db, runner):
    out = json.loads(run(runner, "quotes", "--db", db, "--speaker", "Ann Lee", "--format", "json"))
    assert [q["text"] for q in out] == ["taxes will fall again", "taxes will fall"]
    q = out[0]
    for key in ("article", "speaker", "date", "text", "start", "end", "cue", "kind", "source", "url"):
        assert key in q
    assert q["article"] == "n3" and q["date"] == "2025-11-25" and q["source"] == "wire"


def test_quotes_filters_and_csv(db, runner):
    out = run(runner, "quotes", "--db", db, "--text", "taxes", "--until", "2025-11-21", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["text"] for r in rows] == ["taxes will fall"]
    out = json.loads(run(runner, "quotes", "--db", db, "--source", "aawsat", "--format", "json"))
    assert [q["speaker"] for q in out] == ["ماكرون"]
    assert (
        json.loads(run(runner, "quotes", "--db", db, "--since", "2025-11-21", "--format", "json", "-n", "1"))[
            0
        ]["article"]
        == "n3"
    )
    bad = runner.invoke(app, ["quotes", "--db", db, "--since", "yesterday"])
    assert bad.exit_code == 2


def test_quotes_table(db, runner):
    out = run(runner, "quotes", "--db", db)
    assert "Ann Lee" in out and "taxes will fall" in out


def test_speakers(db, runner):
    out = json.loads(run(runner, "speakers", "--db", db, "--format", "json"))
    assert [(s["name"], s["quotes"]) for s in out][0] == ("Ann Lee", 2)
    assert "Ann Lee" in run(runner, "speakers", "--db", db)


def test_show(db, runner):
    out = run(runner, "show", "n1", "--db", db)
    assert "taxes will fall" in out and "Bob" in out
    data = json.loads(run(runner, "show", "n1", "--db", db, "--format", "json"))
    assert data["article"] == "n1" and len(data["quotes"]) == 2
    assert runner.invoke(app, ["show", "missing", "--db", db]).exit_code == 10


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(db, runner, tmp_path, fmt):
    path = tmp_path / f"q.{fmt}"
    res = runner.invoke(app, ["export", "--format", fmt, "--output", str(path), "--db", db])
    assert res.exit_code == 0 and "4 quotes" in res.stderr
    if fmt == "jsonl":
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    assert len(rows) == 4 and {r["speaker"] for r in rows} == {"Ann Lee", "Bob", "ماكرون"}
    res = runner.invoke(app, ["export", "-f", fmt, "-o", str(path), "--db", db, "--speaker", "Bob"])
    assert "1 quotes" in res.stderr


def test_entities_commands(db, runner):
    res = runner.invoke(app, ["entities", "merge", "Ann Lee", "Bob", "--db", db])
    assert res.exit_code == 0, res.stderr
    assert len(json.loads(run(runner, "quotes", "--db", db, "--speaker", "Bob", "--format", "json"))) == 3
    out = run(runner, "entities", "explain", "Bob", "--db", db)
    assert "manual" in out and "in effect" in out
    ex = json.loads(run(runner, "entities", "explain", "Ann Lee", "--db", db, "--json"))
    mid = ex["merges"][0]["id"]
    run(runner, "entities", "unmerge", str(mid), "--db", db)
    assert len(json.loads(run(runner, "quotes", "--db", db, "--speaker", "Bob", "--format", "json"))) == 1
    assert runner.invoke(app, ["entities", "explain", "Nobody", "--db", db]).exit_code == 9


@pytest.mark.parametrize(
    "cmd",
    [["ingest"], ["quotes"], ["speakers"], ["show"], ["export"], ["entities"], ["entities", "explain"],
     ["entities", "merge"], ["entities", "unmerge"]],
)  # fmt: skip
def test_every_command_has_help(cmd, runner):
    res = runner.invoke(app, [*cmd, "--help"])
    assert res.exit_code == 0 and len(res.stdout) > 100
