"""Small hand-made assessment files for the answer tests, written as YAML text like a contributor would."""

from __future__ import annotations

from constants import AS_OF

from atlas.analysis.state import Atlas
from atlas.ingest.loading import load_assessments


def group(name, regions, snapshots, kind="user-group", **fields):
    """YAML text of one file; snapshots are (date, ratings{capacity: flow mapping text}, options{})."""
    lines = [f"name: {name}", f"kind: {kind}", f"regions: [{', '.join(regions)}]"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = f"[{', '.join(value)}]"
        elif isinstance(value, bool):
            value = str(value).lower()
        lines.append(f"{key}: {value}")
    lines.append("snapshots:")
    for snapshot in snapshots:
        date, ratings, options = snapshot if len(snapshot) == 3 else (*snapshot, {})
        lines += [f"  - date: {date}", "    assessed_by: Members"]
        lines.append(f"    consultation: {options.get('consultation', 'group')}")
        for key in ("respondents", "status"):
            if key in options:
                lines.append(f"    {key}: {options[key]}")
        lines.append("    ratings:")
        lines += [f"      {cap}: {rating}" for cap, rating in ratings.items()]
    return "\n".join(lines) + "\n"


def make_atlas(folder, catalog, files: dict[str, str], as_of=AS_OF) -> Atlas:
    """Load {file name: YAML text} into an Atlas, insisting the files are valid."""
    loaded = load_assessments(folder(files), catalog, as_of)
    assert loaded.problems == ()
    return Atlas(catalog, loaded.entities, as_of)
