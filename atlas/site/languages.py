"""The languages the site is published in: English, the source, and its translations."""

from __future__ import annotations

from pathlib import Path

SOURCE = "en"
TRANSLATED = ("fr", "es", "ar")  # each with locale/<code>/LC_MESSAGES/*.po
LANGUAGES = (SOURCE, *TRANSLATED)
RIGHT_TO_LEFT = frozenset({"ar"})
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
