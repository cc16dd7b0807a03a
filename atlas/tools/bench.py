"""`atlas bench`: how fast the atlas builds at scale, against plain Pelican on the same data.

One run generates fictional assessments (atlas.synth), writes the same per-entity tables as plain
Markdown articles, and then, round after round, builds the plain-Pelican baseline and the atlas cold
(no output, no caches), again with nothing changed, and again after a one-file edit. Every build runs in
a fresh Python process, as `atlas build` would; its time is measured from launch to exit and its peak
memory is the largest resident size of the process and its workers (the rusage `wait4` returns). Then
one long-lived process rebuilds after one-file edits, as `atlas serve` does: the edit-and-refresh loop
the one-edit target is about (a new process's one-edit time is reported beside it).
Earlier outputs are set aside, not deleted, until every build is timed (see `Bench.discard`).
The atlas is built in every language it publishes (English, French, Spanish, Arabic), against the
one-language plain-Pelican baseline: the targets are issue 14's (item 8). Medians, ratios to the
baseline's median, page weights (in every language: the figure is the heaviest) and the machine go to the
screen and a JSON file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from atlas.analysis.state import Atlas, open_atlas
from atlas.build.project import CATALOG, ROOT
from atlas.ingest.catalog import load_catalog
from atlas.model.vocab import LEVELS
from atlas.site.languages import LANGUAGES, SOURCE
from atlas.site.names import CONSULTATION_NAMES
from atlas.tools.synth import synthesize

AS_OF = dt.date(2026, 11, 21)  # fixed, so that runs on different days build the same sites
SEED = 1
# Issue 14's targets, for the atlas in all four languages: ratio to the baseline's median, or a figure.
TARGETS = {
    "cold / baseline": 1.0,
    "no-change / baseline": 0.1,
    # The edit-and-refresh loop the issue motivates the target with: `atlas serve`'s long-lived process.
    "serve one-edit / baseline": 0.1,
    "large cold / cold": 12.0,
    "large peak memory (MiB)": 1024.0,
    "entity page with its charts (KB transferred)": 60.0,  # gzip, as web servers send HTML, CSS, JS, SVG
    "home page (KB transferred)": 300.0,
}
BUILD = (
    "import sys; from pathlib import Path; from atlas.build.runner import build_site; "
    "from atlas.build.project import ROOT; "
    "build_site(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], ROOT / 'pelicanconf.py', "
    "ATLAS_CHART_CACHE=sys.argv[4], ATLAS_SEARCH=sys.argv[5] == 'search')"
)
# `atlas serve`'s case: one long-lived process builds, then rebuilds after each edit it is told about;
# after each build it collects its garbage while it waits, as `atlas serve` does.
SERVE = (
    "import gc, sys, time; from pathlib import Path; from atlas.build.runner import build_site; "
    "from atlas.build.project import ROOT; from atlas.build.memory import BuildMemory; "
    "from atlas.tools.bench import edit_one_file; memory = BuildMemory()\n"
    "build = lambda always=False: build_site(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], "
    "ROOT / 'pelicanconf.py', always, memory, ATLAS_CHART_CACHE=sys.argv[4], "
    "ATLAS_SEARCH=sys.argv[5] == 'search')\n"
    "build(always=True); gc.collect()  # as `atlas serve` starts: it builds even an up-to-date site\n"
    "for line in sys.stdin:\n"
    "    edit_one_file(Path(line.strip())); started = time.perf_counter(); build()\n"
    "    print('rebuilt in', time.perf_counter() - started, flush=True); gc.collect()"
)
BASELINE_SETTINGS = """\
# Plain Pelican, as pelican-quickstart sets it up for local work: default theme, no feeds.
SITENAME = "Plain Pelican baseline"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
"""


def _markdown_cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def markdown_page(atlas: Atlas, entity) -> str:
    """One entity as a Markdown article: its ratings per category, its history and its sessions."""
    current = atlas.current[entity.slug]
    lines = [f"Title: {entity.name}", f"Date: {entity.snapshots[-1].date}", f"Slug: {entity.slug}", ""]
    lines += [f"Kind: {entity.kind}. Regions: {', '.join(entity.regions)}.", ""]
    for category in atlas.catalog.categories:
        rated = [cap for cap in category.capacities if cap.id in current]
        if not rated:
            continue
        lines += [
            f"## {category.name}",
            "",
            "| Capacity | Level | Robustness | Rated | Notes |",
            "|---|---|---|---|---|",
        ]
        for cap in rated:
            r = current[cap.id]
            note = " ".join(_markdown_cell(x) for x in (r.rating.note, r.rating.idea) if x)
            lines.append(f"| {cap.name} | {r.level} | {r.robustness or 'not rated'} | {r.date} | {note} |")
        lines.append("")
    dates = [snap.date for snap in entity.snapshots]
    lines += [
        "## History",
        "",
        "| Capacity | " + " | ".join(map(str, dates)) + " |",
        "|---" * (len(dates) + 1) + "|",
    ]
    for cap_id, cap in atlas.catalog.capacities.items():
        if any(cap_id in snap.ratings for snap in entity.snapshots):
            levels = [
                snap.ratings[cap_id].level if cap_id in snap.ratings else "" for snap in entity.snapshots
            ]
            lines.append(f"| {cap.name} | " + " | ".join(levels) + " |")
    lines += ["", "## Assessment sessions", ""]
    for snap in reversed(entity.snapshots):
        who, how = _markdown_cell(snap.assessed_by), CONSULTATION_NAMES[snap.consultation]
        lines.append(f"1. {snap.date}: {who} ({how}), {len(snap.ratings)} capacities rated.")
    return "\n".join(lines) + "\n"


def write_baseline(atlas: Atlas, folder: Path) -> None:
    """The plain-Pelican site: one Markdown article per entity, default settings."""
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    for entity in atlas.entities:
        (content / f"{entity.slug}.md").write_text(markdown_page(atlas, entity), encoding="utf-8")
    (folder / "pelicanconf.py").write_text(BASELINE_SETTINGS, encoding="utf-8")


def timed(command: list[str], log: Path) -> tuple[float, float]:
    """Run a command; return its wall time in seconds and its peak memory in MiB (with its children)."""
    with open(log, "ab") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} ... failed; see {log}")
    return seconds, usage.ru_maxrss / 1024


def edit_one_file(path: Path) -> None:
    """Change the level of the last rating of the newest snapshot (a real change on every call)."""
    text = path.read_text(encoding="utf-8")
    last = list(re.finditer(r"level: (\w+)", text))[-1]
    rated = LEVELS[1:]  # never "none": a rating at none may not keep its robustness
    level = rated[(rated.index(last.group(1)) + 1) % len(rated)] if last.group(1) in rated else rated[0]
    path.write_text(text[: last.start(1)] + level + text[last.end(1) :], encoding="utf-8")


def page_weight(site: Path, page: str) -> dict[str, float]:
    """KB of a page with its stylesheets, scripts and images from the site, raw and gzipped."""
    html = (site / page).read_text(encoding="utf-8")
    found = re.findall(
        r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src|img[^>]*src)="([^"#?]+)"', html
    )
    files = [site / page] + [(site / page).parent / ref for ref in dict.fromkeys(found)]
    data = [path.resolve().read_bytes() for path in files if path.resolve().is_file()]
    return {
        "raw": round(sum(map(len, data)) / 1000, 1),
        "gzip": round(sum(len(gzip.compress(d)) for d in data) / 1000, 1),
        "files": len(data),
    }


def machine() -> dict:
    """What the numbers were taken on."""
    cpu = platform.processor()
    meminfo = Path("/proc/meminfo")
    memory = None
    if Path("/proc/cpuinfo").exists():
        names = re.findall(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = names[0] if names else cpu
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = round(int(found.group(1)) / 1024**2, 1) if found else memory
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


class Bench:
    """One benchmark run in a scratch folder."""

    def __init__(self, work: Path, entities: int, search: bool = True):
        self.work = work
        (work / "set-aside").mkdir()
        self.started = machine()
        self.search = "search" if search else "no-search"
        self.log = work / "builds.log"
        self.catalog = load_catalog(CATALOG)
        self.data = self.synthesize("assessments", entities)
        self.times: dict[str, list[float]] = {}
        self.memory: dict[str, list[float]] = {}
        self.set_aside = 0  # outputs moved out of the way so far (see `discard`)

    def discard(self, *paths: Path) -> None:
        """Move earlier outputs out of the way, to be deleted with the scratch folder once every build is
        timed. Deleting them here would time the file system instead: ext4 without a journal skips the
        inodes freed in the last half minute when it makes new files, so a build right after 12,000 files
        were deleted spent about 2.6 s more in the kernel (a cold build: 20.5 s instead of 17.9 s)."""
        for path in paths:
            if path.exists():
                self.set_aside += 1
                path.rename(self.work / "set-aside" / f"{self.set_aside}-{path.name}")

    def synthesize(self, name: str, entities: int) -> Path:
        folder = self.work / name
        synthesize(self.catalog, entities, SEED, folder, AS_OF)
        return folder

    def measure(self, name: str, command: list[str]) -> None:
        seconds, mib = timed(command, self.log)
        self.times.setdefault(name, []).append(seconds)
        self.memory.setdefault(name, []).append(mib)
        print(f"  {name:<12} {seconds:7.2f} s  {mib:7.0f} MiB", flush=True)

    def build(self, name: str, data: Path, output: str, cold: bool = False) -> None:
        site, cache = self.work / output, self.work / f"{output}-cache"
        if cold:
            self.discard(
                site, cache, *(site.with_name(f".atlas-build-{site.name}.{end}") for end in ("json", "spare"))
            )
        arguments = [str(data), str(site), AS_OF.isoformat(), str(cache), self.search]
        self.measure(name, [sys.executable, "-c", BUILD, *arguments])

    def serve_edits(self, edited: Path, repeats: int) -> None:
        """One-file edits rebuilt by one long-lived process, as `atlas serve` does: edit to done."""
        site, cache = self.work / "serve-site", self.work / "serve-cache"
        arguments = [str(self.data), str(site), AS_OF.isoformat(), str(cache), self.search]
        with open(self.log, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", SERVE, *arguments],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
            assert process.stdin is not None and process.stdout is not None
            for _ in range(repeats):
                process.stdin.write(f"{edited}\n")
                process.stdin.flush()
                line = ""
                while not line.startswith("rebuilt in "):  # Pelican writes its own lines too
                    line = process.stdout.readline() or "rebuilt in nan"
                seconds = float(line.split()[-1])
                self.times.setdefault("serve one-edit", []).append(seconds)
                print(f"  {'serve edit':<12} {seconds:7.2f} s", flush=True)
            process.stdin.close()
            _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the serve-style builds failed; see {self.log}")
        self.memory["serve one-edit"] = [usage.ru_maxrss / 1024]

    def baseline(self) -> None:
        base = self.work / "baseline"
        self.discard(base / "output")
        command = [sys.executable, "-m", "pelican", str(base / "content"), "-s", str(base / "pelicanconf.py")]
        self.measure("baseline", [*command, "-o", str(base / "output"), "-q"])

    def rounds(self, repeats: int) -> None:
        write_baseline(open_atlas(CATALOG, self.data, AS_OF), self.work / "baseline")
        edited = sorted(self.data.glob("*.yaml"))[len(list(self.data.glob("*.yaml"))) // 2]
        for round_ in range(1, repeats + 1):
            print(f"Round {round_} of {repeats}", flush=True)
            self.baseline()
            self.build("cold", self.data, "site", cold=True)
            self.build("no-change", self.data, "site")
            edit_one_file(edited)
            self.build("one-edit", self.data, "site")
        print("One long-lived process, as `atlas serve`:", flush=True)
        self.serve_edits(edited, repeats)

    def large(self, entities: int, repeats: int) -> None:
        data = self.synthesize("large-assessments", entities)
        print(f"{entities} entities, cold builds:", flush=True)
        for _ in range(repeats):
            self.build("large cold", data, "large-site", cold=True)
        shutil.rmtree(data)

    def weights(self) -> dict[str, dict[str, dict[str, float]]]:
        """Page weights of the largest entity page and the home page, in each language built."""
        site, found = self.work / "site", {}
        for language in LANGUAGES:
            folder = site if language == SOURCE else site / language
            if not (folder / "index.html").is_file():
                continue
            entity_pages = sorted(folder.glob("communities/*/index.html"), key=lambda p: p.stat().st_size)
            found[language] = {
                "largest entity page": page_weight(site, str(entity_pages[-1].relative_to(site))),
                "home page": page_weight(site, str((folder / "index.html").relative_to(site))),
            }
        return found

    def results(self, entities: int, large: int) -> dict:
        median = {name: statistics.median(runs) for name, runs in self.times.items()}
        by_language = self.weights()
        ratios = {f"{name} / baseline": median[name] / median["baseline"] for name in median}
        figures = {name: ratios[name] for name in TARGETS if name in ratios}
        heaviest = {
            kind: max((weights[kind] for weights in by_language.values()), key=lambda w: w["gzip"])
            for kind in ("largest entity page", "home page")
        }
        figures["entity page with its charts (KB transferred)"] = heaviest["largest entity page"]["gzip"]
        figures["home page (KB transferred)"] = heaviest["home page"]["gzip"]
        if large:
            figures["large cold / cold"] = median["large cold"] / median["cold"]
            figures["large peak memory (MiB)"] = max(self.memory["large cold"])
        return {
            "entities": entities,
            "search_index": self.search == "search",
            "large_entities": large or None,
            "machine": {**self.started, "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
            "seconds": {name: [round(t, 3) for t in runs] for name, runs in self.times.items()},
            "median_seconds": {name: round(value, 3) for name, value in median.items()},
            "peak_memory_mib": {name: round(max(runs)) for name, runs in self.memory.items()},
            "languages": list(by_language),
            "page_weights_kb": by_language,
            "targets": {
                name: {"value": round(value, 3), "target": TARGETS[name], "met": value <= TARGETS[name]}
                for name, value in figures.items()
            },
            # Measured, with no target of its own: a one-file edit rebuilt by a new `atlas build` process.
            "also_measured": {"one-edit / baseline": round(ratios["one-edit / baseline"], 3)},
        }


def report(results: dict) -> str:
    """The results as a short table."""
    search = "with" if results["search_index"] else "without"
    languages = ", ".join(results["languages"])
    lines = [
        f"Capacity Atlas bench: {results['entities']} entities, {search} the search index, "
        f"in {len(results['languages'])} languages ({languages}), against one-language plain Pelican"
    ]
    lines.append(f"  on {results['machine']['cpu']}, {results['machine']['cores']} cores")
    for name, seconds in results["median_seconds"].items():
        runs = len(results["seconds"][name])
        memory = results["peak_memory_mib"][name]
        lines.append(f"  {name:<12} median {seconds:7.2f} s of {runs} runs, peak {memory:5d} MiB")
    for language, weights in results["page_weights_kb"].items():
        for name, weight in weights.items():
            kb, files = f"{weight['raw']} KB ({weight['gzip']} KB gzipped", f"{weight['files']} files)"
            lines.append(f"  {language} {name}: {kb}, {files}")
    lines.append("Targets (issue 14, all languages; page weights: the heaviest language's):")
    for name, figure in results["targets"].items():
        verdict = "met" if figure["met"] else "NOT met"
        lines.append(f"  {name:<46} {figure['value']:9.3f}  (target <= {figure['target']}): {verdict}")
    lines.append("Also measured, no target:")
    for name, value in results["also_measured"].items():
        lines.append(f"  {name + ' (new process)':<46} {value:9.3f}")
    return "\n".join(lines)


def run(entities=1000, repeats=3, large=0, out: Path | None = None, keep=False, search=True) -> dict:
    """Run the whole benchmark; print the results and write them as JSON to `out`."""
    work = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    try:
        bench = Bench(work, entities, search)
        bench.rounds(repeats)
        if large:
            bench.large(large, repeats)
        results = bench.results(entities, large)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    out = out or ROOT / ".cache" / "bench" / f"bench-{entities}{'' if search else '-no-search'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"Written to {out}" + (f"; builds kept in {work}" if keep else ""))
    return results
