"""Which pages the browser tests visit, and small readings of a page in the browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from constants import AS_OF, ROOT

from atlas.site.languages import LANGUAGES, SOURCE

# Every type of page the atlas must have; the suite also visits any other section it finds.
REQUIRED_TYPES = (
    "home",
    "map",
    "map-page",
    "communities",
    "communities-page",
    "communities-page-peers",
    "capacities",
    "capacities-page",
    "regions",
    "regions-page",
    "data",
    "guidelines",
    "about",
    "contribute",
    "search",
    "assess",
)
# Every language the site is published in, and where its pages live: English at the root.
PREFIXES = {language: "" if language == SOURCE else f"{language}/" for language in LANGUAGES}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# The assessment form's tests: the repository its site names, and the date they give an assessment.
FORM_REPOSITORY = "https://github.com/example/capacity-atlas"
FORM_DATE = (AS_OF - dt.timedelta(days=1)).isoformat()  # the day before the test builds' as-of date


def build_in(assessments: Path, output: Path, chart_cache: Path, **settings) -> Path:
    """Build a site with the project's settings (and `settings` on top); return its folder."""
    from atlas.build.runner import build_site

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        settings = {"ATLAS_CHART_CACHE": str(chart_cache), **settings}
        build_site(assessments, output, AS_OF.isoformat(), ROOT / "pelicanconf.py", **settings)
    return output


def page_types(folder: Path) -> dict[str, str]:
    """One page of each type in a built site: name -> path from the site root.

    Each top-level section with an index page is a type; a section with pages below it (a community,
    a capacity, a region, a map category) adds a type "<section>-page", for which the largest page is
    taken, as the one most likely to overflow or break, and a type "<section>-page-<part>" for each
    page below that one (a group beside its peers). The translated sites' folders are not sections:
    `language_page_types` gives their pages.
    """
    pages = {"home": ""}
    sections = (path for path in folder.iterdir() if (path / "index.html").is_file())
    for section in sorted(path for path in sections if path.name not in PREFIXES):
        pages[section.name] = f"{section.name}/"
        below = [path for path in section.iterdir() if (path / "index.html").is_file()]
        if below:
            largest = max(below, key=lambda path: ((path / "index.html").stat().st_size, path.name))
            pages[f"{section.name}-page"] = f"{section.name}/{largest.name}/"
            for part in sorted(path for path in largest.iterdir() if (path / "index.html").is_file()):
                pages[f"{section.name}-page-{part.name}"] = f"{section.name}/{largest.name}/{part.name}/"
    return pages


def language_page_types(folder: Path, language: str) -> dict[str, str]:
    """One page of each type in one language of a built site: name -> path from the site root."""
    prefix = PREFIXES[language]
    return {name: prefix + path for name, path in page_types(folder / prefix).items()}


def overflow_width(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def show_lazy_images(page) -> None:
    """Make lazy images load now, and wait until every image has loaded (or failed)."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)")


def own_loads(page, base: str) -> set[str]:
    """What a page watched by `page_watch` asked its site for, relative to `base`, but the site's icon:
    Chromium asks for it when it is idle, before or after the page's network goes quiet."""
    return {url.removeprefix(base) for url in page.requests} - {"theme/favicon.svg"}
