"""`qawl serve`: the archive in a browser, and the HTTP API."""

from __future__ import annotations

import os
import sys

import typer

from qawl.cli import app
from qawl.errors import QawlError


def load_samples(
    db: str | None, *, limit: int | None = None, quiet: bool = False, jobs: int | None = None
) -> dict[str, int]:
    """Ingest the bundled sample articles into the archive ``db``; idempotent (an article
    already there is not analysed again). Returns the ingest report's counts."""
    from datetime import date

    from qawl import archive
    from qawl.article import Article
    from qawl.samples import iter_samples

    jobs = jobs or max(1, min(4, os.cpu_count() or 1))

    def articles():
        for s in iter_samples(limit):
            yield Article(
                text=s["text"],
                title=s.get("title"),
                published=date.fromisoformat(s["published"]) if s.get("published") else None,
                url=s.get("url"),
                source=s.get("source"),
                id=s["id"],
                origin=f"qawl.samples:{s['id']}",
            )

    def progress(report, item, outcome) -> None:
        if not quiet and report.read % 25 == 0:
            typer.echo(
                f"  samples: {report.read} read, {report.added} added, {report.unchanged} already there",
                err=True,
            )

    with archive.open_archive(db) as store:
        report = archive.ingest_articles(articles(), store, progress=progress, jobs=jobs)
    return report.to_dict()


@app.command()
def serve(
    db: str = typer.Option(
        None,
        "--db",
        help="The archive: a path, sqlite:///PATH or postgresql://… (default: $QAWL_DB or the user's data dir).",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    sample: bool = typer.Option(
        False,
        "--sample",
        help="First load the bundled sample articles into the archive (once; safe to repeat).",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Server processes (PostgreSQL or a read-mostly SQLite)."
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level: warning, info, debug."),
) -> None:
    """Serve the archive in a browser and the HTTP API (OpenAPI docs at /docs).

    Writes (POST /api/articles) need a token: start with QAWL_TOKEN=… set, and send
    'Authorization: Bearer …'. Without QAWL_TOKEN the server is read-only.

    Example: [bold]qawl serve --sample[/bold], then open http://127.0.0.1:8000/
    """
    import uvicorn

    from qawl.web import Settings, create_app

    try:
        settings = Settings.from_env(db=db)
    except ValueError as exc:
        typer.echo(f"qawl: {exc}", err=True)
        raise typer.Exit(2) from None
    if sample:
        typer.echo("qawl: loading the bundled sample articles (the first time takes a while)…", err=True)
        try:
            counts = load_samples(settings.db)
        except QawlError as exc:
            typer.echo(f"qawl: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        typer.echo(
            f"qawl: samples: {counts['added']} added, {counts['unchanged']} already there, "
            f"{counts['skipped']} skipped, {counts['quotes']} new quotes",
            err=True,
        )
    if not settings.token:
        typer.echo(
            "qawl: QAWL_TOKEN is not set: the server is read-only (POST /api/articles answers 401)", err=True
        )
    typer.echo(f"qawl: serving on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", err=True)
    if workers > 1:
        # each worker builds its own app from the environment
        if settings.db:
            os.environ["QAWL_DB"] = settings.db
        uvicorn.run(
            "qawl.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
        )
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
    sys.stdout.flush()
