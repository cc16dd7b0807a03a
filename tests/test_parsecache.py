"""Parsed files kept on disk: used by the next process, still validated, and never trusted blindly."""

from __future__ import annotations

import pytest
from constants import AS_OF, VALID

import atlas.ingest.loading
from atlas.ingest.loading import load_assessments
from atlas.ingest.parsecache import (
    DATE_TAG,
    FORMAT,
    PARSE_AHEAD_FROM,
    VERSION,
    ParsedFiles,
    from_json,
    to_json,
)
from atlas.tools.synth import synthesize

OTHER = VALID.replace("Example Wiki User Group", "Another Group")


def load(folder, catalog, kept):
    return load_assessments(folder, catalog, AS_OF, parsed=ParsedFiles(kept))


def dumps(loaded):
    return [entity.info.model_dump() for entity in loaded.entities]


def stored(path) -> dict:
    """What the store file holds: parsed data by digest."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == VERSION
    return {digest: from_json(text) for digest, text in (line.split("\t", 1) for line in lines[1:])}


def refuse_to_parse(text):
    raise AssertionError("parsed although kept")


def test_the_next_load_reads_kept_files_instead_of_parsing_and_gets_the_same_entities(
    folder, catalog, tmp_path, monkeypatch
):
    files = folder({"example-group.yaml": VALID, "another-group.yaml": OTHER})
    kept = tmp_path / "parsed.json"
    first = load(files, catalog, kept)
    assert kept.is_file()
    monkeypatch.setattr(atlas.ingest.loading, "parse", refuse_to_parse)
    second = load(files, catalog, kept)
    assert second.problems == () and dumps(second) == dumps(first)
    assert [type(s.date) for e in second.entities for s in e.snapshots] == [
        type(s.date) for e in first.entities for s in e.snapshots
    ]


def test_only_files_of_the_last_load_are_kept(folder, catalog, tmp_path):
    files = folder({"example-group.yaml": VALID, "another-group.yaml": OTHER})
    kept = tmp_path / "parsed.json"
    load(files, catalog, kept)
    (files / "another-group.yaml").unlink()
    load(files, catalog, kept)
    assert len(stored(kept)) == 1


def test_invalid_files_are_not_kept(folder, catalog, tmp_path):
    files = folder({"example-group.yaml": VALID.replace("level: medium", "level: huge")})
    kept = tmp_path / "parsed.json"
    assert load(files, catalog, kept).problems
    assert not kept.exists() or stored(kept) == {}


@pytest.mark.parametrize("damage", ["{not json", "atlas-parsed-files 1\n", "", VERSION + "\nabc\t{broken"])
def test_a_damaged_or_old_store_is_ignored_and_replaced(folder, catalog, tmp_path, damage):
    files = folder({"example-group.yaml": VALID})
    kept = tmp_path / "parsed.json"
    kept.write_text(damage, encoding="utf-8")
    assert load(files, catalog, kept).problems == ()
    assert len(stored(kept)) == 1


def test_kept_data_is_validated_and_problems_point_into_the_real_file(folder, catalog, tmp_path):
    files = folder({"example-group.yaml": VALID})
    kept = tmp_path / "parsed.json"
    load(files, catalog, kept)
    (digest, data), *_ = stored(kept).items()
    data["snapshots"][0]["ratings"]["social-media"]["level"] = "huge"  # a tampered store
    kept.write_text(f"{VERSION}\n{digest}\t{to_json(data)}\n", encoding="utf-8")
    (problem,) = load(files, catalog, kept).problems
    assert (problem.line, "unknown level 'huge'" in problem.message) == (9, True)


def test_parsing_ahead_in_workers_gives_what_parsing_in_turn_gives(tmp_path, catalog):
    files = tmp_path / "many"
    synthesize(catalog, PARSE_AHEAD_FROM + 10, seed=2, out=files, as_of=AS_OF)
    broken = VALID.replace("level: medium", "level: [medium")
    (files / "broken-group.yaml").write_text(broken, encoding="utf-8")
    in_turn = load_assessments(files, catalog, AS_OF)
    ahead = load_assessments(files, catalog, AS_OF, parsed=ParsedFiles(None), workers=2)
    assert len(ahead.entities) == PARSE_AHEAD_FROM + 10 and dumps(ahead) == dumps(in_turn)
    assert ahead.problems == in_turn.problems and ahead.problems[0].path.endswith("broken-group.yaml")


def test_what_workers_parsed_is_not_parsed_again(tmp_path, catalog, monkeypatch):
    files = tmp_path / "many"
    valid = synthesize(catalog, PARSE_AHEAD_FROM + 10, seed=2, out=files, as_of=AS_OF)
    parsed = ParsedFiles(None)
    parsed.parse_ahead(atlas.ingest.loading._texts_to_parse(valid), workers=2)
    monkeypatch.setattr(atlas.ingest.loading, "parse", refuse_to_parse)  # the workers' own parse is untouched
    assert len(load_assessments(files, catalog, AS_OF, parsed=parsed).entities) == PARSE_AHEAD_FROM + 10


def test_a_store_written_by_other_parsing_code_is_ignored(folder, catalog, tmp_path, monkeypatch):
    files = folder({"example-group.yaml": VALID})
    kept = tmp_path / "parsed.json"
    load(files, catalog, kept)
    kept.write_text(kept.read_text(encoding="utf-8").replace(VERSION, f"{FORMAT} 0123456789abcdef"))
    parsed, real = [], atlas.ingest.loading.parse
    monkeypatch.setattr(atlas.ingest.loading, "parse", lambda text: parsed.append(text) or real(text))
    assert load(files, catalog, kept).problems == () and len(parsed) == 1
    assert kept.read_text(encoding="utf-8").startswith(VERSION + "\n")


def test_a_file_that_writes_the_date_tag_itself_is_read_as_it_is_written(tmp_path, catalog):
    files = tmp_path / "many"
    synthesize(catalog, PARSE_AHEAD_FROM, seed=2, out=files, as_of=AS_OF)
    for name, date in {"sneaky-group": '{$date: "2025-06-01"}', "odd-group": "{$date: 5}"}.items():
        text = VALID.replace("date: 2025-06-01", f"date: {date}")
        (files / f"{name}.yaml").write_text(text, encoding="utf-8")
    in_turn = load_assessments(files, catalog, AS_OF)
    ahead = load_assessments(files, catalog, AS_OF, parsed=ParsedFiles(tmp_path / "kept"), workers=2)
    assert ahead.problems == in_turn.problems
    assert {problem.path.rsplit("/", 1)[-1] for problem in ahead.problems} == {
        "sneaky-group.yaml",
        "odd-group.yaml",
    }
    assert to_json({"date": {DATE_TAG: "2025-06-01"}}) is None
