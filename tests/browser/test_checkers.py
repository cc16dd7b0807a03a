"""Two checkers no one here wrote: the Nu HTML Checker on every page of a real build, and pa11y with the
HTML_CodeSniffer runner (WCAG 2 AA) on one page of every type, beside axe in test_pages.py.

Both come from npm (tests/checkers/package.json, installed by `invoke test` and .ci/run with `npm ci`),
the first run with Java. They never skip: without them these tests fail and say how to install them.
Each run also checks a page with a known fault, so a checker that silently checks nothing fails too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from browsing import page_types
from constants import ROOT

CHECKERS = ROOT / "tests" / "checkers"
VNU = CHECKERS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = CHECKERS / "pa11y-pages.js"
# Markdown pages drawn with the same template as the data and contribute pages, left to the Nu checker.
LIKE_OTHERS = {"about", "guidelines"}
INSTALL = "install the checkers: invoke test does, or npm ci --prefix tests/checkers"

# A page with one known fault for each checker: an empty form action (Nu) and a form without a submit
# control (HTML_CodeSniffer, WCAG 2 AA H32.2).
FAULTY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Known faults</title></head>
<body><main><h1>Known faults</h1>
<form action=""><label>Region <select name="region"><option>All</option></select></label></form>
</main></body></html>
"""


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"`{name}` is not on PATH; {INSTALL} (Java: apt-get install default-jre-headless)"
    return found


def test_nu_html_checker_finds_no_error_on_any_page(shipped_site, synthetic_site, tmp_path):
    assert VNU.is_file(), f"{VNU} is missing; {INSTALL}"
    faulty = tmp_path / "faulty.html"
    faulty.write_text(FAULTY, encoding="utf-8")
    # Every page of the shipped site, and one of each type of the larger synthetic one (same templates).
    pages = sorted(shipped_site.folder.rglob("*.html"))
    pages += [
        synthetic_site.folder / path / "index.html" for path in page_types(synthetic_site.folder).values()
    ]
    assert len(pages) > 100
    run = subprocess.run(
        [
            _tool("java"),
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
        ]
        + [str(faulty), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stdout)["messages"]
    by_page = {}
    for message in messages:
        by_page.setdefault(Path(message["url"].removeprefix("file:")).resolve(), []).append(message)
    known = by_page.pop(faulty.resolve(), [])
    assert any("action" in message["message"] for message in known), known  # the checker did check
    problems = [
        f"{page}:{message.get('lastLine')}: {message['message']}"
        for page, found in by_page.items()
        for message in found
    ]
    assert not problems, "\n".join(problems[:30])


def test_pa11y_htmlcs_finds_no_error_on_any_page_type(synthetic_site, serve, tmp_path):
    assert (CHECKERS / "node_modules" / "pa11y").is_dir(), f"pa11y is missing; {INSTALL}"
    (tmp_path / "faulty.html").write_text(FAULTY, encoding="utf-8")
    faulty_url = serve(tmp_path) + "faulty.html"
    types = page_types(synthetic_site.folder)
    urls = [synthetic_site.url + path for kind, path in types.items() if kind not in LIKE_OTHERS]
    assert len(urls) >= 14
    run = subprocess.run(
        [_tool("node"), str(PA11Y), faulty_url, *urls], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    issues = json.loads(run.stdout)
    assert any(issue["code"].endswith("H32.2") for issue in issues.pop(faulty_url)), "pa11y checked nothing"
    assert set(issues) == set(urls)
    errors = [
        f"{url}: {issue['code']} at {issue['selector']}: {issue['message']}"
        for url, found in issues.items()
        for issue in found
        if issue["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
