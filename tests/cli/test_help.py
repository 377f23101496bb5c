"""Every command has help text and an entry in the README (STYLE.md habit 8)."""

import subprocess
import sys
from pathlib import Path

import pytest

from qawl.cli import app

ROOT = Path(__file__).resolve().parents[2]


def command_paths():
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            for sub_name in sub:
                yield f"{name} {sub_name}"
        else:
            yield name


@pytest.mark.parametrize("command", sorted(command_paths()))
def test_command_has_help_and_is_in_the_readme(command):
    out = subprocess.run(
        [sys.executable, "-m", "qawl", *command.split(), "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "Usage" in out.stdout and len(out.stdout) > 200
    assert f"qawl {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
