"""The command line: a thin Typer layer over the library.

Each command lives in its own module and registers itself on ``app``; this module only
assembles them. Library errors (qawl.errors) become a message on stderr and an exit code here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="qawl",
    help="qawl (قول): who said what, about whom, when, in Arabic and English news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root() -> None:
    """qawl (قول): who said what, about whom, when, in Arabic and English news articles."""


# command modules; each adds its commands to `app` when imported
from qawl.cli import archive as _archive  # noqa: E402,F401
from qawl.cli import extract as _extract  # noqa: E402,F401
from qawl.cli import serve as _serve  # noqa: E402,F401
from qawl.cli import train as _train  # noqa: E402,F401


def main() -> None:
    app()
