"""What one process keeps from one build to the next."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path


class BuildMemory:
    """The assessment files a process has validated, so that its next build parses only what changed,
    and a private folder for Pelican's cache of the Markdown pages it has read (`reader_cache`).

    `atlas serve` keeps one for its whole life; every other build gets a new one. It travels to the
    Pelican plugin in the ATLAS_MEMORY setting.
    """

    def __init__(self):
        self.entities: dict = {}  # see atlas.ingest.loading.load_assessments (memo)
        self._folder: Path | None = None

    @property
    def fresh(self) -> bool:
        """Nothing remembered yet: this process's first build."""
        return not self.entities

    def reader_cache(self, site: str) -> Path:
        """Where Pelican keeps the Markdown pages it has read for this version of the site's fixed inputs
        (`site`, their digest: code, theme, content, settings): a folder only this process made (Pelican's
        cache is pickled, so it is never shared with other processes or runs), emptied when the site's
        fixed inputs change and removed with this memory."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="atlas-pelican-"))
            weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
        folder = self._folder / site[:16]
        for other in self._folder.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
        return folder
