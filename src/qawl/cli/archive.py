"""`qawl ingest`, `quotes`, `speakers`, `show`, `export` and `entities`: the archive commands.

Each command is one call into :mod:`qawl.archive`; this module only parses options, prints,
and turns library errors into a message and an exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer

from qawl import archive
from qawl.cli import app
from qawl.errors import QawlError

# exit codes, shared with `qawl extract`
EXIT_SOME_SKIPPED = 8  # the run finished but some documents were skipped (listed on stderr)
EXIT_NOT_FOUND = 10  # `show`: no such article

DB_HELP = (
    "The archive: a file path, sqlite:///PATH or postgresql://USER@HOST/DB. "
    "Default: $QAWL_DB, else archive.sqlite in your data folder (~/.local/share/qawl)."
)

entities_app = typer.Typer(
    name="entities",
    help="Inspect and correct how names were grouped into people and organisations.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(entities_app, name="entities")


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


@contextmanager
def _archive(db: str | None) -> Iterator[archive.Store]:
    """Open the archive; turn library errors into a message and an exit code."""
    try:
        with archive.open_archive(db) as store:
            yield store
    except QawlError as exc:
        typer.echo(f"qawl: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=False)


def _filter(speaker, about, text, since, until, source, kind=None, article=None) -> archive.QuoteFilter:
    try:
        return archive.QuoteFilter(
            speaker=speaker, about=about, text=text, since=archive.parse_date(since),
            until=archive.parse_date(until), source=source, kind=kind, article=article,
        )  # fmt: skip
    except QawlError as exc:
        raise typer.BadParameter(str(exc)) from None


# -- ingest ------------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Files, folders (read recursively), URLs, feeds or URL lists."),
    ],
    db: str = typer.Option(None, "--db", help=DB_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Analyse in this many processes."),
    force: bool = typer.Option(False, "--force", help="Analyse again articles already in the archive."),
    follow_urls: bool = typer.Option(
        True, "--follow-urls/--no-follow-urls", help="Fetch the page of a feed entry that has no full text."
    ),
    progress: bool = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the final report as JSON on stdout."),
) -> None:
    """Read articles, find who said what in each, and store them in the archive.

    Examples:

        qawl ingest news/ feed.rss https://example.org/article

        qawl ingest saudinewsnet.jsonl.gz --db postgresql://me@dbhost/news

    Reads .txt, .html, .jsonl(.gz), .json, .warc(.gz), RSS/Atom, http(s) URLs, .urls lists
    and folders. Each article is stored in its own transaction: an interrupted run keeps what it
    stored, and running the same command again resumes it (articles already in the archive with
    the same content are skipped without being analysed again; a changed article is replaced).
    Documents that cannot be read are reported on stderr with the reason and skipped.

    Exit codes: 0 every document stored or already there; 8 finished, but some documents were
    skipped (listed on stderr); 9 the archive cannot be opened or written; 2 bad usage.
    """
    show_bar = sys.stderr.isatty() if progress is None else progress
    err = _console(stderr=True)
    with _archive(db) as store:
        bar = None
        task = None
        if show_bar:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} documents"),
                TextColumn("[bold]{task.fields[rate]:.1f}[/] articles/s"),
                TextColumn("{task.fields[summary]}"),
                TimeElapsedColumn(),
                console=err,
                transient=False,
            )
            task = bar.add_task("ingest", total=None, rate=0.0, summary="")

        def on_item(report: archive.IngestReport, item: Any, outcome: str) -> None:
            if outcome == "bad":
                line = f"skipped {item.origin}: {item.reason}"
                if bar is not None:
                    bar.console.print(line, markup=False, highlight=False)
                else:
                    print(f"qawl: {line}", file=sys.stderr)
            if bar is not None and task is not None:
                summary = f"+{report.added} ~{report.updated} ={report.unchanged + report.duplicates} !{len(report.bad)}"
                bar.update(task, completed=report.read, rate=report.rate, summary=summary)

        try:
            if bar is not None:
                bar.start()
            report = archive.ingest(
                paths, store=store, progress=on_item, follow_urls=follow_urls, force=force, jobs=jobs
            )
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo(
                "qawl: interrupted; what was stored is kept: run the same command again to resume", err=True
            )
            raise typer.Exit(130) from None
        finally:
            if bar is not None:
                bar.stop()
        where = store.url
    print(
        f"{report.read} documents in {report.seconds:.1f} s ({report.rate:.1f}/s): {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.duplicates} duplicates, "
        f"{len(report.bad)} skipped; {report.quotes} quotes stored; archive: {where}",
        file=sys.stderr,
    )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    if report.bad:
        raise typer.Exit(EXIT_SOME_SKIPPED)


# -- quotes ------------------------------------------------------------------------------------


def _print_quotes(quotes: list[archive.QuoteRecord], fmt: OutFormat) -> None:
    if fmt == OutFormat.json:
        typer.echo(json.dumps([q.to_dict() for q in quotes], ensure_ascii=False, indent=2))
    elif fmt == OutFormat.csv:
        archive.quotes_csv(quotes, sys.stdout)
    else:
        from rich.table import Table

        t = Table(show_lines=True)
        for col in ("date", "speaker", "quote", "kind", "source", "article"):
            t.add_column(col, overflow="fold")
        for q in quotes:
            who = q.speaker or ""
            if q.speaker_canonical and q.speaker_canonical != q.speaker:
                who += f" ({q.speaker_canonical})"
            t.add_row(q.date or "", who, q.text, q.kind, q.source or "", f"{q.article} [{q.start}:{q.end}]")
        _console().print(t)


@app.command()
def quotes(
    speaker: str = typer.Option(None, "--speaker", "-s", help="Any name of the speaker, in either script."),
    about: str = typer.Option(
        None, "--about", "-a", help="A person, organisation or place mentioned in the quote."
    ),
    text: str = typer.Option(
        None, "--text", "-t", help="Words that must all be in the quote (word* for a prefix)."
    ),
    since: str = typer.Option(None, "--since", help="Published on or after YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Published on or before YYYY-MM-DD."),
    source: str = typer.Option(None, "--source", help="The outlet, as stored (e.g. aawsat)."),
    kind: str = typer.Option(None, "--kind", help="direct, indirect, mixed, according_to or embedded_post."),
    article: str = typer.Option(None, "--article", help="Only this article (its id, URL or path)."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="At most this many quotes."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (for paging)."),
    fmt: Annotated[
        OutFormat, typer.Option("--format", "-f", help="table, json (a list) or csv.")
    ] = OutFormat.table,
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Search the archive for quotes, newest first.

    Examples:

        qawl quotes --speaker ماكرون --since 2025-11-01

        qawl quotes --speaker Macron --about أوكرانيا --format json

        qawl quotes --text "وقف إطلاق النار" --source aawsat --format csv > quotes.csv

    json prints a list of objects: id, article (its id), article_id, date, source, url, title,
    speaker (as the article names them), speaker_id and speaker_canonical (the person's record),
    text, start and end (offsets into the article's text), cue, kind, lang, confidence.
    """
    f = _filter(speaker, about, text, since, until, source, kind, article)
    with _archive(db) as store:
        try:
            found = archive.search_quotes(store, f, limit=limit, offset=offset)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        _print_quotes(found, fmt)


