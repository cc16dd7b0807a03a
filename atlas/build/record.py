"""What a build of an output folder leaves behind for the next one, beside (never inside) that folder.

The record holds a digest of every input, a list of the files written (size and modification time) and
the key of each generated page. A rebuild with the same inputs and an untouched output does nothing; any
other rebuild renders only pages whose key changed, writes them and the other files into a staging
folder, and then updates the recorded output in place (`BuildRecord.update`): only files whose bytes
changed are replaced, so every other file keeps its identity and modification time. The update is
written down before it starts, so that the next build finishes one a dead process left half done
(`finish_update`). The files an update replaces, and those it staged for nothing, are kept as spares
(`spares`) until the next update, which stages the same paths in them (`write_staged`) and deletes the
rest: on ext4 without a journal, making a file soon after many were deleted costs several times as
much. The spares never hold more than the last update wrote. Deleting the record, the spares, the chart
cache or the output only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, unquote

RECORD_VERSION = 1
SKIPPED_NAMES = {"__pycache__", ".git", ".pytest_cache"}
# Settings that change how a build runs, never what it writes.
SKIPPED_SETTINGS = {
    "OUTPUT_PATH",
    "ATLAS_CHART_CACHE",
    "ATLAS_WORKERS",
    "ATLAS_INCREMENTAL",
    "ATLAS_CHECK_INPUTS",
}
ENVIRONMENT_PREFIXES = ("ATLAS_", "PELICAN_", "SOURCE_DATE_EPOCH")
STAGED = ".staged"  # the folder of an update's staging folder where the atlas's files wait, flat


def _walk(root: Path):
    """(place under root with "/", full path) of every file under root, in a stable order, skipping
    caches; root itself, as "", if it is a file. Strings, not Path objects: a build lists its whole
    output (with nothing to do, and after a whole new output), where those took twice as long."""
    if root.is_file():
        yield "", str(root)
        return
    top = str(root)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_NAMES)
        place = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if place == "." else place + "/"
        for name in sorted(files):
            if not name.endswith(".pyc"):
                yield prefix + name, os.path.join(folder, name)


def digest_files(*roots: Path) -> str:
    """A digest of the names and bytes of every file under the given folders or files."""
    digest = hashlib.sha256()
    for root in roots:
        for place, path in _walk(root):
            name = f"{root.name}/{place}" if place else root.name
            digest.update(f"{name}\0".encode())
            with open(path, "rb") as file:
                digest.update(file.read())
            digest.update(b"\0")
    return digest.hexdigest()


def _installed_packages() -> list[str]:
    """Names (with versions) of the installed distributions: an upgrade changes the fingerprint."""
    names = []
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            names += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    return names


def fingerprint(assessments: Path, settings_file: Path, as_of: str, overrides: dict) -> dict[str, str]:
    """Digests of the site's fixed inputs (code, theme, content, settings, packages) and of its data."""
    root = settings_file.resolve().parent
    roots = sorted({*root.glob("*.py"), settings_file.resolve()})
    roots += [
        root / name for name in ("content", "theme", "plugins", "atlas", "locale") if (root / name).exists()
    ]
    settings = {key: value for key, value in overrides.items() if key not in SKIPPED_SETTINGS}
    paths = [Path(value) for value in settings.values() if isinstance(value, str) and os.path.isabs(value)]
    roots += [path for path in paths if path.exists()]  # e.g. another catalog
    environment = {k: v for k, v in os.environ.items() if k.startswith(ENVIRONMENT_PREFIXES)}
    about = json.dumps(
        [RECORD_VERSION, as_of, repr(sorted(settings.items())), environment, sys.version, platform.machine()],
        sort_keys=True,
    )
    site = hashlib.sha256((about + repr(_installed_packages()) + digest_files(*roots)).encode()).hexdigest()
    return {"site": site, "assessments": digest_files(assessments.resolve())}


