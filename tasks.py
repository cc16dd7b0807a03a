"""Developer shortcuts: `invoke test`, and each verb of the `atlas` command (`atlas --help`) as an alias."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

from atlas.build.project import ROOT
from atlas.cli import main as atlas


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def _options(**values) -> list[str]:
    """Command-line options for the values that are set: --name value, or --flag for True."""
    argv = []
    for key, value in values.items():
        option = "--" + key.replace("_", "-")
        if value is True:
            argv.append(option)
        elif value not in (None, False):
            argv += [option, str(value)]
    return argv


@task(
    help={
        "assessments": "folder of assessment files",
        "output": "where the site goes",
        "as_of": "YYYY-MM-DD",
        "publish": "use publishconf.py",
    }
)
def build(c, assessments=None, output=None, as_of=None, publish=False):
    """atlas build: validate every assessment file and build the site."""
    atlas(["build", *_options(assessments=assessments, output=output, as_of=as_of, publish=publish)])


@task(
    help={
        "port": "port (default 8000)",
        "assessments": "folder",
        "output": "site folder",
        "as_of": "YYYY-MM-DD",
    }
)
def serve(c, port=None, assessments=None, output=None, as_of=None):
    """atlas serve: build, serve on localhost and rebuild on every change."""
    atlas(["serve", *_options(port=port, assessments=assessments, output=output, as_of=as_of)])


@task(help={"assessments": "folder of assessment files", "as_of": "YYYY-MM-DD"})
def validate(c, assessments=None, as_of=None):
    """atlas validate: check the files named after `--` (else all): invoke validate -- assessments/x.yaml"""
    files = (getattr(c, "remainder", "") or "").split()
    atlas(["validate", *files, *_options(assessments=assessments, as_of=as_of)])


@task(
    help={
        "name": "display name",
        "kind": "kind of group",
        "regions": "region ids, comma-separated",
        "countries": "ISO codes",
        "languages": "language codes",
        "slug": "file name",
        "snapshot": "add a snapshot to assessments/SNAPSHOT.yaml",
        "assessed_by": "who took part",
        "consultation": "group, individual or survey",
        "date": "YYYY-MM-DD",
        "assessments": "folder",
        "as_of": "YYYY-MM-DD",
    }
)
def new(
    c,
    name=None,
    kind=None,
    regions=None,
    countries=None,
    languages=None,
    slug=None,
    snapshot=None,
    assessed_by=None,
    consultation=None,
    date=None,
    assessments=None,
    as_of=None,
):
    """atlas new: start a group's assessment file, or add a snapshot (--snapshot SLUG)."""
    values = dict(
        name=name,
        kind=kind,
        regions=regions,
        countries=countries,
        languages=languages,
        slug=slug,
        snapshot=snapshot,
        assessed_by=assessed_by,
        consultation=consultation,
        date=date,
        assessments=assessments,
        as_of=as_of,
    )
    atlas(["new", *_options(**values)])


@task
def schema(c):
    """atlas schema: regenerate schema/assessment.schema.json from the model."""
    atlas(["schema"])


@task(help={"base": "git ref to compare with", "as_of": "YYYY-MM-DD"})
def diff(c, base, as_of=None):
    """atlas diff: describe what changed in the assessment files since BASE."""
    atlas(["diff", base, *_options(as_of=as_of)])


@task(help={"entities": "how many", "seed": "random seed", "out": "folder", "as_of": "YYYY-MM-DD"})
def synth(c, entities=None, seed=None, out=None, as_of=None):
    """atlas synth: write clearly fictional assessment files."""
    atlas(["synth", *_options(entities=entities, seed=seed, out=out, as_of=as_of)])


@task(
    help={
        "entities": "how many (default 1000)",
        "repeats": "runs of each kind",
        "large": "e.g. 10000",
        "out": "JSON results file",
        "keep": "keep the scratch folder",
        "search": "--no-search to leave it out",
    }
)
def bench(c, entities=None, repeats=None, large=None, out=None, keep=False, search=True):
    """atlas bench: time cold, no-change and one-edit builds against plain Pelican."""
    values = dict(entities=entities, repeats=repeats, large=large, out=out, keep=keep)
    atlas(["bench", *_options(**values), *([] if search else ["--no-search"])])


