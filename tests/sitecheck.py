"""Reading a built site back: its pages, their links, and the text a reader sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, link: str) -> Path | None:
    """The file an internal link points at (None for outbound links)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("mailto:"):
        return None
    if not parts.path:
        return page
    target = (page.parent / unquote(parts.path)).resolve()
    if link.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Internal links and anchors in every page that point at nothing."""
    site = site.resolve()
    ids = {}
    broken = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        ids[page] = parse(page).ids
    for page in pages:
        for link in parse(page).links:
            target = target_file(site, page, link)
            if target is None:
                continue
            if not target.is_relative_to(site) or not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            fragment = urlsplit(link).fragment
            if fragment and target.suffix == ".html" and fragment not in ids.get(target, parse(target).ids):
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken


def text_of(page: Path) -> str:
    """The page's visible text with tags removed and white space folded."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
