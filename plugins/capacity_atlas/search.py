"""The site's full-text search: a Pagefind index built into the finished site, served from the site itself."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"
# Pagefind also writes ready-made interfaces; the atlas has its own small one, so these are not shipped.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def index_site(site: Path) -> Path:
    """Index every page's <main data-pagefind-body> into site/pagefind/ and return that folder."""
    from pagefind_bin import get_executable

    command = [str(get_executable()), "--site", str(site), "--output-subdir", SEARCH_FOLDER, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {site}:\n{result.stdout}{result.stderr}")
    folder = site / SEARCH_FOLDER
    for pattern in UNUSED:
        for path in folder.glob(pattern):
            path.unlink()
    logger.info("Search index written to %s", folder)
    return folder


def on_finalized(pelican) -> None:
    """Pelican's `finalized` signal: index the site it has just written (unless ATLAS_SEARCH is off)."""
    if pelican.settings.get("ATLAS_SEARCH", True):
        index_site(Path(pelican.settings["OUTPUT_PATH"]))
