"""Hostile and broken assessment files: each is refused with the exact path:line:column message it
must produce (tests/hostile/expected.yaml), a build of them fails with no output, and the encodings
and line endings that are accepted read exactly like plain UTF-8 with LF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from constants import AS_OF, ROOT, VALID

from atlas.ingest.loading import MAX_BYTES, MAX_PROBLEMS, load_assessments

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
NOT_FIXTURES = {"expected.yaml", ".gitattributes"}


def fixture_names() -> set[str]:
    return {path.name for path in HOSTILE.iterdir() if path.name not in NOT_FIXTURES}


def relative_problems(folder: Path, catalog) -> list[str]:
    loaded = load_assessments(folder, catalog, AS_OF)
    return [str(problem).removeprefix(f"{folder}{os.sep}") for problem in loaded.problems]


def case_folder(name: str, tmp_path: Path) -> Path:
    """A fresh assessments folder holding just this case (a file, or a folder's contents)."""
    source, folder = HOSTILE / name, tmp_path / "assessments"
    if source.is_dir():
        shutil.copytree(source, folder)
    else:
        folder.mkdir()
        shutil.copyfile(source, folder / name)
    return folder


def test_the_corpus_is_complete():
    assert len(fixture_names()) >= 30
    assert fixture_names() == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_exactly_its_messages(name, tmp_path, catalog):
    assert relative_problems(case_folder(name, tmp_path), catalog) == EXPECTED[name]


def test_a_build_of_the_whole_corpus_fails_naming_every_problem_and_writes_nothing(tmp_path):
    folder = tmp_path / "assessments"
    folder.mkdir()
    for name in fixture_names():
        if (HOSTILE / name).is_file():
            shutil.copyfile(HOSTILE / name, folder / name)
    output = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build", f"--assessments={folder}", f"--output={output}"]
        + [f"--as-of={AS_OF.isoformat()}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    reported = result.stderr.splitlines()
    for name in fixture_names():
        for message in EXPECTED[name] if (HOSTILE / name).is_file() else ():
            assert f"{folder}{os.sep}{message}" in reported
    assert "No site was written." in result.stderr
    assert not output.exists()
    assert [path.name for path in tmp_path.iterdir() if "-building-" in path.name] == []


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_read(tmp_path, catalog):
    header = VALID.encode()
    padding = b"# " + b"x" * (MAX_BYTES - len(header) - 3) + b"\n"
    at_limit = write(tmp_path / "at", {"big-group.yaml": header + padding})
    assert len((at_limit / "big-group.yaml").read_bytes()) == MAX_BYTES
    assert relative_problems(at_limit, catalog) == []
    over = write(tmp_path / "over", {"big-group.yaml": header + padding + b"# one more line\n"})
    assert relative_problems(over, catalog) == [
        "big-group.yaml:1:1: the file has 256 KB; expected at most 256 KB"
    ]


def test_thousands_of_mistakes_give_a_readable_report(tmp_path, catalog):
    keys = "".join(f"wrong-key-{i}: 1\n" for i in range(3000))
    folder = write(tmp_path / "a", {"noisy-group.yaml": (VALID + keys).encode()})
    found = relative_problems(folder, catalog)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1] == (
        f"noisy-group.yaml:{10 + MAX_PROBLEMS}:1: {3000 - MAX_PROBLEMS} more problems in this file "
        "are not shown; fix these first"
    )


def test_deep_nesting_in_a_large_file_is_refused_without_a_crash(tmp_path, catalog):
    nested = "extra: " + "[" * 100_000 + "]" * 100_000 + "\n"
    folder = write(tmp_path / "a", {"deep-group.yaml": (VALID + nested).encode()})
    assert relative_problems(folder, catalog) == [
        "deep-group.yaml:10:17: nested more than 10 levels deep; expected the shape of the contract"
    ]


def test_a_symbolic_link_is_refused_and_its_target_never_read(tmp_path, catalog):
    secret = tmp_path / "secret.yaml"
    secret.write_text(VALID.replace("Example Wiki User Group", "Secret"), encoding="utf-8")
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / "linked-group.yaml").symlink_to(secret)
    loaded = load_assessments(folder, catalog, AS_OF)
    assert loaded.entities == ()
    assert [str(p).removeprefix(f"{folder}{os.sep}") for p in loaded.problems] == [
        "linked-group.yaml:1:1: a symbolic link; expected the assessment file itself"
    ]


def test_two_files_whose_names_differ_only_in_case_share_a_slug(tmp_path, catalog):
    folder = write(tmp_path / "a", {"same-group.yaml": VALID.encode(), "Same-Group.yaml": VALID.encode()})
    assert relative_problems(folder, catalog) == [
        "Same-Group.yaml:1:1: two files for the slug 'same-group': this one and same-group.yaml; "
        "keep one, same-group.yaml"
    ]


NOTE_FILE = VALID.replace(
    "      social-media: {level: medium, robustness: low}",
    "      social-media:\n        level: medium\n"
    "        note: |\n          First line.\n          Second, ä.\n",
)


@pytest.mark.parametrize(
    "variant",
    [
        lambda text: text.replace("\n", "\r\n").encode(),
        lambda text: b"\xef\xbb\xbf" + text.encode(),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
    ],
    ids=["crlf", "bom", "bom-and-crlf"],
)
def test_bom_and_crlf_read_exactly_like_plain_lf(variant, tmp_path, catalog):
    plain = load_assessments(write(tmp_path / "lf", {"note-group.yaml": NOTE_FILE.encode()}), catalog, AS_OF)
    other = load_assessments(write(tmp_path / "v", {"note-group.yaml": variant(NOTE_FILE)}), catalog, AS_OF)
    assert plain.problems == other.problems == ()
    assert other.entities[0].info.model_dump() == plain.entities[0].info.model_dump()
    assert other.entities[0].snapshots[0].ratings["social-media"].note == "First line.\nSecond, ä.\n"


def test_yaml_1_1_words_stay_what_the_author_wrote(tmp_path, catalog):
    text = VALID.replace("regions: [nwe]", "regions: [nwe]\ncountries: [NO, SE]\nlanguages: [no, nn]")
    folder = write(tmp_path / "a", {"nordic-group.yaml": text.encode()})
    (entity,) = load_assessments(folder, catalog, AS_OF).entities
    assert entity.countries == ["NO", "SE"]
    assert entity.languages == ["no", "nn"]
    # yes and on are read as the words written (then refused as languages), never as true.
    words = write(tmp_path / "b", {"nordic-group.yaml": text.replace("[no, nn]", "[yes, on]").encode()})
    assert [
        problem.message.split(";")[0] for problem in load_assessments(words, catalog, AS_OF).problems
    ] == [
        "unknown language 'yes'",
        "unknown language 'on'",
    ]


def test_decomposed_text_is_read_and_shown_in_nfc(tmp_path, catalog):
    raw = (HOSTILE / "nfd-text.yaml").read_text(encoding="utf-8")
    assert "n\u0303" in raw and "\u00f1" not in raw  # the fixture really is decomposed
    (entity,) = load_assessments(case_folder("nfd-text.yaml", tmp_path), catalog, AS_OF).entities
    assert entity.name == "Wikimedia Espa\u00f1a"
    assert entity.snapshots[0].assessed_by == "Junta directiva de la asociaci\u00f3n"
