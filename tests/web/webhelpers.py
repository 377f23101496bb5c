"""Helpers for the web tests (fixtures are in conftest.py): a real server on a free loopback port, and headless Chromium.

Servers run uvicorn in a thread of the test process (so a test can hand the app a fake
extractor), on 127.0.0.1 with a random free port and a temporary SQLite archive; tests talk to
them over real HTTP. Browser tests drive Debian's chromium (``apt-get install -y chromium``)
through Playwright; Playwright's own browser download is never used. Set ``QAWL_CHROMIUM`` to
use another binary. Without a browser the browser tests are skipped, except under CI
(``CI=true``), where they fail so that a missing install step cannot hide.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from qawl.document import Document, Entity, Quote, Span, Speaker

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SEED = Path(os.environ.get("QAWL_SHARED", ROOT.parent / "shared")) / "eval" / "dev" / "seed-coalition.txt"
TOKEN = "test-token-0123456789"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app: Any):
        import uvicorn

        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def start(self, timeout: float = 60.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.started:
                try:
                    if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
            if not self.thread.is_alive():
                raise RuntimeError("the server thread died while starting")
            time.sleep(0.05)
        raise RuntimeError(f"the server did not start within {timeout} s")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def client(self, **kw: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=kw.pop("timeout", 60), **kw)


# ------------------------------------------------------------------ hand-built documents

PWN_TEXT = (
    "قال المتحدث: «<script>window.__pwned=1</script>» ثم أضاف "
    '<img src=x onerror="window.__pwned=1"> في النهاية.\n'
    "He said “<b onmouseover=window.__pwned=1>bold</b>” and left."
)


def hand_built(text: str, published: Any = None, title: str | None = None) -> Document:
    """A fake extractor: every «…» or “…” region is a direct quote, spoken by a name that is
    itself hostile markup when the text holds markup, else by إيمانويل ماكرون."""
    doc = Document(text=text, published=published, title=title, lang="ar")
    hostile = "<" in text
    name = '<img src=y onerror="window.__pwned=2">Macron' if hostile else "إيمانويل ماكرون"
    ent = Entity(
        id="e1",
        name=name,
        type="PER",
        titles=['<i onclick="x">President</i>' if hostile else "الرئيس الفرنسي"],
    )
    doc.entities.append(ent)
    for i, m in enumerate(re.finditer(r"«[^»]*»|“[^”]*”", text), start=1):
        cue = None
        before = text.rfind(" ", 0, max(m.start() - 2, 0))
        if before > 0:
            cue = Span.of(text, before + 1, m.start() - 1) if m.start() - 1 > before + 1 else None
        doc.quotes.append(
            Quote(
                id=f"q{i}",
                start=m.start(),
                end=m.end(),
                text=m.group(),
                kind="direct",
                lang="ar" if text[m.start()] == "«" else "en",
                speaker=Speaker(name=name, entity="e1"),
                cue=cue,
                confidence=0.9,
            )
        )
    if len(doc.quotes) >= 2:
        doc.quotes[0].same_as.append(doc.quotes[1].id)
    return doc


# ------------------------------------------------------------------ browser


def chromium_path() -> str | None:
    env = os.environ.get("QAWL_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(out), full_page=full_page)
    return out
