"""Fixtures for the web tests; the helpers they use are in webhelpers.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# the test modules import their helpers as `webhelpers`, whatever pytest's --import-mode
sys.path.insert(0, str(Path(__file__).resolve().parent))

from webhelpers import CHROMIUM_ARGS, LiveServer, chromium_path  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium through Playwright")


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start servers with any settings; all are stopped at the end of the test."""
    from qawl.web import Settings, create_app

    started: list[LiveServer] = []

    def start(**kw: Any) -> LiveServer:
        app_kw = {k: kw.pop(k) for k in ("extract", "archive") if k in kw}
        kw.setdefault("db", str(tmp_path / f"archive-{len(started)}.sqlite"))
        settings = Settings(**kw).validated()
        server = LiveServer(create_app(settings, **app_kw)).start()
        started.append(server)
        return server

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = chromium_path()
    reason = "no Chromium found: apt-get install -y chromium (or set QAWL_CHROMIUM)"
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed: pip install -e '.[test]'")
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=exe,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-US",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    p = browser_context.new_page()
    p.set_default_timeout(30_000)
    try:
        yield p
    finally:
        p.close()
