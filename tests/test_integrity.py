"""Data integrity of real builds: no rating lost, every page there, byte-identical rebuilds, no partial
site after a failed or killed build, no broken internal link and nothing loaded from another host."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import jinja2
import pytest
import yaml
from constants import AS_OF, ROOT, VALID
from sitecheck import broken_links, foreign_resources

from atlas.build.runner import build_site
from atlas.site.exports import FORMULA_STARTS
from atlas.tools.synth import synthesize

SHIPPED = ROOT / "assessments"
HOSTILE_SITE = ROOT / "tests" / "hostile" / "inert-text-site"
EPOCH = int(dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC).timestamp())


def site_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under a folder, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    """Folders beside a site that a build made and did not clear: staging folders, a site moved aside."""
    return [path.name for path in parent.iterdir() if "-building-" in path.name or path.name.endswith("-old")]


def build_in(assessments: Path, output: Path, cache: Path, as_of: str | None = AS_OF.isoformat()) -> Path:
    build_site(assessments, output, as_of, ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=str(cache))
    return output


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory, catalog) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "assessments"
    synthesize(catalog, 40, 7, folder, AS_OF)
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory, synthetic_folder, chart_cache) -> dict[str, tuple[Path, Path]]:
    """(assessments, built site) for the shipped data, a synthetic set and the hostile-text fixtures."""
    cache = chart_cache
    built = {}
    for name, folder in (("shipped", SHIPPED), ("synthetic", synthetic_folder), ("hostile", HOSTILE_SITE)):
        built[name] = folder, build_in(folder, tmp_path_factory.mktemp(name) / "output", cache)
    return built


@pytest.fixture
def previous_site(sites, tmp_path) -> Path:
    """A copy of the shipped site at tmp_path/site: the output a new build must not damage."""
    return Path(shutil.copytree(sites["shipped"][1], tmp_path / "site"))


def as_written(cell: str) -> str | None:
    """A CSV text cell as the YAML had it: the exports put a quote before formula-like text."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell or None


@pytest.mark.parametrize("name", ["shipped", "synthetic", "hostile"])
def test_every_rating_of_every_snapshot_is_in_the_csv_exactly_once(sites, name):
    folder, site = sites[name]
    expected = Counter()
    for path in folder.glob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        for snap in data["snapshots"]:
            for cap, rating in snap["ratings"].items():
                texts = (rating.get("note"), rating.get("idea"), snap["assessed_by"])
                expected[
                    (path.stem, str(snap["date"]), cap, rating["level"], rating.get("robustness"), *texts)
                ] += 1
    with open(site / "data" / "assessments.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    got = Counter(
        (row["entity"], row["date"], row["capacity"], row["level"], row["robustness"] or None)
        + tuple(as_written(row[column]) for column in ("note", "idea", "assessed_by"))
        for row in rows
    )
    assert got == expected
    assert len(rows) == sum(expected.values()) > 0


@pytest.mark.parametrize("name", ["shipped", "synthetic", "hostile"])
def test_every_entity_capacity_and_region_has_its_page(sites, catalog, name):
    folder, site = sites[name]
    for path in folder.glob("*.yaml"):
        assert (site / "communities" / path.stem / "index.html").is_file(), path.stem
    for cap in catalog.capacities:
        assert (site / "capacities" / cap / "index.html").is_file(), cap
    for region in catalog.regions:
        assert (site / "regions" / region / "index.html").is_file(), region


@pytest.mark.parametrize("name", ["shipped", "synthetic", "hostile"])
def test_no_broken_internal_link_or_anchor_and_nothing_loaded_from_elsewhere(sites, name):
    _, site = sites[name]
    assert broken_links(site) == []
    assert foreign_resources(site) == []


def test_the_asset_checker_finds_what_a_page_would_load_from_elsewhere(tmp_path):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/s.css"><link rel="alternate" href="https://ok.example/">'
        '<img srcset="a.png 1x, //cdn.example/b.png 2x"><iframe src="http://frame.example/"></iframe>'
        '<p style="background: url(https://img.example/bg.png)">x</p><a href="https://fine.example/">out</a>'
        "<style>@import 'https://font.example/f.css';</style><img src=\"data:image/png;base64,AAAA\">",
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text(
        "body { background: url('../x.png'); } @font-face { src: url(https://f.example/x.woff2) }"
    )
    (tmp_path / "c.svg").write_text(
        '<svg><image href="https://img.example/i.png"/><use xlink:href="#a"/></svg>'
    )
    assert foreign_resources(tmp_path) == [
        "c.svg: https://img.example/i.png",
        "page/index.html: https://cdn.example/s.css",
        "page/index.html: //cdn.example/b.png",
        "page/index.html: http://frame.example/",
        "page/index.html: https://img.example/bg.png",
        "page/index.html: https://font.example/f.css",
        "s.css: https://f.example/x.woff2",
    ]


