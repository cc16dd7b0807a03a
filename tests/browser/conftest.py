"""Browser fixtures: Debian's Chromium driven by Playwright, pages served from a built site on localhost.

These tests never skip: without /usr/bin/chromium they fail, because CI installs it (see .ci/run).
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browsing import FORM_REPOSITORY, build_in
from constants import AS_OF, ROOT

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from calling home, so every request we see is one a page made.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("ATLAS_ARTIFACTS", ROOT / "test-artifacts"))
SUB_PATH = "atlas/"  # sites are served below a sub-path, as they may be in production


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serve():
    """A function serving a folder on 127.0.0.1; returns its base URL (ending in '/')."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def page_watch(browser):
    """A function opening a new page that records every request and console message it makes."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.console_messages = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda message: page.console_messages.append(message.text))
        return page

    yield open_page
    for context in contexts:
        context.close()


@dataclass(frozen=True)
class Site:
    """A built site being served: its folder on disk and its URL (below SUB_PATH)."""

    folder: Path
    url: str

    def page(self, path: str) -> Path:
        return self.folder / path / "index.html"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory, chart_cache, serve) -> Site:
    """The site of the shipped assessments, built once per session and served."""
    root = tmp_path_factory.mktemp("shipped")
    folder = build_in(ROOT / "assessments", root / SUB_PATH, chart_cache)
    return Site(folder, serve(root) + SUB_PATH)


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory, chart_cache, serve, catalog) -> Site:
    """A site of fictional groups: more than the home page shows, long tables, the fictional banner."""
    from atlas.site.pages import MAP_INLINE_LIMIT
    from atlas.tools.synth import synthesize

    root = tmp_path_factory.mktemp("synthetic")
    assessments = root / "assessments"
    synthesize(catalog, MAP_INLINE_LIMIT + 20, 1, assessments, AS_OF)
    folder = build_in(assessments, root / SUB_PATH, chart_cache)
    return Site(folder, serve(root) + SUB_PATH)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def form_site(tmp_path_factory, chart_cache, serve) -> tuple[Path, str]:
    """The shipped assessments built with a repository address, so the assessment form offers GitHub's
    editor: its folder and its URL."""
    root = tmp_path_factory.mktemp("assess")
    settings = {"ATLAS_REPOSITORY_URL": FORM_REPOSITORY}
    folder = build_in(ROOT / "assessments", root / SUB_PATH, chart_cache, **settings)
    return folder, serve(root) + SUB_PATH
