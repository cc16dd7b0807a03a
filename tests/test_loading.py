"""Every rule of the data contract gives a path:line:column message naming what was expected."""

from __future__ import annotations

import dataclasses

import pytest
from constants import AS_OF, VALID

from atlas.ingest.loading import load_assessments
from atlas.model.entity import FILE_FIELDS, UndeclaredInput


def problems_for(folder, catalog, files):
    return [str(p) for p in load_assessments(folder(files), catalog, AS_OF).problems]


def one_problem(folder, catalog, text, name="example-group.yaml"):
    found = problems_for(folder, catalog, {name: text})
    assert len(found) == 1, found
    return found[0][found[0].index(name) :]


def test_valid_file_loads_with_snapshots_oldest_first(folder, catalog):
    text = VALID.replace(
        "snapshots:\n",
        "snapshots:\n  - date: 2026-01-02\n    assessed_by: Board\n"
        "    consultation: group\n    ratings:\n      bots: {level: none}\n",
    )
    loaded = load_assessments(folder({"example-group.yaml": text}), catalog, AS_OF)
    assert loaded.problems == ()
    (entity,) = loaded.entities
    assert entity.slug == "example-group"
    assert [str(s.date) for s in entity.snapshots] == ["2025-06-01", "2026-01-02"]


CASES = [
    (
        "unknown top-level key",
        VALID.replace("kind: user-group", "kind: user-group\ncolour: blue"),
        "example-group.yaml:3:1: unknown key 'colour'; expected one of:",
    ),
    (
        "unknown key in a rating",
        VALID.replace("robustness: low}", "robustness: low, colour: red}"),
        "example-group.yaml:9:54: unknown key 'colour'",
    ),
    (
        "unknown kind",
        VALID.replace("kind: user-group", "kind: club"),
        "example-group.yaml:2:7: unknown kind 'club'; expected one of: wiki-community, user-group, chapter",
    ),
    (
        "unknown region",
        VALID.replace("regions: [nwe]", "regions: [nwe, europe]"),
        "example-group.yaml:3:16: unknown region 'europe'",
    ),
    (
        "region listed twice",
        VALID.replace("regions: [nwe]", "regions: [nwe, nwe]"),
        "example-group.yaml:3:16: region 'nwe' is listed twice; list each region once",
    ),
    (
        "language listed twice",
        VALID.replace("regions: [nwe]", "regions: [nwe]\nlanguages: [sv, se, sv]"),
        "example-group.yaml:4:21: language 'sv' is listed twice; list each language once",
    ),
    (
        "unknown capacity, with a suggestion",
        VALID.replace("social-media:", "socialmedia:"),
        "example-group.yaml:9:7: unknown capacity 'socialmedia'; did you mean 'social-media'?",
    ),
    (
        "unknown level",
        VALID.replace("level: medium", "level: great"),
        "example-group.yaml:9:29: unknown level 'great'; expected one of: none, low, medium, high",
    ),
    (
        "robustness with level none",
        VALID.replace("level: medium", "level: none"),
        "example-group.yaml:9:47: robustness is not allowed with level none",
    ),
    (
        "duplicate key, nested",
        VALID.replace(
            "      social-media: {level: medium, robustness: low}",
            "      social-media: {level: medium}\n      social-media: {level: low}",
        ),
        "example-group.yaml:10:7: duplicate key 'social-media' (first given on line 9)",
    ),
    (
        "duplicate top-level key",
        VALID + "name: Again\n",
        "example-group.yaml:10:1: duplicate key 'name' (first given on line 1)",
    ),
    (
        "date that does not exist",
        VALID.replace("2025-06-01", "2024-02-30"),
        "example-group.yaml:5:11: '2024-02-30' is not a real date; expected YYYY-MM-DD",
    ),
    (
        "date after the as-of date",
        VALID.replace("2025-06-01", "2027-01-01"),
        "example-group.yaml:5:11: date 2027-01-01 lies after the as-of date 2026-11-21",
    ),
    (
        "empty ratings",
        VALID.replace("      social-media: {level: medium, robustness: low}\n", "").replace(
            "ratings:", "ratings: {}"
        ),
        "example-group.yaml:8:14: ratings is empty; expected at least one entry",
    ),
    (
        "missing required key",
        VALID.replace("kind: user-group\n", ""),
        "example-group.yaml:1:1: missing required key 'kind'",
    ),
    (
        "related entry that does not exist",
        VALID.replace("regions: [nwe]", "regions: [nwe]\nrelated: [no-such-group]"),
        "example-group.yaml:4:11: related entry 'no-such-group' does not exist",
    ),
    (
        "invalid YAML",
        VALID.replace("kind: user-group", "kind: [user-group"),
        "example-group.yaml:3:8: invalid YAML",
    ),
    ("empty file", "", "example-group.yaml:1:1: the file is empty"),
    ("top level is a list", "- a\n- b\n", "example-group.yaml:1:1: expected a mapping"),
    (
        "aliases",
        VALID.replace("regions: [nwe]", "regions: &r [nwe]\ncountries: *r"),
        "example-group.yaml:3:10: anchors and aliases (&name, *name) are not allowed",
    ),
    (
        "a number as a name",
        VALID.replace("name: Example Wiki User Group", "name: 42"),
        "example-group.yaml:1:7: name: expected text, got the number 42; put it in quotes",
    ),
    (
        "url that is not http(s)",
        VALID.replace("regions: [nwe]", "regions: [nwe]\nurl: javascript:alert(1)"),
        "example-group.yaml:4:6: 'javascript:alert(1)' is not valid for url; "
        "expected an http:// or https:// address",
    ),
]


