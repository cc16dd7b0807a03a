"""A review aid: what changed in the assessment files since a git ref, in words a reviewer can check.

The result is Markdown for a pull-request comment or a job summary: new groups, new snapshots,
capacities whose level or robustness changed, and warnings when history was edited or removed.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from atlas.analysis.state import current_ratings
from atlas.ingest.loading import IGNORED_FILES, load_assessments
from atlas.model.catalog import Catalog
from atlas.model.entity import Entity
from atlas.site.names import CONSULTATION_NAMES, KIND_NAMES
from atlas.site.words import plural


@dataclass(frozen=True)
class Change:
    """One changed assessment file: git's status letter and its paths before and after."""

    status: str  # A added, M modified, D deleted, R renamed
    old: str | None
    new: str | None


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def _is_assessment(path: str) -> bool:
    return path.endswith(".yaml") and Path(path).name not in IGNORED_FILES


def changed_files(repo: Path, base: str, folder: str) -> tuple[str, list[Change]]:
    """The commit where HEAD left `base`, and the assessment files changed since (work tree included)."""
    fork = _git(repo, "merge-base", base, "HEAD").strip()
    changes = []
    for line in _git(repo, "diff", "--name-status", "-M", fork, "--", folder).splitlines():
        status, *paths = line.split("\t")
        kind = status[0]
        old = paths[0] if kind in "MDR" else None
        new = paths[-1] if kind in "AMR" else None
        if _is_assessment(old or new or ""):
            changes.append(Change(kind, old, new))
    for path in _git(repo, "ls-files", "--others", "--exclude-standard", "--", folder).splitlines():
        if _is_assessment(path):
            changes.append(Change("A", None, path))
    return fork, changes


def _extract(repo: Path, ref: str, folder: str, into: Path) -> Path:
    """Write the folder as it was at `ref` under `into`; return where it is (maybe absent)."""
    archive = subprocess.run(["git", "archive", ref, "--", folder], cwd=repo, capture_output=True)
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
    target = into / folder
    target.mkdir(parents=True, exist_ok=True)
    return target


@dataclass
class _Side:
    """One version of the folder: its valid entities and the problems of the others, by file."""

    entities: dict[str, Entity]
    problems: dict[str, list[str]]


def _load_side(folder: Path, catalog: Catalog, as_of: dt.date, relative_to: Path) -> _Side:
    loaded = load_assessments(folder, catalog, as_of)
    problems: dict[str, list[str]] = {}
    for problem in loaded.problems:
        shown = Path(problem.path).relative_to(relative_to).as_posix()
        problems.setdefault(shown, []).append(f"{shown}:{problem.line}:{problem.column}: {problem.message}")
    return _Side({Path(e.path).name: e for e in loaded.entities}, problems)


