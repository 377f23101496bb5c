"""`qawl train ner`: retrain the shipped Arabic CRF models (titles; the entity baseline) from the public corpora."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from qawl.cli import app

train_app = typer.Typer(
    help="Train the models qawl ships (from a source checkout with ../shared/data).", no_args_is_help=True
)
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner(
    config: Path = typer.Option(
        Path("training/ner_config.json"),
        "--config",
        help="Pinned training config (seed, corpora, CRF settings).",
    ),
    out: Path = typer.Option(Path("src/qawl/ner/data"), "--out", help="Folder for the model files."),
    limit: int = typer.Option(None, "--limit", help="Train on this many sentences only (a smoke test)."),
) -> None:
    """Train the Arabic title model and the CRF entity model (the baseline) and write them to --out.

    Example, from the repository root: [bold]qawl train ner[/bold] (about 4 minutes on one core).
    The corpora are read from the config's data_dir (default ../shared/data) or QAWL_DATA_DIR.
    The entity model qawl uses, a BiLSTM-CRF, is trained by [bold]python training/train_bilstm.py[/bold]
    (needs PyTorch: pip install -e '.[train]').
    """
    from qawl.ner.training import train

    if not config.is_file():
        typer.echo(
            f"qawl: no training config at {config}; run from the repository root or give --config", err=True
        )
        raise typer.Exit(2)
    summary = train(config, out, limit=limit)
    table = summary.pop("heldout_table", None)
    summary.pop("config", None)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    if table:
        typer.echo(table)
