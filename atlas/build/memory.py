"""What one process keeps from one build to the next."""

from __future__ import annotations


class BuildMemory:
    """The assessment files a process has validated, so that its next build parses only what changed.

    `atlas serve` keeps one for its whole life; every other build gets a new one. It travels to the
    Pelican plugin in the ATLAS_MEMORY setting.
    """

    def __init__(self):
        self.entities: dict = {}  # see atlas.ingest.loading.load_assessments (memo)

    @property
    def fresh(self) -> bool:
        """Nothing remembered yet: this process's first build."""
        return not self.entities
