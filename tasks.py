"""The verbs of the Capacity Atlas: `invoke --list` shows them all."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task

from atlas.buildlock import one_build_at_a_time

ROOT = Path(__file__).resolve().parent
CATALOG = ROOT / "content" / "catalog"
ASSESSMENTS = ROOT / "assessments"
OUTPUT = ROOT / "output"


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell safely: leave its folder alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _recover(output: Path, retired: Path) -> None:
    """Clear what a killed build left: an update of the site half done, its staging folder, or the old
    site moved aside but not replaced."""
    from atlas.buildstate import finish_update

    finish_update(output)
    if retired.is_dir() and not output.exists():
        retired.rename(output)
    prefix = f".{output.name}-building-"
    for stray in output.parent.iterdir():
        pid = stray.name.removeprefix(prefix).split("-")[0]
        if stray.name.startswith(prefix) and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stray, ignore_errors=True)


def _stamp(folder: Path, epoch: str | None) -> None:
    """With SOURCE_DATE_EPOCH set, give every file that time too, so archives of the site are reproducible."""
    if not epoch:
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (int(epoch), int(epoch)), follow_symlinks=False)
    os.utime(folder, (int(epoch), int(epoch)))


def _forget_pelican_memos() -> None:
    """Pelican memoizes each page's content in a class-wide cache that keeps every page, and with it the
    whole context of its build (the atlas included), as long as the process lives: empty it after a build,
    or `invoke serve` would hold one more atlas with every rebuild."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        getattr(Content.__dict__.get(name), "cache", {}).clear()


