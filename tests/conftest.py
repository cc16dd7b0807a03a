"""Shared fixtures: the real catalog, temporary assessment folders and real Pelican builds."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from constants import AS_OF, ROOT, VALID  # noqa: F401 - re-exported for fixtures

from atlas.build.runner import build_site
from atlas.ingest.catalog import load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(ROOT / "content" / "catalog")


@pytest.fixture
def folder(tmp_path):
    """A function writing {file name: YAML text} into a fresh assessments folder."""
    path = tmp_path / "assessments"
    path.mkdir()

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            (path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture
def build(tmp_path, chart_cache, monkeypatch):
    """A function building a real site with Pelican (extra keyword arguments: settings); returns the
    output folder."""
    monkeypatch.chdir(ROOT)

    def run(assessments: Path, output: Path | None = None, as_of: dt.date = AS_OF, **settings) -> Path:
        output = output or tmp_path / "output"
        settings = {"ATLAS_CHART_CACHE": str(chart_cache), **settings}
        build_site(assessments, output, as_of.isoformat(), ROOT / "pelicanconf.py", **settings)
        return output

    return run


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    """A synthetic atlas built into a site, and its files read back independently (tests/recount.py)."""
    from recount import build_world

    return build_world(tmp_path_factory.mktemp("recount"), tmp_path_factory.mktemp("charts"))


@pytest.fixture(params=["", "ar/"], ids=["en", "ar"])
def lang(request):
    """The address prefix of a language the recount tests read: English, and Arabic (right to left, six
    plural forms) standing for every translation."""
    return request.param
