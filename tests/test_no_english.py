"""No English interface text on the French, Spanish and Arabic pages (contributed text and data aside).

The first test reads the site built with the shipped translations: it fails while a shipped language
leaves messages untranslated. The second shows that the scan is sound: with every message translated (a
pseudo-translation: the same words with accented vowels, markup and placeholders kept) it finds nothing,
except the words of the one message it leaves in English on purpose.
"""

from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.catalog import Catalog as Messages
from babel.messages.pofile import read_po, write_po
from constants import AS_OF, ROOT, VALID
from english_left import MARKUP, english_words, message_words, scan

from atlas.site import fragments, multilingual, translation, words
from atlas.site.languages import LOCALE_DIR, TRANSLATED
from atlas.site.translation import DOMAINS

CONTENT = ROOT / "content" / "pages"
LEFT_IN_ENGLISH = "Skip to content"  # on every page; its words are in no other message


def _clear_language_caches():
    words.for_language.cache_clear()
    fragments.for_language.cache_clear()
    multilingual._language_list.cache_clear()


def _build(assessments, output, chart_cache):
    from atlas.build.runner import build_site

    build_site(
        assessments, output, AS_OF.isoformat(), ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=str(chart_cache)
    )
    return output


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    _clear_language_caches()
    root = tmp_path_factory.mktemp("no-english")
    return _build(ROOT / "assessments", root / "site", root / "charts")


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_pages_show_no_english_interface_text(shipped, language):
    found = scan(shipped, language, LOCALE_DIR, CONTENT / language)
    every = sorted(set().union(*found.values())) if found else []
    summary = "\n".join(f"{page}: {' '.join(sorted(left))}" for page, left in list(found.items())[:15])
    assert not found, f"{len(found)} pages show English words {every[:60]}:\n{summary}"


_ACCENTED = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")


def _pseudo(text: str) -> str:
    """The same words with accented vowels: a translation that is no English word; markup kept."""
    parts, last = [], 0
    for match in MARKUP.finditer(text):
        parts += [text[last : match.start()].translate(_ACCENTED), match.group(0)]
        last = match.end()
    return "".join(parts) + text[last:].translate(_ACCENTED)


def _pseudo_locale(folder, leave_out: str):
    """Every language's .po files, complete in pseudo-translation, but for the message `leave_out`."""
    folder.mkdir(parents=True)
    for domain in DOMAINS:
        shutil.copyfile(LOCALE_DIR / f"{domain}.pot", folder / f"{domain}.pot")
    for language in TRANSLATED:
        for domain in DOMAINS:
            with (LOCALE_DIR / f"{domain}.pot").open("rb") as file:
                template = read_po(file)
            made = Messages(locale=language, domain=domain, fuzzy=False)
            forms = made.num_plurals
            for message in template:
                if not message.id or message.id == leave_out:
                    continue
                if isinstance(message.id, (list, tuple)):
                    string = tuple(_pseudo(message.id[min(i, 1)]) for i in range(forms))
                else:
                    string = _pseudo(message.id)
                made.add(message.id, string, context=message.context)
            path = folder / language / "LC_MESSAGES" / f"{domain}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                write_po(file, made)
    return folder


def test_the_scan_finds_nothing_when_everything_is_translated_but_what_was_left_out(tmp_path):
    locale = _pseudo_locale(tmp_path / "locale", LEFT_IN_ENGLISH)
    assessments = tmp_path / "assessments"  # the shipped groups, one made up and one with an Arabic name
    shutil.copytree(ROOT / "assessments", assessments)
    (assessments / "example.yaml").write_text(VALID, encoding="utf-8")
    arabic = VALID.replace("Example Wiki User Group", "مجموعة مستخدمي ويكيميديا").replace(
        "Board", "Communities"
    )
    (assessments / "arabic.yaml").write_text(arabic, encoding="utf-8")
    real = translation.translations
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "translations", lambda language, domain: real(language, domain, locale))
        _clear_language_caches()
        try:
            site = _build(assessments, tmp_path / "site", tmp_path / "charts")
        finally:
            _clear_language_caches()
    expected = {word.casefold() for word in re.findall(r"\w{2,}", LEFT_IN_ENGLISH)}
    for language in TRANSLATED:
        found = scan(site, language, locale, CONTENT / language)
        assert found, language  # the message left out is on every page
        assert set().union(*found.values()) == expected, (language, found)
        assert len(found) == len(list((site / language).rglob("*.html")))


def test_contributed_text_code_and_english_pages_are_not_interface_text():
    english, translated = message_words(LOCALE_DIR, None), set()
    assert {"communities", "map"} <= english
    page = (
        '<html lang="ar" dir="rtl"><head><meta name="description" content="Map"></head><body>'
        '<a href="x" dir="auto">Communities</a> <bdi>Map</bdi> <code>map.yaml</code> <p>\u2068Map\u2069</p>'
        '<article lang="en" dir="ltr"><p>Communities</p></article> <img alt="Communities" src="x">'
        '<div dir="auto"><p>Map</p></div><p>الخريطة Communities</p></body></html>'
    )
    assert english_words(page, "ar", english, translated) == {"map", "communities"}
    assert english_words(page, "ar", english, {"map", "communities"}) == set()
