"""Reading a built site back: its pages, their links, and the text a reader sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes through which an element makes the browser load something (a link only by these rels).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "link": ("href",),
}
LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "prefetch", "modulepreload"}
LOADING_RELS |= {"manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.loads: list[str] = []  # every URL the page makes the browser load

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag != "link" or LOADING_RELS & set((attrs.get("rel") or "").lower().split()):
            for name in LOADING_ATTRIBUTES.get(tag, ()):
                self.loads += [part.split()[0] for part in (attrs.get(name) or "").split(",") if part.strip()]
        self.loads += [url for found in CSS_URL.findall(attrs.get("style") or "") for url in found if url]

    def handle_data(self, data):
        if self.lasttag == "style":
            self.loads += [url for found in CSS_URL.findall(data) for url in found if url]


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
    broken = []
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}  # each page once: parsing is most of the time taken
    ids = {page: found.ids for page, found in parsed.items()}
    for page in pages:
        for link in parsed[page].links:
            target = target_file(site, page, link)
            if target is None:
                continue
            if not target.is_relative_to(site) or not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            fragment = urlsplit(link).fragment
            if (
                fragment
                and target.suffix == ".html"
                and fragment not in (ids.get(target) or parse(target).ids)
            ):
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken


def text_of(page: Path) -> str:
    """The page's visible text with tags removed and white space folded."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def is_foreign(url: str) -> bool:
    """Whether loading this URL would ask a host other than the site's own (data: URLs do not)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme.lower() not in ("", "data")


def foreign_resources(site: Path) -> list[str]:
    """Scripts, styles, images, fonts, frames and the like that pages, style sheets or SVG files
    would load from any host other than the site's own."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".svg"):
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            loads = parser.loads
        elif path.suffix == ".css":
            loads = [
                url for match in CSS_URL.findall(path.read_text(encoding="utf-8")) for url in match if url
            ]
        else:
            continue
        found += [f"{path.relative_to(site)}: {url}" for url in loads if is_foreign(url)]
    return found
