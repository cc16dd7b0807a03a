"""The `atlas` command as a newcomer types it: installed with the package, `python -m atlas` alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from constants import AS_OF, ROOT, VALID

from atlas.cli import parser

ATLAS = Path(sys.executable).with_name("atlas")  # the console script pip installed beside this Python


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [str(ATLAS), *args] if args[0] != "-m" else [sys.executable, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def verbs() -> list[str]:
    return sorted(parser()._subparsers._group_actions[0].choices)


def test_the_command_is_installed_and_lists_every_verb():
    listed = run("--help").stdout
    assert verbs() == sorted(
        [
            "bench",
            "build",
            "diff",
            "import-cee",
            "new",
            "schema",
            "serve",
            "synth",
            "translations",
            "validate",
        ]
    )
    assert all(verb in listed for verb in verbs())


@pytest.mark.parametrize("verb", verbs())
def test_every_verb_explains_itself(verb):
    result = run(verb, "--help")
    assert result.returncode == 0 and f"usage: atlas {verb}" in result.stdout


def test_validate_names_the_file_line_and_column_of_a_misspelt_capacity_with_a_hint(tmp_path):
    path = tmp_path / "example-group.yaml"
    path.write_text(VALID.replace("social-media:", "socal-media:"), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "socal-media" in text)
    column = path.read_text().splitlines()[line - 1].index("socal-media") + 1
    for how in ((), ("-m", "atlas")):
        result = run(*how, "validate", str(path), "--as-of", AS_OF.isoformat(), cwd=tmp_path)
        expected = f"{path}:{line}:{column}: unknown capacity 'socal-media'; did you mean 'social-media'?"
        assert result.returncode == 1
        assert expected in result.stdout.splitlines()


def test_validate_passes_a_good_file_and_says_so(tmp_path):
    path = tmp_path / "example-group.yaml"
    path.write_text(VALID, encoding="utf-8")
    result = run("validate", str(path), "--as-of", AS_OF.isoformat())
    assert (result.returncode, result.stdout.strip()) == (0, "Valid: 1 assessment file checked, no problems.")


def test_a_failed_build_says_why_without_a_traceback(tmp_path):
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / "example-group.yaml").write_text(
        VALID.replace("kind: user-group", "kind: club"), encoding="utf-8"
    )
    result = run(
        "build", "--assessments", str(folder), "--output", str(tmp_path / "site"), "--as-of", "2026-11-21"
    )
    assert result.returncode == 1
    assert "unknown kind 'club'" in result.stderr and "No site was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("outside", ["a-before", "z-after"])
def test_validate_takes_a_copy_from_elsewhere_as_the_groups_update_not_a_second_file(tmp_path, outside):
    """The copy is checked against the folder's slugs whether its path sorts before or after it."""
    folder = tmp_path / "m-assessments"
    folder.mkdir()
    (folder / "example-group.yaml").write_text(VALID, encoding="utf-8")
    copy = tmp_path / outside / "example-group.yaml"
    copy.parent.mkdir()
    copy.write_text(VALID, encoding="utf-8")
    result = run("validate", "--assessments", str(folder), str(copy), "--as-of", AS_OF.isoformat())
    assert (result.returncode, result.stdout.strip()) == (0, "Valid: 1 assessment file checked, no problems.")
