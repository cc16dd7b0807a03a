"""English interface text left on a translated page: what a reader of French, Spanish or Arabic would see
in English although the atlas has the words to say it in their language.

A page's visible text (and the texts a browser shows or reads out: alt, title, aria-label, placeholder,
the meta description, the search script's messages) is cut into words, leaving out what is not interface
text: contributed text and data, which the templates always isolate (an element with a `dir` attribute,
`<bdi>`, text between U+2068 and U+2069), code and file names (`<code>`), and whatever is marked as being
in another language (`lang="en"`: the pages that stay in English). A word is English interface text when
it is a word of an English message (the two .pot templates) and not a word of the language's own
translations, its .po files and its translated pages (content/pages/<language>/: About, Guidelines), so
"Wikidata", "CSV" or "source" may appear where the translation uses them too.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from atlas.site.translation import DOMAINS

WORD = re.compile(r"[^\W\d_]{2,}")
MARKUP = re.compile(r"%\([^)]*\)[sd]|<[^>]*>|&\w+;|\{\w+\}")  # placeholders, tags, entities: not words
ISOLATED = re.compile("\u2068[^\u2069]*\u2069")
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_TEXT = {"script", "style", "code", "bdi", "svg"}


def words_of(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(MARKUP.sub(" ", ISOLATED.sub(" ", text)))}


def _strings(message) -> list[str]:
    values = message if isinstance(message, (list, tuple)) else [message]
    return [value for value in values if value]


def message_words(locale_dir: Path, language: str | None) -> set[str]:
    """The words of the English messages (language None: the .pot templates), or of one language's
    translations."""
    found: set[str] = set()
    for domain in DOMAINS:
        path = locale_dir / (f"{domain}.pot" if language is None else f"{language}/LC_MESSAGES/{domain}.po")
        if not path.exists():
            continue
        with path.open("rb") as file:
            for message in read_po(file):
                if not message.id:  # the header
                    continue
                for text in _strings(message.id if language is None else message.string):
                    found |= words_of(text)
    return found


def _values(value):
    """The strings in a JSON value (the search script's messages: a plural message is a dict of forms)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, str):
        yield value


class _Reader(HTMLParser):
    """The interface text of one page, in pieces."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # (tag, left out)
        self.pieces: list[str] = []
        self.english_page = False

    def _left_out(self) -> bool:
        return any(skipped for _, skipped in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (
            tag in NOT_TEXT
            or (tag == "head" and self.english_page)
            or (tag != "html" and "dir" in attributes)
            or (lang is not None and lang.split("-")[0] != self.language)
        )
        if not skipped and not self._left_out():
            self.pieces += [attributes[name] or "" for name in SHOWN_ATTRIBUTES if name in attributes]
            if tag == "meta" and attributes.get("name") == "description":
                self.pieces.append(attributes.get("content") or "")
            if "data-messages" in attributes:
                self.pieces += list(_values(json.loads(attributes["data-messages"] or "{}")))
        if tag not in VOID:
            self.open.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if not self._left_out():
            self.pieces.append(data)


def english_words(html: str, language: str, english: set[str], translated: set[str]) -> set[str]:
    """The words of English interface text on one page in `language`."""
    reader = _Reader(language)
    # A page that stays in English says so in its body (an article marked lang="en"); its title and
    # description, in the head, are that article's.
    reader.english_page = '<article class="prose" lang="en"' in html
    reader.feed(html)
    return {word for piece in reader.pieces for word in words_of(piece)} & english - translated


def scan(site: Path, language: str, locale_dir: Path, content_dir: Path) -> dict[str, set[str]]:
    """Each page of one translated language that shows English interface text, with the words
    (`content_dir`: the folder of the language's translated pages)."""
    english, translated = message_words(locale_dir, None), message_words(locale_dir, language)
    for source in sorted(content_dir.glob("*.md")):
        translated |= words_of(source.read_text(encoding="utf-8"))
    found = {}
    for page in sorted((site / language).rglob("*.html")):
        words = english_words(page.read_text(encoding="utf-8"), language, english, translated)
        if words:
            found[page.relative_to(site).as_posix()] = words
    return found
