"""Where a checkout keeps its inputs and settings: the defaults of every command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "content" / "catalog"
ASSESSMENTS = ROOT / "assessments"
OUTPUT = ROOT / "output"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
CEE_SURVEY = ROOT / "sources" / "cee-survey-2018.csv"
