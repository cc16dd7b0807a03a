"""sitemap.xml for builds with an absolute SITEURL: every HTML page written, heard on `content_written`.

Pelican's writer sends `content_written` for its pages, the atlas generator for every atlas page it
writes or keeps (rendering.PageRenderer.announce), so the sitemap lists both. It is written into the
output folder on `finalized`, before the build runner puts the new site in place. ATLAS_SITEMAP names
the file (publishconf.py sets it); a build with a relative SITEURL writes none, as the protocol needs
absolute addresses.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from atlas.build.record import write
from atlas.site.sitemap import page_address, sitemap_xml

logger = logging.getLogger(__name__)


class Sitemap:
    """The pages one build writes into its output folder, and the sitemap made of them."""

    def __init__(self, output: str, site_url: str, save_as: str):
        self.output, self.site_url, self.save_as = os.path.abspath(output), site_url, save_as
        self.prefix = os.path.join(self.output, "")
        self.addresses: set[str] = set()

    def heard(self, path, context=None, **_) -> None:
        """`content_written`: note the page, if it is one of this build's."""
        path = str(path)
        if not path.startswith(self.prefix):
            path = os.path.abspath(path)
            if not path.startswith(self.prefix):
                return  # another build's file
        address = page_address(path[len(self.prefix) :].replace(os.sep, "/"))
        if address is not None:
            self.addresses.add(address)

    def finish(self, pelican) -> None:
        """`finalized`: write the sitemap into this build's output folder and stop listening."""
        if os.path.abspath(pelican.output_path) != self.output:
            return
        signals.content_written.disconnect(self.heard)
        signals.finalized.disconnect(self.finish)
        write(Path(self.output) / self.save_as, sitemap_xml(self.site_url, self.addresses).encode("utf-8"))
        logger.info("Sitemap written: %d pages", len(self.addresses))


def on_initialized(pelican) -> None:
    """Pelican's `initialized` signal: listen for this build's pages if it makes a sitemap. The listener
    lives as long as the build's Pelican object (signals hold their receivers weakly)."""
    settings = pelican.settings
    save_as = settings.get("ATLAS_SITEMAP")
    if not save_as:
        return
    site_url = settings.get("SITEURL") or ""
    if not site_url.startswith(("https://", "http://")):
        logger.warning("%s needs an absolute SITEURL: none written", save_as)
        return
    pelican.atlas_sitemap = sitemap = Sitemap(pelican.output_path, site_url, save_as)
    signals.content_written.connect(sitemap.heard)
    signals.finalized.connect(sitemap.finish)
