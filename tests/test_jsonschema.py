"""The published JSON Schema: current, valid, and in agreement with the validator on example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from constants import AS_OF, ROOT, VALID
from jsonschema import Draft202012Validator
from sitecheck import broken_links

from atlas.ingest.bounds import MAX_POPULATION, MAX_RESPONDENTS
from atlas.ingest.codes import COUNTRIES, LANGUAGES
from atlas.ingest.jsonschema import SCHEMA_PATH, assessment_schema_text
from atlas.ingest.loading import load_assessments
from atlas.model.vocab import LEVELS, ROBUSTNESS

EXAMPLES = Path(__file__).parent / "examples"
GOOD = sorted((EXAMPLES / "good").glob("*.yaml"))
BAD = sorted((EXAMPLES / "bad").glob("*.yaml"))
BEYOND = sorted((EXAMPLES / "beyond-schema").glob("*.yaml"))
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server hands it to the schema: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def published():
    return json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema_check(published):
    checker = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def errors(path: Path) -> list[str]:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
        return [error.message for error in checker.iter_errors(document)]

    return errors


def validator_messages(path: Path, catalog) -> list[str]:
    """What `atlas validate` says about this one file (its folder's other files count for `related`)."""
    return [p.message for p in load_assessments(path.parent, catalog, AS_OF, only=[path]).problems]


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <part of the message>'"
    return first.removeprefix("# expect: ")


def test_the_schema_file_is_generated_from_the_current_model(catalog):
    text = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert text == assessment_schema_text(catalog), f"{SCHEMA_PATH} is out of date: run `invoke schema`"


def test_the_schema_is_valid_json_schema_2020_12(published):
    Draft202012Validator.check_schema(published)
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_editors_are_offered_every_capacity_level_and_robustness(published, catalog):
    ratings = published["$defs"]["Snapshot"]["properties"]["ratings"]
    assert list(ratings["properties"]) == list(catalog.capacities)
    assert ratings["propertyNames"]["enum"] == list(catalog.capacities)
    social = ratings["properties"]["social-media"]["description"]
    assert catalog.capacities["social-media"].question in social
    rating = published["$defs"]["Rating"]["properties"]
    assert rating["level"]["enum"] == list(LEVELS)
    assert rating["robustness"]["anyOf"][0]["enum"] == list(ROBUSTNESS)


def test_editors_see_the_real_world_bounds_and_the_codes_that_exist(published):
    snapshot = published["$defs"]["Snapshot"]["properties"]
    assert published["properties"]["population"]["anyOf"][0]["maximum"] == MAX_POPULATION
    assert snapshot["respondents"]["anyOf"][0]["maximum"] == MAX_RESPONDENTS
    assert published["properties"]["countries"]["items"]["enum"] == sorted(COUNTRIES)
    assert published["properties"]["languages"]["items"]["enum"] == list(LANGUAGES)
    assert "GB" in COUNTRIES and "UK" not in COUNTRIES and "zh-yue" in LANGUAGES


def test_there_are_enough_examples_of_each_kind():
    assert len(GOOD) >= 5 and len(BAD) >= 45 and len(BEYOND) >= 6


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_examples_are_accepted_by_both(path, catalog, schema_check):
    assert validator_messages(path, catalog) == []
    assert schema_check(path) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_examples_are_rejected_by_both(path, catalog, schema_check):
    messages = validator_messages(path, catalog)
    assert any(expected_message(path) in message for message in messages), messages
    assert schema_check(path), f"the schema accepts {path.name}, which the validator rejects: {messages}"


@pytest.mark.parametrize("path", BEYOND, ids=lambda p: p.stem)
def test_cross_file_and_calendar_rules_are_the_validators_alone(path, catalog, schema_check):
    messages = validator_messages(path, catalog)
    assert any(expected_message(path) in message for message in messages), messages
    assert schema_check(path) == []  # a limit of any schema: kept out of the equivalence set


def test_the_site_publishes_the_same_schema(folder, build):
    site = build(folder({"example-group.yaml": VALID}))
    published = site / SCHEMA_PATH
    assert published.read_text(encoding="utf-8") == (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    contribute = (site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert 'href="../schema/assessment.schema.json"' in contribute
    assert broken_links(site) == []
