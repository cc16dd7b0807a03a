"""The verbs of the Capacity Atlas: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
CATALOG = ROOT / "content" / "catalog"
ASSESSMENTS = ROOT / "assessments"
OUTPUT = ROOT / "output"


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def build_site(assessments: Path, output: Path, as_of: str | None, settings_file: Path, **settings) -> None:
    """Build into a temporary folder beside `output`, then swap it in; on failure `output` is untouched.

    Extra keyword arguments override Pelican settings (e.g. ATLAS_CHART_CACHE).
    """
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    from atlas import InvalidAssessments

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        settings = read_settings(
            str(settings_file),
            override={
                "OUTPUT_PATH": str(staging),
                "ATLAS_ASSESSMENTS": str(assessments.resolve()),
                "ATLAS_AS_OF": as_of,
                **settings,
            },
        )
        Pelican(settings).run()
    except InvalidAssessments as error:
        shutil.rmtree(staging, ignore_errors=True)
        _fail(str(error) + "\nNo site was written.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = output.with_name(f".{output.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


@task(
    help={
        "assessments": "folder of assessment files (default: assessments/)",
        "output": "where the site goes (default: output/)",
        "as_of": "the as-of date, YYYY-MM-DD (default: ATLAS_AS_OF, SOURCE_DATE_EPOCH or today)",
        "publish": "use publishconf.py: absolute URLs (needs ATLAS_SITEURL) and feeds",
    }
)
def build(c, assessments=str(ASSESSMENTS), output=str(OUTPUT), as_of=None, publish=False):
    """Validate every assessment file and build the site."""
    settings = ROOT / ("publishconf.py" if publish else "pelicanconf.py")
    build_site(Path(assessments), Path(output), as_of, settings)
    print(f"Site written to {output}")


@task(help={"assessments": "folder of assessment files", "as_of": "the as-of date, YYYY-MM-DD"})
def validate(c, assessments=str(ASSESSMENTS), as_of=None):
    """Check every assessment file; print each problem as path:line:column: message."""
    from atlas import InvalidAssessments, open_atlas, resolve_as_of

    try:
        atlas = open_atlas(CATALOG, assessments, resolve_as_of(as_of))
    except InvalidAssessments as error:
        _fail(str(error))
    print(f"All {len(atlas.entities)} assessment files are valid.")


@task(
    help={
        "port": "port to serve on (default 8000)",
        "assessments": "folder of assessment files",
        "output": "where the site goes",
        "as_of": "the as-of date, YYYY-MM-DD",
    }
)
def serve(c, port=8000, assessments=str(ASSESSMENTS), output=str(OUTPUT), as_of=None):
    """Build, serve on localhost, and rebuild whenever assessments, content, theme or code change."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    import watchfiles

    def rebuild():
        try:
            build_site(Path(assessments), Path(output), as_of, ROOT / "pelicanconf.py")
            print("Rebuilt.", flush=True)
        except SystemExit:
            print("Build failed; the previous site is still served.", flush=True)

    rebuild()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(Path(output).resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{port}/ — edit a file to rebuild, Ctrl-C to stop.", flush=True)
    watched = [Path(assessments), ROOT / "content", ROOT / "theme", ROOT / "atlas", ROOT / "plugins"]
    try:
        for _changes in watchfiles.watch(*watched):
            rebuild()
    except KeyboardInterrupt:
        server.shutdown()


@task(
    help={
        "entities": "how many fictional entities",
        "seed": "random seed",
        "out": "folder to write them to",
        "as_of": "date the newest ratings lead up to",
    }
)
def synth(c, entities=100, seed=1, out="synthetic", as_of=None):
    """Write clearly fictional assessment files for demos and benchmarks."""
    from atlas import resolve_as_of
    from atlas.catalog import load_catalog
    from atlas.synth import synthesize

    written = synthesize(load_catalog(CATALOG), int(entities), int(seed), out, resolve_as_of(as_of))
    print(f"Wrote {len(written)} fictional assessment files to {out}")


@task(help={"csv": "the survey results file", "out": "folder for the assessment files"})
def import_cee(c, csv=str(ROOT / "sources" / "cee-survey-2018.csv"), out=str(ASSESSMENTS)):
    """Convert the CCM/CEE Survey 2018 results into assessment files."""
    from atlas.cee import convert

    for name, text in convert(csv).items():
        (Path(out) / name).write_text(text, encoding="utf-8")
        print(f"wrote {Path(out) / name}")


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


@task(help={"args": "extra arguments for pytest, e.g. '-k capacity -x'"})
def test(c, args=""):
    """Lint, then run the whole test suite (browser tests included)."""
    _ensure_chromium(c)
    c.run(f"{sys.executable} -m ruff check --quiet .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check --quiet .", pty=False)
    c.run(f"{sys.executable} -m pytest {args}", pty=False)
