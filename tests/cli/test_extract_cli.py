"""`qawl extract` as a user runs it: a real process, real files, documented exit codes."""

import json
import subprocess
import sys

import pytest

ARTICLE = "قال وزير المالية خالد الفهد إن الميزانية ستسجل فائضاً. وأضاف: «لن نرفع الضرائب»."


def run(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "qawl", *args], input=stdin, capture_output=True, timeout=120
    )


def test_json_output_is_the_contract(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    out = run("extract", str(p), "--published", "2025-11-25")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["published"] == "2025-11-25"
    assert [q["speaker"]["name"] for q in doc["quotes"]] == ["خالد الفهد", "خالد الفهد"]
    for q in doc["quotes"]:
        assert ARTICLE[q["start"] : q["end"]] == q["text"]


def test_text_format_for_people(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    out = run("extract", str(p), "--format", "text")
    assert out.returncode == 0
    assert "خالد الفهد" in out.stdout.decode() and "‹قال›" in out.stdout.decode()


def test_stdin():
    out = run("extract", "-", stdin=ARTICLE.encode())
    assert out.returncode == 0 and json.loads(out.stdout)["quotes"]


def test_empty_file_exit_3(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    out = run("extract", str(p))
    assert out.returncode == 3 and b"empty" in out.stderr


def test_binary_file_exit_4(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    out = run("extract", str(p))
    assert out.returncode == 4 and b"PDF" in out.stderr


def test_windows_1256_is_decoded(tmp_path):
    p = tmp_path / "cp1256.txt"
    p.write_bytes(ARTICLE.encode("cp1256"))
    out = run("extract", str(p))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["quotes"][0]["speaker"]["name"] == "خالد الفهد"


def test_huge_file_gets_a_clear_message(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes((ARTICLE + "\n").encode() * (20_000_000 // len(ARTICLE.encode())))
    out = run("extract", str(p))
    assert out.returncode == 6
    assert b"split" in out.stderr or b"jsonl" in out.stderr


def test_missing_file_says_what_to_do(tmp_path):
    out = run("extract", str(tmp_path / "nope.txt"))
    assert out.returncode == 3 and b"no such file" in out.stderr


def test_bad_date_is_a_usage_error(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    out = run("extract", str(p), "--published", "25/11/2025")
    assert out.returncode == 2 and b"YYYY-MM-DD" in out.stderr


def test_batch_skips_bad_lines_and_goes_on(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "published": "2025-11-25"}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": ARTICLE}, ensure_ascii=False),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run("extract", str(p), "--format", "jsonl")
    assert out.returncode == 8
    rows = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert [r.get("id") for r in rows] == ["a", "line 2", "c", "d"]
    assert "error" in rows[1] and "not valid JSON" in rows[1]["error"]
    assert "error" in rows[2] and "text" in rows[2]["error"]
    assert rows[0]["quotes"] and rows[3]["quotes"]


@pytest.mark.parametrize("fmt", ["csv", "text", "json"])
def test_batch_formats(tmp_path, fmt):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = run("extract", str(p), "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert "خالد الفهد" in out.stdout.decode()
