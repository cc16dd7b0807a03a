"""The rebuild tests' site: fifteen fictional groups, built and rebuilt as `atlas serve` does."""

from __future__ import annotations

import pytest
from rebuilds import fifteen_groups, rebuilds


@pytest.fixture
def build(monkeypatch):
    """Builds that share one memory of validated files (see rebuilds.rebuilds)."""
    return rebuilds(monkeypatch)


@pytest.fixture
def data(tmp_path, catalog):
    """Fifteen fictional groups, some related to others."""
    return fifteen_groups(tmp_path / "assessments", catalog)
