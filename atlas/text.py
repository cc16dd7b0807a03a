"""Contributed free text made safe for a page: Markdown rendered, then cleaned to a small allow-list."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "ul", "ol", "li", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_note(text: str | None) -> Markup:
    """Short Markdown from a contributor as inert HTML: no scripts, styles, images or forms."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return Markup(clean)
