"""Values the tests share: the repository root, the as-of date, a valid assessment file."""

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 21)

VALID = """\
name: Example Wiki User Group
kind: user-group
regions: [nwe]
snapshots:
  - date: 2025-06-01
    assessed_by: Board
    consultation: group
    ratings:
      social-media: {level: medium, robustness: low}
"""