BUILD_SCRIPT = """
import sys
from pathlib import Path
from atlas.build.project import ROOT
from atlas.build.runner import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]), None, ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=sys.argv[3])
"""


def build_in_a_new_process(
    assessments: Path, output: Path, cache: Path, errors=subprocess.DEVNULL, **env: str
):
    environ = {
        key: value for key, value in os.environ.items() if key not in ("ATLAS_AS_OF", "SOURCE_DATE_EPOCH")
    }
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(assessments), str(output), str(cache)],
        cwd=ROOT,
        env={**environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=errors,
        text=True,
    )


def test_two_builds_on_different_machines_are_byte_identical(tmp_path):
    """SOURCE_DATE_EPOCH sets the as-of date and file times; hash seed, time zone, locale and a cold
    chart cache change nothing."""
    machines = [
        {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "2", "TZ": "Pacific/Auckland", "LC_ALL": "C"},
    ]
    outputs = []
    for i, machine in enumerate(machines):
        output = tmp_path / f"machine-{i}" / "output"
        process = build_in_a_new_process(
            SHIPPED, output, tmp_path / f"cache-{i}", subprocess.PIPE, SOURCE_DATE_EPOCH=str(EPOCH), **machine
        )
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
        outputs.append(output)
    first, second = (site_hashes(output) for output in outputs)
    assert first == second
    assert len(first) > 100
    summary = (outputs[0] / "data" / "summary.json").read_text(encoding="utf-8")
    assert '"as_of": "2026-11-21"' in summary
    assert {int(path.stat().st_mtime) for path in outputs[0].rglob("*")} == {EPOCH}


def test_a_build_that_fails_midway_leaves_the_previous_site_exactly_as_it_was(tmp_path, previous_site):
    output = previous_site
    before = site_hashes(output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    entity = theme / "templates" / "entity.html"
    broken = entity.read_text(encoding="utf-8").replace(
        "{% endblock %}", "{{ this_template_is_broken() }}{% endblock %}"
    )
    entity.write_text(broken, encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError, match="this_template_is_broken"):
        build_site(SHIPPED, output, AS_OF.isoformat(), ROOT / "pelicanconf.py", THEME=str(theme))
    assert site_hashes(output) == before
    assert leftovers(tmp_path) == []


def test_a_build_with_invalid_files_leaves_the_previous_site_and_no_other_folder(
    tmp_path, folder, previous_site
):
    output = previous_site
    before = site_hashes(output)
    broken = folder({"broken-group.yaml": VALID.replace("level: medium", "level: great")})
    with pytest.raises(SystemExit):
        build_in(broken, output, tmp_path / "cache")
    assert site_hashes(output) == before
    assert leftovers(tmp_path) == []


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_clears_its_traces(
    tmp_path, catalog, previous_site, chart_cache
):
    many = tmp_path / "many"
    synthesize(catalog, 120, 3, many, AS_OF)
    output = previous_site
    before = site_hashes(output)
    process = build_in_a_new_process(many, output, tmp_path / "cold-cache", ATLAS_AS_OF=AS_OF.isoformat())
    staging = wait_for_partial_output(tmp_path, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL  # killed midway, not finished
    assert site_hashes(output) == before
    assert staging.exists()  # the killed build's half-written folder, beside the site
    build_in(SHIPPED, output, chart_cache)
    assert not staging.exists()
    assert leftovers(tmp_path) == []
    assert site_hashes(output) == before


def wait_for_partial_output(parent: Path, process: subprocess.Popen, timeout: float = 120) -> Path:
    """The staging folder of a running build, once it holds at least one written file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be killed"
        for staging in parent.glob(".site-building-*"):
            if any(path.is_file() for path in staging.rglob("*")):
                return staging
        time.sleep(0.02)
    raise AssertionError("the build never wrote a file")


def test_a_build_killed_while_swapping_is_recovered_from(tmp_path, folder, previous_site):
    """If a build dies after moving the old site aside but before moving the new one in, the next
    build puts the old site back first, so even a failing next build leaves it in place."""
    output = previous_site
    before = site_hashes(output)
    output.rename(tmp_path / ".site-old")
    broken = folder({"broken-group.yaml": VALID.replace("kind: user-group", "kind: club")})
    with pytest.raises(SystemExit):
        build_in(broken, output, tmp_path / "cache")
    assert site_hashes(output) == before
    assert not (tmp_path / ".site-old").exists()
