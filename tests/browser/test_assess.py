"""The "Assess your group" form, used as a group's volunteer would: keyboard only on a phone, in English
and in Arabic, for a new group and for an update of a shipped one. The file it writes passes the real
validator, a real build of the site shows exactly the ratings typed, and an update keeps every earlier
byte of the group's file. The form's checks: test_assess_checks.py; the rest: test_assess_handoff.py.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browsing import FORM_DATE as DATE
from browsing import PHONE, build_in, overflow_width
from constants import AS_OF, ROOT


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
        [sys.executable, "-m", "atlas", "validate", "--assessments", str(folder), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "ATLAS_AS_OF": AS_OF.isoformat()},
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