@task(help={"csv": "the survey results file", "out": "folder for the assessment files"})
def import_cee(c, csv=None, out=None):
    """atlas import-cee: convert the CCM/CEE Survey 2018 results into assessment files."""
    atlas(["import-cee", *_options(csv=csv, out=out)])


CHROMIUM = Path("/usr/bin/chromium")


def _ensure_chromium(c) -> None:
    """The browser tests need Debian's Chromium; install it when we are root on Debian, else say how."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Debian's chromium for the browser tests ...", flush=True)
        install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"
        c.run(f"apt-get update -qq && {install}", hide="out")
        return
    _fail("The browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install chromium")


# The charts' font, measured at build time and named in every chart; it covers Latin and Arabic, so the
# browser tests see the Arabic charts shaped as readers with it do.
CHART_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _ensure_fonts(c) -> None:
    if not CHART_FONT.exists():
        _apt_install(c, "fonts-dejavu-core", "the charts in the browser tests")


CHECKERS = ROOT / "tests" / "checkers"  # the Nu HTML Checker and pa11y, from npm (package-lock.json)


def _apt_install(c, packages: str, why: str) -> None:
    """Install Debian packages when we are root on Debian, else stop and say how."""
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Installing Debian's {packages} for {why} ...", flush=True)
        c.run(
            f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages}",
            hide="out",
        )
        return
    _fail(f"{why} need {packages}: sudo apt-get install {packages}")


def _ensure_checkers(c) -> None:
    """Java for the Nu HTML Checker, Node and npm, and the checkers themselves (`npm ci`, no install
    scripts, no browser download: pa11y drives Debian's Chromium) when missing or older than the lock."""
    if not shutil.which("java"):
        _apt_install(c, "default-jre-headless", "the HTML checker tests")
    if not shutil.which("npm"):
        _apt_install(c, "nodejs npm", "the HTML and accessibility checker tests")
    node = c.run("node --version", hide=True, warn=True).stdout.strip().lstrip("v")
    if not node or int(node.split(".")[0]) < 20:
        _fail(f"pa11y needs Node 20 or newer (found {node or 'none'}): install it, e.g. from nodejs.org")
    installed = CHECKERS / "node_modules" / ".package-lock.json"
    lock = CHECKERS / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        print("Installing the checkers (npm ci in tests/checkers) ...", flush=True)
        env = {"PUPPETEER_SKIP_DOWNLOAD": "1"}
        c.run(f"npm ci --prefix {CHECKERS} --ignore-scripts --no-audit --no-fund", env=env, hide="out")


NATURAL_EARTH = Path("/usr/lib/R/site-library/rnaturalearthdata/data/Rdata.rdb")


def _ensure_poppler(c) -> None:
    """The print test counts the printed report's pages and saves them as PNG with poppler's tools."""
    if not shutil.which("pdftoppm") or not shutil.which("pdfinfo"):
        _apt_install(c, "--no-install-recommends poppler-utils", "the printed report's test")


def _ensure_natural_earth(c) -> None:
    """The world maps' country outlines: Natural Earth (public domain) as Debian packages it."""
    if not NATURAL_EARTH.exists():
        _apt_install(c, "--no-install-recommends r-cran-rnaturalearthdata", "the world maps")


@task(help={"args": "extra arguments for pytest, e.g. '-k capacity -x'"})
def test(c, args=""):
    """Lint and type-check, then run the whole test suite (browser tests and the HTML and accessibility
    checkers included)."""
    _ensure_natural_earth(c)
    _ensure_chromium(c)
    _ensure_fonts(c)
    _ensure_poppler(c)
    _ensure_checkers(c)
    c.run(f"{sys.executable} -m ruff check --quiet .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check --quiet .", pty=False)
    c.run(f"{sys.executable} -m mypy", pty=False)
    # One test process per core (at most four; `--args "-n 0"` runs them in this one): the browser tests
    # wait on Chromium, the build tests on their workers, so two processes share two cores well.
    parallel = "-n auto --maxprocesses 4 --dist worksteal"
    c.run(f"{sys.executable} -m pytest {parallel} {args}", pty=False)