def manifest(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every file in the folder, by relative path."""
    files = {}
    for place, path in _walk(folder):
        stat = os.stat(path)
        files[place] = [stat.st_size, stat.st_mtime_ns]
    return files


def write(target: Path, data: bytes) -> None:
    """Write one file of a new build into its staging folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def staged(relative: str) -> str:
    """Where a build that updates an output in place stages one of its files, relative to the staging
    folder: flat, all in one folder (here, making the folders of a nested copy costs as much as writing
    its files; the output has them already)."""
    return f"{STAGED}/{_flat(relative)}"


def _flat(relative: str) -> str:
    """A file's name in a flat folder (staged, or kept as a spare): its place in the output, quoted."""
    return quote(relative, safe="")


def spares(output: Path) -> Path:
    """Where an update in place keeps the files it replaced, for the next update to write into."""
    return output.with_name(f".atlas-build-{output.name}.spare")


def write_staged(staging: str, spare_folder: str, relative: str, data: bytes) -> None:
    """Stage one file of an update in place (see `staged`), in the spare the last update left of the same
    path if there is one: its file is reused, not made anew. A spare still linked elsewhere is left."""
    name = _flat(relative)
    target = os.path.join(staging, STAGED, name)
    reused = False
    try:
        os.rename(os.path.join(spare_folder, name), target)
        reused = os.stat(target).st_nlink == 1  # never write into a file the output shares
        if not reused:
            os.unlink(target)
    except OSError:
        pass
    with open(target, "r+b" if reused else "wb") as file:  # a spare is written over: its blocks reused too
        file.write(data)
        file.truncate()


def _staged_files(staging: Path):
    """(place in the staging folder, place in the output) of every file a build wrote, flat or not."""
    for source, _ in _walk(staging):
        flat = source.removeprefix(STAGED + "/")
        yield source, unquote(flat) if flat != source else source


def _same_bytes(old: str, new: str) -> bool:
    try:
        if os.path.getsize(old) != os.path.getsize(new):
            return False
        with open(old, "rb") as first, open(new, "rb") as second:
            return first.read() == second.read()
    except OSError:
        return False


def _update_plan(output: Path) -> Path:
    return output.with_name(f".atlas-build-{output.name}.update")


def _apply(output: Path, plan: dict) -> None:
    """Carry out an update plan; safe to run again on a plan carried out in part."""
    for relative in plan["delete"]:
        gone = output / relative
        gone.unlink(missing_ok=True)
        for folder in gone.parents:  # the folders left empty go too
            if folder == output:
                break
            try:
                folder.rmdir()
            except OSError:
                break
    staging, kept = plan["staging"], plan.get("spares")
    if kept:
        _clear(kept)  # what an earlier update kept and this one did not reuse
    for source_name, relative in plan["write"]:
        source, target = os.path.join(staging, source_name), os.path.join(output, relative)
        if not os.path.exists(source):  # moved before the process carrying out the plan died
            continue
        if kept:
            _keep_spare(target, os.path.join(kept, _flat(relative)))
        try:  # a page's folder is nearly always there already: made only when the move says it is not
            os.replace(source, target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    flat = os.path.join(staging, STAGED)
    if kept and os.path.isdir(flat):  # staged, but the output had the same bytes: spares, emptied
        for name in os.listdir(flat):
            os.truncate(os.path.join(flat, name), 0)
            os.replace(os.path.join(flat, name), os.path.join(kept, name))
    shutil.rmtree(staging, ignore_errors=True)


def _clear(folder: str) -> None:
    """Make `folder` an empty folder."""
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
    else:
        os.makedirs(folder)


def _keep_spare(target: str, spare: str) -> None:
    """Keep the file at `target` as a spare once it is replaced: a second name for it now, so that the
    output never lacks the file for a moment (a reader still sending the old bytes gets them whole)."""
    try:
        os.link(target, spare)
    except FileExistsError:
        os.unlink(spare)
        os.link(target, spare)
    except OSError:  # a new file, or a file system without links: nothing to keep
        pass


def finish_update(output: Path) -> None:
    """Finish the update of `output` that a build died in the middle of, if there is one."""
    plan_path = _update_plan(output)
    try:
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    _apply(output, plan)
    plan_path.unlink(missing_ok=True)


class BuildRecord:
    """The record of the last successful build into `output`, and the making of the next one."""

    def __init__(self, output: Path, inputs: dict[str, str]):
        self.output = output
        self.path = output.with_name(f".atlas-build-{output.name}.json")
        self.pages_path = self.path.with_name(self.path.name + ".pages")
        self.inputs = inputs
        # what `update` wrote (place staged, place in the output) and deleted
        self._changed: tuple[list[tuple[str, str]], list[str]] | None = None
        try:
            self.previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = None
        if not isinstance(self.previous, dict) or self.previous.get("version") != RECORD_VERSION:
            self.previous = None

    def up_to_date(self) -> bool:
        """Same inputs as the last build, and its output is still exactly as that build left it."""
        previous = self.previous
        return (
            previous is not None
            and previous["inputs"] == self.inputs
            and self.output.is_dir()
            and manifest(self.output) == previous["files"]
        )

    def in_place(self) -> bool:
        """Whether the new build updates the recorded output (rather than replacing a missing or unknown
        one whole)."""
        return self.previous is not None and self.output.is_dir()

    def settings(self) -> dict:
        """What the generator needs to reuse the previous output (ATLAS_INCREMENTAL)."""
        self.pages_path.unlink(missing_ok=True)
        reusable = self.in_place()
        return {
            "site": self.inputs["site"],
            "previous_output": str(self.output) if reusable else None,
            "previous_files": self.previous["files"] if reusable else {},
            "previous_pages": self.previous.get("pages", {}) if reusable else {},
            "pages_record": str(self.pages_path),
        }

    def update(self, staging: Path) -> None:
        """Make the output the new build: `staging` holds the files it wrote, the output the pages it
        reused. A file whose bytes changed is replaced, a recorded file the build no longer makes is
        deleted, and every other file is left as it is."""
        made = set(self._pages)
        write: list[tuple[str, str]] = []
        for source, relative in _staged_files(staging):
            made.add(relative)
            if not _same_bytes(os.path.join(self.output, relative), os.path.join(staging, source)):
                write.append((source, relative))
        delete = [relative for relative in self.previous["files"] if relative not in made]
        plan = {"staging": str(staging), "write": write, "delete": delete, "spares": str(spares(self.output))}
        self._changed = (write, delete)
        plan_path = _update_plan(self.output)
        partial = plan_path.with_name(plan_path.name + ".tmp")
        partial.write_text(json.dumps(plan), encoding="utf-8")
        partial.replace(plan_path)  # written whole before the output changes
        _apply(self.output, plan)
        plan_path.unlink()

    @cached_property
    def _pages(self) -> dict:
        """The key record of every page of the new build, by path (written by the generator)."""
        try:
            return json.loads(self.pages_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def commit(self, rescan: bool = False) -> None:
        """After the new output is in place: record its inputs, files and page keys. After an update in
        place, only the files it wrote are looked at again (unless `rescan`: every file was touched);
        a file changed behind the build's back keeps its old entry, so the next build still sees it."""
        record = {
            "version": RECORD_VERSION,
            "inputs": self.inputs,
            "files": self._files() if self._changed and not rescan else manifest(self.output),
            "pages": self._pages,
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
        tmp.replace(self.path)
        self.pages_path.unlink(missing_ok=True)

    def _files(self) -> dict[str, list[int]]:
        """The previous build's list of files, with what the update wrote and deleted."""
        written, deleted = self._changed or ([], [])
        files = dict(self.previous["files"]) if self.previous else {}
        for relative in deleted:
            files.pop(relative, None)
        for _, relative in written:
            stat = (self.output / relative).stat()
            files[relative] = [stat.st_size, stat.st_mtime_ns]
        return dict(sorted(files.items()))

    def abandon(self) -> None:
        """The build failed: the previous record still describes the untouched output."""
        self.pages_path.unlink(missing_ok=True)