@app.command()
def speakers(
    name: str = typer.Option(None, "--name", help="Only those with a name like this."),
    type_: str = typer.Option(None, "--type", help="PER, ORG, GPE or LOC."),
    limit: int = typer.Option(30, "--limit", "-n", min=1),
    offset: int = typer.Option(0, "--offset", min=0),
    fmt: Annotated[OutFormat, typer.Option("--format", "-f", help="table, json or csv.")] = OutFormat.table,
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The most quoted people and organisations, with their quote counts, names and titles.

    Example:

        qawl speakers --limit 20
    """
    with _archive(db) as store:
        rows = archive.list_speakers(store, limit=limit, offset=offset, name=name, type=type_)
    if fmt == OutFormat.json:
        typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
    elif fmt == OutFormat.csv:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(["id", "name", "type", "quotes", "articles", "first", "last", "names", "titles"])
        for r in rows:
            w.writerow(
                [
                    r.id,
                    r.name,
                    r.type,
                    r.quotes,
                    r.articles,
                    r.first,
                    r.last,
                    " | ".join(r.names),
                    " | ".join(r.titles),
                ]
            )
    else:
        from rich.table import Table

        t = Table()
        for col in ("id", "name", "type", "quotes", "articles", "titles", "other names", "from", "to"):
            t.add_column(col, overflow="fold")
        for r in rows:
            others = [n for n in r.names if n != r.name]
            t.add_row(str(r.id), r.name, r.type, str(r.quotes), str(r.articles), "، ".join(r.titles[:4]),
                      ", ".join(others[:4]), r.first or "", r.last or "")  # fmt: skip
        _console().print(t)


@app.command()
def show(
    article: str = typer.Argument(..., help="The article: its id, URL, file path, or the archive's number."),
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="text or json.")] = ShowFormat.text,
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show one stored article with its quotes and the people and places in it.

    Example:

        qawl show 2015-07-21-00000

    Exit code 10 when there is no such article.
    """
    with _archive(db) as store:
        rec = archive.get_article(store, article)
    if rec is None:
        typer.echo(f"qawl: no article {article!r} in the archive; `qawl quotes` shows article ids", err=True)
        raise typer.Exit(EXIT_NOT_FOUND)
    if fmt == ShowFormat.json:
        typer.echo(json.dumps(rec.to_dict(), ensure_ascii=False, indent=2))
        return
    out = [
        f"{rec.title or '(no title)'}",
        f"id {rec.article}  ·  {rec.published or 'undated'}  ·  {rec.source or ''}  ·  {rec.url or rec.origin or ''}",
        f"{len(rec.quotes)} quotes, {len(rec.entities)} entities, stored {rec.created_at}, updated {rec.updated_at}",
        "",
    ]
    for q in rec.quotes:
        cue = f" ‹{q.cue['text']}›" if q.cue else ""
        out.append(f"[{q.kind}, {q.confidence or 0:.2f}] {q.speaker or '?'}{cue}  ({q.start}–{q.end})")
        out.append("    " + q.text.replace("\n", " "))
    if rec.entities:
        out.append("")
        for e in rec.entities:
            titles = f" — {'، '.join(e['titles'])}" if e["titles"] else ""
            ref = f" #{e['entity_id']}" if e["entity_id"] is not None else ""
            out.append(f"{e['type']:4} {e['name']}{titles}{ref}")
    typer.echo("\n".join(out))


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv or parquet.")],
    output: str = typer.Option(..., "--output", "-o", help="The file to write."),
    speaker: str = typer.Option(None, "--speaker", "-s", help="Only quotes by this speaker."),
    about: str = typer.Option(None, "--about", "-a", help="Only quotes about this entity."),
    text: str = typer.Option(None, "--text", "-t", help="Only quotes with these words."),
    since: str = typer.Option(None, "--since", help="Published on or after YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Published on or before YYYY-MM-DD."),
    source: str = typer.Option(None, "--source", help="Only this outlet."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Write the archive's quotes (all, or those matching the filters) to a file.

    Examples:

        qawl export --format parquet --output quotes.parquet

        qawl export --format csv --output macron.csv --speaker Macron
    """
    f = _filter(speaker, about, text, since, until, source)
    with _archive(db) as store:
        try:
            n = archive.export_quotes(store, output, fmt.value, f)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            typer.echo(f"qawl: cannot write {output}: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{n} quotes written to {output}", err=True)


# -- entities ----------------------------------------------------------------------------------


@entities_app.command("explain")
def entities_explain(
    name: str = typer.Argument(..., help="Any name of the person or organisation, or #ID."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show the records grouped under one person or organisation, and why they were merged.

    Example:

        qawl entities explain ماكرون
    """
    with _archive(db) as store:
        try:
            ex = archive.explain_entity(store, name)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    if as_json:
        typer.echo(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2))
        return
    lines = [f"#{ex.id} {ex.name} ({ex.type}): {len(ex.members)} record(s)"]
    for m in ex.members:
        via = f" joined #{m.merged_into} by merge {m.merge_id}" if m.merged_into else " (root)"
        lines.append(
            f"  record #{m.id}{via}: names {', '.join(m.names)}; titles {'، '.join(m.titles) or '-'}"
        )
    for mg in ex.merges:
        state = f"undone {mg.undone_at}" if mg.undone_at else "in effect"
        r = mg.reason
        lines.append(
            f"  merge {mg.id} [{mg.rule}, {state}]: #{mg.from_id} into #{mg.into_id}; names matched: "
            f"{', '.join(r.get('names', []))}; titles shared: {'، '.join(r.get('titles', [])) or '-'}; "
            f"article: {r.get('article') or '-'}"
        )
    if any(m.undone_at is None for m in ex.merges):
        lines.append("  undo one with: qawl entities unmerge MERGE_ID")
    typer.echo("\n".join(lines))


@entities_app.command("merge")
def entities_merge(
    name: str = typer.Argument(..., help="The person or organisation to keep (a name or #ID)."),
    other: str = typer.Argument(..., help="The one to merge into it (a name or #ID)."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Merge two records that are the same person or organisation.

    Example:

        qawl entities merge "إيمانويل ماكرون" "Emmanuel Macron"
    """
    with _archive(db) as store:
        try:
            mid = archive.merge_entities(store, name, other)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    typer.echo(f"merged as merge {mid}; undo with: qawl entities unmerge {mid}")


@entities_app.command("unmerge")
def entities_unmerge(
    ref: str = typer.Argument(
        ..., help="A merge id (from `qawl entities explain`) or the name of the merged record."
    ),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Undo a merge; the automatic rules will not merge those records again.

    Example:

        qawl entities unmerge 12
    """
    with _archive(db) as store:
        try:
            a, b = archive.unmerge_entities(store, ref)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    typer.echo(f"unmerged: #{a} and #{b} are separate again")
