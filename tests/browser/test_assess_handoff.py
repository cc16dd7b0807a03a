"""The assessment form's hand-off to GitHub, its draft, the page without JavaScript, typed markup,
accessibility while filling it in, its script budget, and screenshots (test-artifacts/assess-*.png)."""

from __future__ import annotations

import gzip
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, FORM_REPOSITORY, PHONE, overflow_width, own_loads
from browsing import FORM_DATE as DATE
from test_pages import AXE_SCRIPT

from atlas.site.assessform import FORM_SCRIPT_BUDGET, FORM_SCRIPT_GZIP_BUDGET, MAX_ADDRESS


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
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{FORM_REPOSITORY}/new/main/assessments"
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
    assert forge.get_attribute("href") == f"{FORM_REPOSITORY}/edit/main/assessments/wikimedia-uk.yaml"
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
    script = b"".join((folder / "theme/js" / name).read_bytes() for name in ("assess-file.js", "assess.js"))
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
    assert own_loads(page, base) == {
        "assess/",
        "theme/css/atlas.css",
        "theme/js/atlas.js",
        "theme/js/assess-file.js",
        "theme/js/assess.js",
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
