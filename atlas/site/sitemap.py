"""The site's sitemap (sitemaps.org protocol 0.9): the absolute address of every HTML page, sorted.

No dates: the same pages give the same bytes, whenever they are built.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # the protocol's limit for one file


def page_address(relative: str) -> str | None:
    """The address, from the site's root, of an output file that is an HTML page (directory style for
    an index.html); None for any other file."""
    if not relative.endswith(".html"):
        return None
    if relative == "index.html" or relative.endswith("/index.html"):
        return relative.removesuffix("index.html")
    return relative


def sitemap_xml(site_url: str, addresses: Iterable[str]) -> str:
    """The sitemap of these page addresses (from the site's root) under the absolute `site_url`."""
    if not site_url.startswith(("https://", "http://")):
        raise ValueError(f"a sitemap needs an absolute site address, not {site_url!r}")
    locations = sorted({f"{site_url.rstrip('/')}/{quote(address, safe='/~')}" for address in addresses})
    if len(locations) > MAX_URLS:
        raise ValueError(f"{len(locations)} pages: a sitemap holds at most {MAX_URLS}")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    lines += [f"<url><loc>{escape(location)}</loc></url>" for location in locations]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
