"""Translations in real builds: every page in every language, pages left in English, shared data files,
contributed text never translated, fragments in the page's language."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.catalog import Catalog as Messages
from babel.messages.mofile import write_mo
from babel.support import Translations
from constants import ROOT, VALID

from atlas.site import fragments, translation, words
from atlas.site.languages import LANGUAGES, RIGHT_TO_LEFT, TRANSLATED

TRANSLATED_PAGES = ("fr", "es", "ar")


@pytest.fixture(scope="module")
def site(tmp_path_factory, chart_cache_module):
    from constants import AS_OF

    from atlas.build.runner import build_site

    folder = tmp_path_factory.mktemp("assessments")
    (folder / "example.yaml").write_text(VALID, encoding="utf-8")
    (folder / "arabic.yaml").write_text(
        VALID.replace("Example Wiki User Group", "مجموعة مستخدمي ويكيميديا").replace("Board", "Communities"),
        encoding="utf-8",
    )
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(
        folder, output, AS_OF.isoformat(), ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=str(chart_cache_module)
    )
    return output


@pytest.fixture(scope="module")
def chart_cache_module(tmp_path_factory):
    return tmp_path_factory.mktemp("charts")


def _english_pages(site):
    languages = {f"{code}/" for code in TRANSLATED}
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("index.html")
        if not any(path.relative_to(site).as_posix().startswith(prefix) for prefix in languages)
    )


def test_every_page_exists_in_every_language_with_lang_dir_hreflang_and_switcher(site):
    pages = _english_pages(site)
    assert {"index.html", "about/index.html", "contribute/index.html", "data/index.html"} <= set(pages)
    assert "guidelines/index.html" in pages and "search/index.html" in pages
    for page in pages:
        path = page.removesuffix("index.html")
        for language in LANGUAGES:
            prefix = "" if language == "en" else f"{language}/"
            html = (site / prefix / page).read_text(encoding="utf-8")
            direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
            assert f'<html lang="{language}" dir="{direction}">' in html, (language, page)
            depth = "../" * (prefix + path).count("/")
            root = depth.removesuffix("/") or "."
            for other in LANGUAGES:
                other_prefix = "" if other == "en" else f"{other}/"
                href = f"{root}/{other_prefix}{path}"
                assert f'<link rel="alternate" hreflang="{other}" href="{href}">' in html, (
                    language,
                    page,
                    other,
                )
                assert (site / other_prefix / page).exists()
                if other != language:
                    assert f'<a href="{href}" lang="{other}" hreflang="{other}"' in html, (
                        language,
                        page,
                        other,
                    )
            assert f'<link rel="alternate" hreflang="x-default" href="{root}/{path}">' in html


def test_pages_left_in_english_say_so_and_keep_the_data_links_working(site):
    for language in TRANSLATED_PAGES:
        for slug in ("contribute", "data"):
            html = (site / language / slug / "index.html").read_text(encoding="utf-8")
            assert '<article class="prose" lang="en" dir="ltr">' in html
            assert 'class="note" role="note"' in html
        data = (site / language / "data" / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'href="(\.\./\.\./data/[^"]+)"', data):
            assert (site / language / "data" / href).resolve().exists(), href


def test_data_files_are_single_and_shared_by_every_language(site):
    for language in TRANSLATED_PAGES:
        assert not (site / language / "data" / "assessments.csv").exists()
        assert not list((site / language).rglob("*.csv")) and not list((site / language).rglob("*.yaml"))
        page = (site / language / "capacities" / "social-media" / "index.html").read_text(encoding="utf-8")
        assert 'href="../../../charts/capacity-social-media.csv"' in page
        assert (site / language / "charts" / "capacity-social-media.svg").exists()
        assert (site / language / "search" / "index.json").exists()


def _fake_french(domain_messages: dict) -> dict:
    made = {}
    for domain, messages in domain_messages.items():
        catalog = Messages(locale="fr", domain=domain, fuzzy=False)
        for (context, key), value in messages.items():
            catalog.add(key, value, context=context)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        made[domain] = Translations(buffer, domain=domain)
    return made


def _clear_language_caches():
    from atlas.site import multilingual

    words.for_language.cache_clear()
    fragments.for_language.cache_clear()
    multilingual._language_list.cache_clear()


def test_contributed_text_is_never_translated(tmp_path, chart_cache_module):
    """With French words for "Map", "Communities" and a capacity's name, a group named "Map" assessed by
    "Communities" keeps both as written, while the interface and the catalog are in French."""
    from constants import AS_OF

    from atlas.build.runner import build_site

    fake = _fake_french(
        {
            "atlas": {(None, "Map"): "Carte", (None, "Communities"): "Communautés"},
            "catalog": {("social-media name", "Social media"): "Réseaux sociaux"},
        }
    )
    real = translation.translations
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / "map.yaml").write_text(
        VALID.replace("Example Wiki User Group", "Map").replace("Board", "Communities"), encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            words,
            "translations",
            lambda language, domain: fake[domain] if language == "fr" else real(language, domain),
        )
        _clear_language_caches()
        try:
            build_site(
                folder,
                tmp_path / "out",
                AS_OF.isoformat(),
                ROOT / "pelicanconf.py",
                ATLAS_CHART_CACHE=str(chart_cache_module),
            )
        finally:
            _clear_language_caches()
    page = (tmp_path / "out" / "fr" / "communities" / "map" / "index.html").read_text(encoding="utf-8")
    assert "<h1><bdi>Map</bdi></h1>" in page
    assert '<span dir="auto">Communities</span>' in page
    assert ">Carte</a>" in page and ">Communautés</a>" in page
    assert ">Réseaux sociaux</a>" in page
    english = (tmp_path / "out" / "communities" / "map" / "index.html").read_text(encoding="utf-8")
    assert ">Map</a>" in english and "Carte" not in english and "Réseaux sociaux" not in english
    assert (tmp_path / "out" / "data" / "assessments.csv").read_bytes().count("Réseaux".encode()) == 0


def test_fragments_in_another_language_use_its_words(monkeypatch):
    fake = words.Words("fr")
    fake.level_names = {"none": "aucun", "low": "faible", "medium": "moyen", "high": "élevé"}
    made = fragments.Fragments(fake)
    assert made.level_badge("high") == '<span class="level level-high">élevé</span>'
    translation.translations.cache_clear()