@pytest.mark.parametrize("text,expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_contract_rule_gives_positioned_message(folder, catalog, text, expected):
    assert one_problem(folder, catalog, text).startswith(expected)


def test_two_snapshots_with_the_same_date(folder, catalog):
    text = VALID + VALID[VALID.index("  - date") :]
    assert one_problem(folder, catalog, text).startswith(
        "example-group.yaml:10:11: two snapshots dated 2025-06-01 (the other on line 5)"
    )


@pytest.mark.parametrize("name", ["Example.yaml", "a.yaml", "two--hyphens.yaml", "x y.yaml"])
def test_bad_slug(folder, catalog, name):
    message = one_problem(folder, catalog, VALID, name=name)
    assert message.startswith(f"{name}:1:1: file name '{name[:-5]}' is not a valid slug")


def test_file_that_is_not_yaml(folder, catalog):
    message = one_problem(folder, catalog, VALID, name="example-group.yml")
    assert message == (
        "example-group.yml:1:1: not an assessment file; expected a name like <slug>.yaml"
        " (rename it to example-group.yaml)"
    )


def test_every_problem_in_every_file_in_one_run(folder, catalog):
    found = problems_for(
        folder,
        catalog,
        {
            "first-group.yaml": VALID.replace("kind: user-group", "kind: club").replace(
                "level: medium", "level: x"
            ),
            "second-group.yaml": VALID.replace("regions: [nwe]", "regions: [mars]"),
            "third-group.yaml": VALID,
        },
    )
    names = [line.split("/")[-1].split(":")[0] for line in found]
    assert names == ["first-group.yaml", "first-group.yaml", "second-group.yaml"]


MADE: list[str] = []


def count_made(entity, step: int) -> int:
    """A derived value that notes each time it is made."""
    MADE.append(entity.slug)
    return len(MADE) * step


def test_a_derived_value_is_made_once_and_replaced_when_what_it_depends_on_changes(folder, catalog):
    (entity,) = load_assessments(folder({"example-group.yaml": VALID}), catalog, AS_OF).entities
    MADE.clear()
    assert [entity.derive(count_made, 1) for _ in range(3)] == [1, 1, 1]
    assert entity.derive(count_made, 2) == 4  # what it depends on changed: made again
    assert len(entity.derived) == 1  # one value kept per function


def test_a_derived_value_must_declare_everything_it_depends_on(folder, catalog):
    (entity,) = load_assessments(folder({"example-group.yaml": VALID}), catalog, AS_OF).entities
    with pytest.raises(UndeclaredInput, match="plain values"):
        entity.derive(count_made, catalog)  # an object: what of it the value reads is not declared
    with pytest.raises(UndeclaredInput, match="module-level function"):
        entity.derive(lambda e: e.slug)  # a lambda may close over anything
    assert entity.derive(count_made, (1, "a")) is not None  # plain data is fine


def test_an_entity_declares_every_field_its_file_has(folder, catalog):
    (entity,) = load_assessments(folder({"example-group.yaml": VALID}), catalog, AS_OF).entities
    declared = {f.name for f in dataclasses.fields(entity)} - {"slug", "path", "info", "digest", "derived"}
    assert declared == set(FILE_FIELDS) == set(type(entity.info).model_fields)
    assert entity.name == entity.info.name and entity.snapshots == entity.info.snapshots
