"""The "Assess your group" form, used as a group's volunteer would: keyboard only on a phone, in English
and in Arabic, for a new group and for an update of a shipped one. The file it writes passes the real
validator, a real build of the site shows exactly the ratings typed, and an update keeps every earlier
byte of the group's file. Also: its hand-off to GitHub, its draft, no JavaScript, accessibility in light
and dark, its script budget, and screenshots (test-artifacts/assess-*.png).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browsing import DESKTOP, PHONE, build_in, overflow_width
from conftest import SUB_PATH
from constants import AS_OF, ROOT
from test_pages import AXE_SCRIPT

from atlas.site.assessform import FORM_SCRIPT_BUDGET, FORM_SCRIPT_GZIP_BUDGET, MAX_ADDRESS

REPOSITORY = "https://github.com/example/capacity-atlas"
DATE = (AS_OF.replace(day=AS_OF.day - 1)).isoformat()  # the day before the as-of date of the test builds


@pytest.fixture(scope="module")
def form_site(tmp_path_factory, chart_cache, serve):
    """The shipped assessments built with a repository address, so the form offers GitHub's editor."""
    root = tmp_path_factory.mktemp("assess")
    folder = build_in(ROOT / "assessments", root / SUB_PATH, chart_cache, ATLAS_REPOSITORY_URL=REPOSITORY)
    return folder, serve(root) + SUB_PATH


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user moves through a form."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, steps: int, key: str = "ArrowDown") -> None:
    for _ in range(steps):
        page.keyboard.press(key)


def rate(page, capacity: str, level: int, robustness: int = 0, support=False, note="", idea="") -> None:
    """Rate a capacity by keyboard: its category opened, the level (1 = none ... 4 = high) and robustness
    (1 = low ... 3 = high) chosen with the arrow keys, notes typed."""
    category = page.evaluate(f"() => document.getElementById('cap-{capacity}').closest('details').id")
    if not page.evaluate(f"() => document.getElementById('{category}').open"):
        tab_to(page, f"#{category} > summary")
        page.keyboard.press("Enter")
    tab_to(page, f'[name="level:{capacity}"]:checked')
    current = page.evaluate(
        f"() => Array.from(document.getElementsByName('level:{capacity}')).findIndex(r => r.checked)"
    )
    choose(page, abs(level - current), "ArrowDown" if level > current else "ArrowUp")
    if robustness:
        page.keyboard.press("Tab")  # into the robustness group, now shown
        choose(page, robustness)
    if support:
        tab_to(page, f'[name="support_wanted:{capacity}"]')
        page.keyboard.press("Space")
    for name, text in (("note", note), ("idea", idea)):
        if text:
            tab_to(page, f'[name="{name}:{capacity}"]')
            for number, line in enumerate(text.split("\n")):
                if number:
                    page.keyboard.press("Enter")
                page.keyboard.type(line)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def download(page) -> str:
    """The file, as the form's Download button gives it (pressed by keyboard)."""
    tab_to(page, "[data-download]")
    with page.expect_download() as event:
        page.keyboard.press("Enter")
    text = Path(event.value.path()).read_bytes().decode("utf-8")
    assert text == page.input_value("#assess-text")
    return text


def validate(folder: Path, path: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-m", "atlas", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "ATLAS_AS_OF": AS_OF.isoformat()},
    )
    assert found.returncode == 0, found.stdout + found.stderr


def rows_of(site: Path, slug: str, date: str) -> dict[str, dict]:
    """The site's published ratings of one group's snapshot (data/assessments.csv), by capacity."""
    text = (site / "data/assessments.csv").read_text(encoding="utf-8")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["entity"] == slug and row["date"] == date]
    keep = ("level", "robustness", "note", "support_wanted", "idea")
    return {row["capacity"]: {key: row[key] for key in keep} for row in rows}


def shown_levels(page, url: str) -> dict[str, str]:
    """The current levels a group's page shows, by capacity."""
    page.goto(url)
    return page.evaluate(
        "() => Object.fromEntries(Array.from(document.querySelectorAll('tr[data-level][id]'))"
        ".map(tr => [tr.id, tr.dataset.level]))"
    )