class _Describer:
    def __init__(self, catalog: Catalog, as_of: dt.date):
        self.catalog = catalog
        self.as_of = as_of

    def capacity(self, cap_id: str) -> str:
        return self.catalog.capacities[cap_id].name

    def snapshot(self, snap, verb: str) -> str:
        how = CONSULTATION_NAMES[snap.consultation]
        return (
            f"{verb} snapshot dated {snap.date} by {snap.assessed_by} ({how}"
            f"{', provisional' if snap.status == 'provisional' else ''}): "
            f"{plural(len(snap.ratings), 'capacity', 'capacities')} rated."
        )

    def header(self, entity: Entity) -> str:
        regions = ", ".join(self.catalog.regions[r].name for r in entity.regions)
        extra = "".join(
            f"; {field}: {', '.join(getattr(entity, field))}"
            for field in ("countries", "languages", "related")
            if getattr(entity, field)
        )
        return f"{KIND_NAMES[entity.kind]} in {regions}{extra}."

    def header_changes(self, old: Entity, new: Entity) -> list[str]:
        lines = []
        for field in type(new.info).model_fields:
            before, after = getattr(old, field), getattr(new, field)
            if field == "snapshots" or before == after:
                continue
            if isinstance(after, list):
                added = [v for v in after if v not in before]
                removed = [v for v in before if v not in after]
                parts = [f"added {', '.join(added)}"] * bool(added) + [
                    f"removed {', '.join(removed)}"
                ] * bool(removed)
                lines.append(f"{field}: {'; '.join(parts) or 'reordered'}")
            else:
                lines.append(f"{field}: {before} → {after}")
        return lines

    def snapshot_changes(self, old: Entity | None, new: Entity) -> list[str]:
        before = {snap.date: snap for snap in (old.snapshots if old else [])}
        after = {snap.date: snap for snap in new.snapshots}
        lines = [self.snapshot(after[date], "New") for date in after if date not in before]
        for date, snap in before.items():
            if date not in after:
                lines.append(f"⚠ The snapshot dated {date} was removed: history should only grow.")
            elif snap.model_dump() != after[date].model_dump():
                lines.append(
                    f"⚠ The snapshot dated {date} was edited (history should only grow; fine for a real "
                    "mistake, explained in the pull request)."
                )
        return lines

    @staticmethod
    def _rating(rating) -> str:
        robustness = f" (robustness {rating.robustness})" if rating.robustness else ""
        return f"{rating.level}{robustness}"

    def rating_changes(self, old: Entity | None, new: Entity) -> list[str]:
        before = current_ratings(old, self.as_of) if old else {}
        after = current_ratings(new, self.as_of)
        lines, confirmed = [], []
        for cap_id in self.catalog.capacities:
            was, now = before.get(cap_id), after.get(cap_id)
            if now is None and was is None:
                continue
            if now is None:
                assert was is not None
                lines.append(f"{self.capacity(cap_id)}: no longer rated (was {self._rating(was.rating)})")
            elif was is None:
                lines.append(f"{self.capacity(cap_id)}: newly rated {self._rating(now.rating)}")
            else:
                parts = []
                if was.level != now.level:
                    parts.append(f"{was.level} → {now.level}")
                if was.robustness != now.robustness:
                    parts.append(
                        f"robustness {was.robustness or 'not given'} → {now.robustness or 'not given'}"
                    )
                if was.rating.support_wanted != now.rating.support_wanted:
                    parts.append(
                        "now welcomes support" if now.rating.support_wanted else "no longer asks for support"
                    )
                if parts:
                    lines.append(f"{self.capacity(cap_id)}: {', '.join(parts)}")
                elif was.date != now.date:
                    confirmed.append(self.capacity(cap_id))
        if confirmed:
            lines.append(f"Confirmed unchanged on a newer date: {', '.join(confirmed)}")
        return lines


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([f"### {title}", "", *(f"- {line}" for line in lines)])


def describe_changes(
    repo: Path, base: str, catalog: Catalog, as_of: dt.date, folder: str = "assessments"
) -> str:
    """Markdown describing, file by file, what changed in `folder` since `base`."""
    fork, changes = changed_files(repo, base, folder)
    if not changes:
        return f"No assessment files changed since {base}."
    describe = _Describer(catalog, as_of)
    with tempfile.TemporaryDirectory() as scratch:
        earlier = _load_side(_extract(repo, fork, folder, Path(scratch)), catalog, as_of, Path(scratch))
        later = _load_side(repo.resolve() / folder, catalog, as_of, repo.resolve())
    sections = [f"## Assessment changes since {base}"]
    for change in changes:
        old = earlier.entities.get(Path(change.old).name) if change.old else None
        if change.new is None:
            name = old.name if old else change.old
            sections.append(
                _section(
                    f"Removed: {name} — `{change.old}`", ["⚠ The file and its whole history leave the atlas."]
                )
            )
            continue
        new = later.entities.get(Path(change.new).name)
        if new is None:
            problems = later.problems.get(change.new, [])
            lines = [f"✗ Does not pass validation yet; run `atlas validate -- {change.new}`:"]
            sections.append(_section(f"`{change.new}`", lines + [f"`{problem}`" for problem in problems]))
            continue
        lines = []
        if change.status == "R":
            lines.append(
                f"⚠ Renamed from `{change.old}`: the slug is permanent, and links to the old page break."
            )
        if change.old and old is None:
            lines.append("The earlier version did not pass validation, so every rating is listed as new.")
        if old is None:
            title = f"{'New group: ' * (change.status == 'A')}{new.name} — `{change.new}`"
            lines.append(describe.header(new))
        else:
            title = f"{new.name} — `{change.new}`"
            lines += describe.header_changes(old, new)
        lines += describe.snapshot_changes(old, new) + describe.rating_changes(old, new)
        sections.append(_section(title, lines or ["Only the layout or comments changed."]))
    return "\n\n".join(sections) + "\n"
