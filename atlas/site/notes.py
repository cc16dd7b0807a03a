"""Contributed free text made safe for a page: Markdown rendered, then cleaned to a small allow-list; and
contributed text set apart in plain text (`isolated`)."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "ul", "ol", "li", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"  # also on the templates' links to contributed addresses

# Relative links are refused too: a note cannot point into the site (or at a path that does not exist).
CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
    url_relative="deny",
)


CONVERTER = markdown.Markdown(output_format="html")  # made once: making one costs more than converting


def render_note(text: str | None) -> Markup:
    """Short Markdown from a contributor as inert HTML: no scripts, styles, images, frames or forms."""
    if not text:
        return Markup("")
    return _rendered(text)


@lru_cache(maxsize=1 << 15)
def _rendered(text: str) -> Markup:
    """Notes are never translated: each is rendered once per process, whatever the page's language."""
    return Markup(CLEANER.clean(CONVERTER.reset().convert(text)))


def isolated(text: str) -> str:
    """Contributed text set apart in plain text (U+2068 … U+2069), so that it runs in its own direction
    inside a sentence or a search result in another script."""
    return f"\u2068{text}\u2069"