def built(tmp_path: Path, chart_cache, files: dict[str, str]) -> tuple[Path, Path]:
    """The shipped assessments with `files` added or replaced, validated one by one, and a site built."""
    folder = tmp_path / "assessments"
    shutil.copytree(ROOT / "assessments", folder)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
        validate(folder, folder / name)
    site = build_in(folder, tmp_path / "site", chart_cache, ATLAS_LANGUAGES=["en"])
    return folder, site


NEW_GROUP = {
    "en": {
        "name": 'Grupo Ñandú "de Prueba" <b>#1</b>: yes',
        "slug": "grupo-nandu-de-prueba-b-1-b-yes",
        "who": "Four members at a <workshop>",
        "note": "Two channels, posted weekly.\n<script>alert(1)</script> # not a comment",
        "idea": "A photo walk: then a workshop",
    },
    "ar": {
        "name": "مجموعة ويكيميديا التجريبية",
        "slug": "arabic-test-group",
        "who": "أربعة أعضاء في ورشة عمل",
        "note": "قناتان، ننشر كل أسبوع.",
        "idea": "جولة تصوير",
    },
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_new_group_by_keyboard_on_a_phone(
    page_watch, form_site, tmp_path, chart_cache, artifacts, language
):
    folder, base = form_site
    texts = NEW_GROUP[language]
    page = page_watch(viewport=PHONE, accept_downloads=True)
    page.goto(base + ("" if language == "en" else "ar/") + "assess/")
    tab_to(page, "#f-name")
    page.keyboard.type(texts["name"])
    if language == "en":
        assert page.input_value("#f-slug") == texts["slug"], "the slug is suggested from a Latin name"
    else:
        type_into(page, "#f-slug", texts["slug"])
    tab_to(page, "#f-kind")
    choose(page, 2)  # user group
    assert page.input_value("#f-kind") == "user-group"
    tab_to(page, "[name=regions][value=lac]")
    page.keyboard.press("Space")
    type_into(page, "#f-countries", "PE, NO")
    type_into(page, "#f-languages", "es, qu, no")
    type_into(page, "#f-url", "https://example.org/grupo")
    type_into(page, "#f-population", "1 200 000")
    type_into(page, "#f-date", DATE)
    type_into(page, "#f-assessed_by", texts["who"])
    tab_to(page, "[name=consultation]:checked")
    choose(page, 1)  # one person's view
    tab_to(page, "[name=provisional]")
    page.keyboard.press("Space")
    assert page.locator("[data-ready]").is_hidden(), "no rating yet: the file is not ready"
    rate(page, "social-media", 3, 3, support=True, note=texts["note"], idea=texts["idea"])
    rate(page, "press-and-media", 1)
    rate(page, "wikidata", 2)
    assert page.locator("[data-ready]").is_visible(), page.locator("[data-problems]").inner_text()
    assert overflow_width(page) == 0
    text = download(page)
    page.screenshot(path=artifacts / f"assess-{language}-new-ready-360.png", full_page=False)

    assert text.startswith("# yaml-language-server: $schema=../schema/assessment.schema.json\n")
    slug = texts["slug"]
    _, site = built(tmp_path, chart_cache, {f"{slug}.yaml": text})
    data = yaml.safe_load(text)
    assert data["name"] == texts["name"] and data["countries"] == ["PE", "NO"]
    assert data["languages"] == ["es", "qu", "no"] and data["population"] == 1_200_000
    assert data["snapshots"][0]["assessed_by"] == texts["who"]
    assert data["snapshots"][0]["status"] == "provisional"
    assert data["snapshots"][0]["consultation"] == "individual"
    expected = {
        "social-media": {"level": "medium", "robustness": "high", "note": texts["note"]}
        | {"support_wanted": "true", "idea": texts["idea"]},
        "press-and-media": {
            "level": "none",
            "robustness": "",
            "note": "",
            "support_wanted": "false",
            "idea": "",
        },
        "wikidata": {"level": "low", "robustness": "", "note": "", "support_wanted": "false", "idea": ""},
    }
    assert rows_of(site, slug, DATE) == expected
    shown = shown_levels(page, f"file://{site}/communities/{slug}/index.html")
    assert shown == {cap: rating["level"] for cap, rating in expected.items()}
    assert page.locator("h1 bdi").inner_text() == texts["name"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_update_by_keyboard_keeps_every_earlier_byte(
    page_watch, form_site, tmp_path, chart_cache, artifacts, language
):
    folder, base = form_site
    slug = "wikimedia-uk" if language == "en" else "armenian-wikipedia"
    original = (ROOT / "assessments" / f"{slug}.yaml").read_bytes()
    page = page_watch(viewport=PHONE, accept_downloads=True)
    page.goto(base + ("" if language == "en" else "ar/") + "assess/")
    tab_to(page, "[name=mode]:checked")
    choose(page, 1)  # updating a group in the atlas
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "f-group"
    index = page.evaluate(
        f"() => Array.from(document.getElementById('f-group').options).findIndex(o => o.value === '{slug}')"
    )
    choose(page, index)
    page.locator('.levels input:checked:not([value=""])').first.wait_for(state="attached")  # its ratings
    before = page.evaluate(
        "() => Array.from(document.querySelectorAll('.levels input:checked')).filter(r => r.value).length"
    )
    type_into(page, "#f-date", DATE)
    type_into(page, "#f-assessed_by", "Board" if language == "en" else "مجلس الإدارة")
    first = page.evaluate(
        "() => document.querySelector('.levels input[value]:checked:not([value=\"\"])').name"
    )
    capacity = first.split(":", 1)[1]
    rate(page, capacity, 1)  # now none
    rate(page, "grant-writing" if language == "en" else "social-media", 4, 1)
    assert page.locator("[data-ready]").is_visible(), page.locator("[data-problems]").inner_text()
    text = download(page)
    page.screenshot(path=artifacts / f"assess-{language}-update-ready-360.png", full_page=False)

    assert text.encode("utf-8").startswith(original), "the earlier snapshots are byte-identical"
    old, new = yaml.safe_load(original), yaml.safe_load(text)
    assert new["snapshots"][:-1] == old["snapshots"] and len(new["snapshots"]) == len(old["snapshots"]) + 1
    _, site = built(tmp_path, chart_cache, {f"{slug}.yaml": text})
    rows = rows_of(site, slug, DATE)
    assert len(rows) == before + 1
    assert rows[capacity]["level"] == "none"
    added = "grant-writing" if language == "en" else "social-media"
    assert (rows[added]["level"], rows[added]["robustness"]) == ("high", "low")
    shown = shown_levels(page, f"file://{site}/communities/{slug}/index.html")
    assert shown == {cap: row["level"] for cap, row in rows.items()}


# -- the form's checks against `atlas validate`, on every example and hostile file ------------------------

EXAMPLES = ROOT / "tests" / "examples"
HOSTILE = ROOT / "tests" / "hostile"
CHECKED_FILES = sorted(
    [*EXAMPLES.glob("*/*.yaml"), *(path for path in HOSTILE.glob("*.yaml") if path.name != "expected.yaml")]
)
# The rules only `atlas validate` checks, by the file that breaks each, and why the browser cannot.
VALIDATOR_ONLY = {
    "beyond-schema/alias.yaml": "YAML aliases: a parser hands on the expanded value, so data never shows one",
    "hostile/anchor-and-alias.yaml": "YAML anchors and aliases (as above); the form writes none",
    "hostile/billion-laughs.yaml": "YAML aliases (as above)",
    "beyond-schema/duplicate-key.yaml": "duplicate keys: a parser keeps the last value, data never holds two",
    "hostile/duplicate-key-in-rating.yaml": "duplicate keys (as above)",
    "hostile/duplicate-top-key.yaml": "duplicate keys (as above)",
    "hostile/number-as-key.yaml": "a key YAML reads as a number: data read by a browser has text keys only",
    "hostile/python-tag.yaml": "YAML tags: the form writes none, and the validator refuses them unread",
    "hostile/two-documents.yaml": "several YAML documents in one file: a reading of YAML, not of data",
    "hostile/colon-in-value.yaml": "YAML syntax (an unquoted ': '): the form quotes every text it writes",
    "hostile/tab-indentation.yaml": "YAML syntax (tabs as indentation): the form writes the layout itself",
    "hostile/unclosed-list.yaml": "YAML syntax (an unclosed list): as above",
    "hostile/deep-nesting.yaml": "nesting too deep for the reader: a limit of reading YAML",
    "hostile/control-character.yaml": "a raw control character in the file: the form writes escapes, and "
    "checks control characters in the text typed (as the validator does in escaped text)",
    "hostile/latin-1-bytes.yaml": "bytes that are not UTF-8: the form writes text, which the browser encodes",
    "hostile/utf-16.yaml": "a file in UTF-16 (as above)",
}


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _as_json(value, path=()):
    """Data read by the validator's YAML reader, as JSON for the browser: a snapshot's date as the text
    the form writes; a date anywhere else, or a whole number written as a decimal, as an object (which is
    what a check of text or of whole numbers must refuse)."""
    if isinstance(value, dict):
        return {str(key): _as_json(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, dt.date):
        is_date = len(path) == 3 and path[0] == "snapshots" and path[2] == "date"
        return value.isoformat() if is_date else {"date": value.isoformat()}
    if isinstance(value, float) and value.is_integer():
        return {"decimal": value}
    return value


def _readable(path: Path):
    """The file's data as `atlas validate` reads it, or None when reading it as YAML fails."""
    from atlas.ingest.yamlsource import parse

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    source = parse(text)
    if source.data is None and source.problems[0][2].startswith("the file is empty"):
        return {"empty": True}  # no data: what the browser checks is the null document
    return None if source.problems else _as_json(source.data)


def _lines(path: Path, problems: list[dict]) -> set[int]:
    """The lines the form's problems point at, found as the validator finds a path's line; a problem
    with the file as a whole (its slug, or not a mapping) is on line 1, as the validator puts it."""
    from atlas.ingest.yamlsource import parse

    source = parse(path.read_text(encoding="utf-8"))
    return {
        source.position(tuple(found["path"]), key=found["rule"] == "unknownKey")[0]
        if found["path"] not in ([], ["slug"])
        else 1
        for found in problems
    }


def test_the_form_checks_give_the_validators_verdict(page_watch, form_site, catalog):
    """Every example and hostile file: the form's check accepts it exactly when `atlas validate` does,
    and finds its problems on the lines the validator names, except the listed YAML-level rules, which
    only a YAML reader can see."""
    from atlas.ingest.loading import load_assessments

    _, base = form_site
    page = page_watch(viewport=DESKTOP)
    page.goto(base + "assess/")
    cases, lines = [], {}
    for path in CHECKED_FILES:
        problems = load_assessments(path.parent, catalog, AS_OF, only=[path]).problems
        lines[_key(path)] = {problem.line for problem in problems}
        known = sorted(other.stem for other in path.parent.glob("*.yaml") if other != path)
        context = {"slug": path.stem, "today": AS_OF.isoformat(), "known": known}
        cases.append([_key(path), _readable(path), context])
    found = page.evaluate(
        "(cases) => Object.fromEntries(cases.map(([key, data, context]) => [key, data === null ? null"
        " : window.atlasCheckFile(data.empty ? null : data, context)]))",
        cases,
    )
    paths = {_key(path): path for path in CHECKED_FILES}
    unread = {key for key in lines if found[key] is None}
    browser = {key: _lines(paths[key], found[key]) for key in lines if key not in unread}
    differ = {key for key in browser if browser[key] != lines[key]}
    assert differ == set(), {key: (browser[key], lines[key]) for key in differ}
    assert unread == set(VALIDATOR_ONLY), "VALIDATOR_ONLY lists exactly the rules the form cannot see"
    assert all(lines[key] for key in VALIDATOR_ONLY), "the validator rejects each of them"
    valid = sum(not problems for problems in lines.values())
    assert valid >= 5 and len(lines) - valid >= 80


# -- hand-off, draft, no JavaScript, accessibility, budget, screenshots -----------------------------------


def _fill_minimal(page, name="Example Hand-off Group", region="nwe", capacities=("tools",)):
    page.fill("#f-name", name)
    page.select_option("#f-kind", "user-group")
    page.check(f"[name=regions][value={region}]")
    page.fill("#f-date", DATE)
    page.fill("#f-assessed_by", "Board")
    for capacity in capacities:
        page.evaluate(f"() => document.getElementById('cap-{capacity}').closest('details').open = true")
        page.check(f'[name="level:{capacity}"][value=medium]')


def test_github_receives_the_file_or_it_is_copied(page_watch, form_site):
    """A new file goes to GitHub's new-file page in its address (filename and value); past the address
    limit, and for an update (the file's edit page), the file is copied for pasting instead."""
    _, base = form_site
    page = page_watch(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page.goto(base + "assess/")
    _fill_minimal(page)
    forge = page.locator("[data-forge]")
    address = urlsplit(forge.get_attribute("href"))
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPOSITORY}/new/main/assessments"
    query = parse_qs(address.query)
    assert query["filename"] == ["example-hand-off-group.yaml"]
    assert query["value"] == [page.input_value("#assess-text")]
    assert forge.get_attribute("target") == "_blank"

    long_note = "A long note about what the group did. " * 45
    page.fill('[name="note:tools"]', long_note)
    for capacity in ("wikidata", "bots", "lua"):
        page.evaluate(f"() => document.getElementById('cap-{capacity}').closest('details').open = true")
        page.check(f'[name="level:{capacity}"][value=low]')
        page.fill(f'[name="note:{capacity}"]', long_note)
    page.locator("[data-ready]").wait_for()
    assert len(forge.get_attribute("href")) <= MAX_ADDRESS
    assert "value=" not in forge.get_attribute("href")
    forge.evaluate("link => link.addEventListener('click', event => event.preventDefault())")
    forge.click()
    page.wait_for_function("() => document.getElementById('assess-handoff').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.input_value("#assess-text")

    page.check("[name=mode][value=update]")
    page.select_option("#f-group", "wikimedia-uk")
    page.locator("[data-ready]").wait_for()
    assert forge.get_attribute("href") == f"{REPOSITORY}/edit/main/assessments/wikimedia-uk.yaml"
    forge.click()
    page.wait_for_function(
        "(text) => navigator.clipboard.readText().then(found => found === text)",
        arg=page.input_value("#assess-text"),
    )


def test_the_draft_is_kept_until_start_over(page_watch, form_site):
    _, base = form_site
    page = page_watch(viewport=PHONE)
    page.goto(base + "fr/assess/")
    _fill_minimal(page, name="Groupe d’essai")
    page.fill('[name="note:tools"]', "Une note.")
    page.reload()
    assert page.input_value("#f-name") == "Groupe d’essai"
    assert page.locator('[name="level:tools"][value=medium]').is_checked()
    assert page.input_value('[name="note:tools"]') == "Une note."
    assert page.locator("#cap-tools").is_visible(), "the category of a restored rating is open"
    assert page.locator("#assess-draft").inner_text() != ""
    assert page.locator("[data-ready]").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=page.locator("[data-start-over]").inner_text()).click()
    assert page.input_value("#f-name") == ""
    assert page.locator('[name="level:tools"][value=""]').is_checked()
    page.reload()
    assert page.input_value("#f-name") == ""
    assert page.evaluate("() => localStorage.length") == 0


def test_without_javascript_the_page_explains_atlas_new(page_watch, form_site):
    _, base = form_site
    page = page_watch(viewport=PHONE, java_script_enabled=False)
    page.goto(base + "assess/")
    note = page.locator("[data-needs-script]")
    assert note.is_visible() and "atlas new" in note.inner_text()
    assert page.locator("form").count() == 0
    scripted = page_watch(viewport=PHONE)
    scripted.goto(base + "assess/")
    assert scripted.locator("[data-needs-script]").is_hidden()
    assert scripted.locator("#assess-form").is_visible()


def test_typed_text_never_becomes_markup(page_watch, form_site):
    """Names and notes reach the page only as text: markup typed into the form is shown, never run."""
    _, base = form_site
    page = page_watch(viewport=DESKTOP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "assess/")
    hostile = '<img src=x onerror="window.hacked=1">'
    _fill_minimal(page, name=hostile)
    page.fill("#f-slug", "<b>bad</b>")
    page.fill("#f-countries", hostile)
    shown = page.locator(".problem:not([hidden])").all_inner_texts()
    assert any("“<img”" in text for text in shown), shown
    assert page.evaluate("() => window.hacked") is None and page.locator("main img").count() == 0
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_while_filling(page_watch, form_site, scheme):
    """axe-core finds nothing with problems shown, a category open, a rating's details and the file."""
    _, base = form_site
    page = page_watch(viewport=PHONE if scheme == "dark" else DESKTOP, color_scheme=scheme)
    page.context.add_init_script(path=AXE_SCRIPT)
    reports = []
    for language in ("", "ar/"):
        page.goto(base + language + "assess/")
        page.fill("#f-name", "x")
        page.fill("#f-countries", "XX")
        page.fill("#f-url", "ftp://example.org")
        page.evaluate("() => document.querySelectorAll('details.category').forEach(d => d.open = true)")
        page.check('[name="level:tools"][value=low]')
        page.locator("#assess-count").click()
        for state in ("problems", "ready"):
            if state == "ready":
                _fill_minimal(page)
                page.fill("#f-countries", "")
                page.fill("#f-url", "")
                page.locator("[data-ready]").wait_for()
            found = page.evaluate("() => axe.run({resultTypes: ['violations']})")
            if found["violations"]:
                from axe_playwright_python.base import AxeResults

                reports.append(f"{language or 'en/'} {state}:\n" + AxeResults(found).generate_report())
    assert not reports, "\n".join(reports)


def test_the_form_script_stays_within_its_budget_and_only_on_its_page(page_watch, form_site):
    folder, base = form_site
    script = (folder / "theme/js/assess.js").read_bytes()
    assert len(script) <= FORM_SCRIPT_BUDGET
    assert len(gzip.compress(script, 9)) <= FORM_SCRIPT_GZIP_BUDGET
    for path in folder.rglob("index.html"):
        uses = "assess.js" in path.read_text(encoding="utf-8")
        assert uses == (path.parent.name == "assess"), path
    assert (folder / "assess/groups.json").is_file() and not (folder / "ar/assess/groups.json").exists()
    assert (folder / "ar/assess/index.html").stat().st_size < 250_000
    page = page_watch(viewport=PHONE)
    page.goto(base + "assess/")
    page.wait_for_load_state("networkidle")
    loaded = {url.removeprefix(base) for url in page.requests}
    assert loaded == {
        "assess/",
        "theme/css/atlas.css",
        "theme/js/atlas.js",
        "theme/js/assess.js",
        "theme/favicon.svg",
    }


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(page_watch, form_site, artifacts, language, scheme):
    """The form at 360 and 1280 pixels, with a category open, a rating and its problems shown."""
    _, base = form_site
    for viewport in (PHONE, DESKTOP):
        page = page_watch(viewport=viewport, color_scheme=scheme)
        page.goto(base + ("" if language == "en" else "ar/") + "assess/")
        page.fill("#f-name", "Example Wiki User Group" if language == "en" else "مجموعة ويكي التجريبية")
        page.fill("#f-countries", "XX")
        page.locator("#f-countries").blur()
        page.evaluate("() => document.getElementById('cat-communications').open = true")
        page.check('[name="level:social-media"][value=medium]')
        assert overflow_width(page) == 0
        width = viewport["width"]
        page.screenshot(path=artifacts / f"assess-{language}-{width}-{scheme}.png", full_page=True)