@one_build_at_a_time  # one build at a time per output folder; a second one waits
def build_site(
    assessments: Path, output: Path, as_of: str | None, settings_file: Path, always=False, **settings
) -> None:
    """Build into a temporary folder beside `output`, then update the output the last build recorded
    with the files that changed, or swap a new output in whole; on failure `output` is untouched.

    An output that is up to date is left alone, unless `always` (a long-lived process builds once anyway,
    to remember the assessments for its quick rebuilds). Extra keyword arguments override Pelican settings
    (e.g. ATLAS_CHART_CACHE).
    """
    import logging

    from atlas import InvalidAssessments, resolve_as_of
    from atlas.buildstate import BuildRecord, fingerprint

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    retired = output.with_name(f".{output.name}-old")
    _recover(output, retired)
    as_of = resolve_as_of(as_of).isoformat()
    record = BuildRecord(output, fingerprint(assessments, settings_file, as_of, settings))
    if not always and record.up_to_date():
        return  # same inputs, untouched output: nothing to do
    from pelican import Pelican
    from pelican.settings import read_settings

    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-{os.getpid()}-", dir=output.parent))
    try:
        settings = read_settings(
            str(settings_file),
            override={
                "OUTPUT_PATH": str(staging),
                "ATLAS_ASSESSMENTS": str(assessments.resolve()),
                "ATLAS_AS_OF": as_of,
                "ATLAS_INCREMENTAL": record.settings(),
                **settings,
            },
        )
        try:
            Pelican(settings).run()
        finally:
            _forget_pelican_memos()
        if not record.in_place():
            _stamp(staging, os.environ.get("SOURCE_DATE_EPOCH"))
    except InvalidAssessments as error:
        shutil.rmtree(staging, ignore_errors=True)
        record.abandon()
        _fail(str(error) + "\nNo site was written.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        record.abandon()
        raise
    if record.in_place():
        record.update(staging)
        _stamp(output, os.environ.get("SOURCE_DATE_EPOCH"))
    else:
        shutil.rmtree(retired, ignore_errors=True)
        if output.exists():
            output.rename(retired)
        staging.rename(output)
        shutil.rmtree(retired, ignore_errors=True)
    record.commit()


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
    """Check the files named after `--` (else all): invoke validate -- assessments/x.yaml

    Prints each problem as path:line:column: message, and in GitHub Actions as an annotation too.
    """
    import shlex

    from atlas import resolve_as_of
    from atlas.catalog import load_catalog
    from atlas.validation import check_files, report

    files = shlex.split(getattr(c, "remainder", "")) or None
    problems, checked = check_files(load_catalog(CATALOG), assessments, resolve_as_of(as_of), files)
    print(report(problems, checked))
    if problems:
        raise SystemExit(1)


@task(
    help={
        "name": "the group's display name",
        "kind": "wiki-community, user-group, chapter, thematic-organization, hub or other",
        "regions": "region ids, separated by commas (such as nwe or ceeca,global)",
        "countries": "optional ISO country codes, separated by commas (such as SE)",
        "languages": "optional Wikimedia language codes, separated by commas (such as sv,se)",
        "slug": "file name and permanent id (default: made from the name)",
        "snapshot": "instead of a new file, add a dated snapshot to assessments/<SNAPSHOT>.yaml",
        "assessed_by": "who took part in the assessment",
        "consultation": "group (default), individual or survey",
        "date": "the assessment's date, YYYY-MM-DD (default: the as-of date, usually today)",
        "assessments": "folder of assessment files",
        "as_of": "the as-of date, YYYY-MM-DD",
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
    consultation="group",
    date=None,
    assessments=str(ASSESSMENTS),
    as_of=None,
):
    """Start a group's assessment file (asks for what is missing), or add a snapshot: --snapshot SLUG."""
    import datetime as dt

    from atlas import resolve_as_of
    from atlas.catalog import load_catalog
    from atlas.jsonschema import SCHEMA_PATH
    from atlas.scaffold import (
        ScaffoldError,
        Session,
        add_snapshot,
        check_slug,
        gather_header,
        new_file_text,
        slug_for,
    )

    catalog, as_of, folder = load_catalog(CATALOG), resolve_as_of(as_of), Path(assessments)
    ask = input if sys.stdin.isatty() else None
    try:
        if assessed_by is None and ask is not None:
            assessed_by = ask("Who took part (such as: Board and two active volunteers; Enter to skip): ")
        session = Session(dt.date.fromisoformat(date) if date else as_of, assessed_by or "", consultation)
        if snapshot:
            path = folder / f"{snapshot}.yaml"
            if not path.is_file():
                raise ScaffoldError(f"{path} does not exist; start a new file with invoke new --name ...")
            text = add_snapshot(path, catalog, as_of, session)
        else:
            given = {
                "name": name,
                "kind": kind,
                "regions": regions,
                "countries": countries,
                "languages": languages,
            }
            header = gather_header(catalog, given, ask)
            slug = slug or slug_for(header.name)
            check_slug(slug)
            path = folder / f"{slug}.yaml"
            if path.exists():
                raise ScaffoldError(
                    f"{path} exists; to update it, add a snapshot: invoke new --snapshot {slug}"
                )
            schema_ref = Path(os.path.relpath(ROOT / SCHEMA_PATH, folder.resolve())).as_posix()
            text = new_file_text(catalog, header, session, schema_ref)
    except ScaffoldError as error:
        _fail(f"invoke new: {error}")
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}. Fill it in, then check it: invoke validate -- {path}")


@task
def schema(c):
    """Regenerate the JSON Schema of assessment files (schema/assessment.schema.json) from the model."""
    from atlas.catalog import load_catalog
    from atlas.jsonschema import SCHEMA_PATH, assessment_schema_text

    path = ROOT / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(assessment_schema_text(load_catalog(CATALOG)), encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}")


@task(help={"base": "git ref to compare with, such as origin/main", "as_of": "the as-of date, YYYY-MM-DD"})
def diff(c, base, as_of=None):
    """Describe what changed in the assessment files since BASE, as Markdown for a pull request."""
    from atlas import resolve_as_of
    from atlas.catalog import load_catalog
    from atlas.review import describe_changes

    folder = ASSESSMENTS.relative_to(ROOT).as_posix()
    print(describe_changes(ROOT, base, load_catalog(CATALOG), resolve_as_of(as_of), folder), end="")


@task(
    help={
        "port": "port to serve on (default 8000)",
        "assessments": "folder of assessment files",
        "output": "where the site goes",
        "as_of": "the as-of date, YYYY-MM-DD",
    }
)
def serve(c, port=8000, assessments=str(ASSESSMENTS), output=str(OUTPUT), as_of=None):
    """Build, serve on localhost, and rebuild whenever assessments, content, theme or code change.

    Rebuilds are incremental and run in this process, which remembers the files it has already parsed;
    open pages reload themselves after each one (these builds only). A change to Python code restarts it.
    """
    import functools
    import gc
    import threading
    import time
    import traceback
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    import watchfiles

    stamp = "live-reload.txt"  # rewritten by every serve build; pages poll it

    def rebuild(always=False):
        started = time.perf_counter()
        try:
            settings = ROOT / "pelicanconf.py"
            build_site(Path(assessments), Path(output), as_of, settings, always, ATLAS_LIVE_RELOAD=stamp)
            print(f"Rebuilt in {time.perf_counter() - started:.1f} s.", flush=True)
        except SystemExit:
            print("Build failed; the previous site is still served.", flush=True)
        except Exception:
            traceback.print_exc()
            print("Build failed; the previous site is still served.", flush=True)
        gc.collect()  # while waiting for the next change, so the next rebuild does not pay for this one

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            if stamp not in self.path:  # the pages' once-a-second poll would drown the log
                super().log_message(format, *args)

    rebuild(always=True)
    handler = functools.partial(Handler, directory=str(Path(output).resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{port}/ — edit a file to rebuild, Ctrl-C to stop.", flush=True)
    watched = [Path(assessments), ROOT / "content", ROOT / "theme", ROOT / "atlas", ROOT / "plugins"]
    try:
        for changes in watchfiles.watch(*watched):
            if any(path.endswith(".py") for _, path in changes):  # this process runs the old code
                print("Code changed: restarting.", flush=True)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.argv])
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


@task(
    help={
        "entities": "how many fictional entities (default 1000)",
        "repeats": "runs of each kind of build (at least 3)",
        "large": "also time cold builds of this many entities, e.g. 10000 (slow)",
        "out": "JSON file for the results (default .cache/bench/bench-<entities>.json)",
        "keep": "keep the scratch folder with the data and the sites",
        "search": "build the search index, as real builds do (default; --no-search to leave it out)",
    }
)
def bench(c, entities=1000, repeats=3, large=0, out=None, keep=False, search=True):
    """Time cold, no-change and one-edit builds against plain Pelican on the same synthetic data."""
    from atlas.bench import run

    run(int(entities), max(3, int(repeats)), int(large), Path(out) if out else None, keep, search)


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
