"""The contributor path: scaffold a file, fill it in, validate it, build it; update it; review it."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from clone import environment, fresh_clone, git, invoke
from constants import AS_OF, ROOT, VALID
from sitecheck import broken_links, text_of

from atlas.analysis.state import current_ratings
from atlas.ingest.jsonschema import SCHEMA_PATH
from atlas.ingest.loading import load_assessments
from atlas.ingest.validation import check_files
from atlas.ingest.yamlsource import Problem
from atlas.model.vocab import slug_for
from atlas.tools.review import describe_changes
from atlas.tools.scaffold import (
    LEVEL_PLACEHOLDER,
    Header,
    ScaffoldError,
    SessionDetails,
    add_snapshot,
    check_slug,
    gather_header,
    header_problems,
    new_file_text,
    yaml_scalar,
)
from atlas.tools.validation_report import github_annotation, report

SLUG = "example-wiki-user-group"
NEW_GROUP = [
    *("new", "--name", "Example Wiki User Group", "--kind", "user-group", "--regions", "lac"),
    *("--countries", "PE", "--languages", "es,qu", "--assessed-by", "Four members at a workshop"),
]
PLACEHOLDER_LINE = re.compile(r"^(\s*)# ([a-z-]+): " + re.escape(LEVEL_PLACEHOLDER) + r"(.*)$")


def fill_in(text: str, choices: dict[str, tuple[str, str]]) -> str:
    """Uncomment the chosen capacities' lines and type a rating, as a person does in an editor."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = PLACEHOLDER_LINE.match(line)
        if match and match[2] in choices:
            typed_id, rating = choices[match[2]]
            lines[i] = f"{match[1]}{typed_id}: {{{rating}}}{match[3]}"
    return "\n".join(lines) + "\n"


def row_text(page: Path, cap_id: str) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index(f'<tr id="{cap_id}"')
    return re.sub(r"<[^>]+>", " ", html[start : html.index("</tr>", start)])


def test_a_new_contributor_goes_from_fresh_clone_to_their_groups_page(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    made = invoke(clone, *NEW_GROUP)
    assert made.returncode == 0, made.stderr
    path = clone / "assessments" / f"{SLUG}.yaml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    schema_ref = first_line.removeprefix("# yaml-language-server: $schema=")
    assert (
        schema_ref != first_line and (path.parent / schema_ref).resolve() == (clone / SCHEMA_PATH).resolve()
    )
    assert (clone / SCHEMA_PATH).is_file()

    five = {
        "social-media": ("socialmedia", "level: medium, robustness: low"),  # the typo
        "tools": ("tools", "level: low, robustness: low"),
        "wikidata": ("wikidata", "level: high, robustness: medium"),
        "bots": ("bots", "level: none"),
        "edit-a-thons": ("edit-a-thons", "level: medium, robustness: high"),
    }
    path.write_text(fill_in(path.read_text(encoding="utf-8"), five), encoding="utf-8")
    typo_line = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "socialmedia:" in line)

    checked = invoke(clone, "validate", "--", f"assessments/{SLUG}.yaml")
    assert checked.returncode == 1
    message = (
        f"assessments/{SLUG}.yaml:{typo_line}:7: unknown capacity 'socialmedia'; did you mean 'social-media'?"
    )
    assert [line for line in checked.stdout.splitlines() if line.startswith("assessments/")] == [message]
    # The How to contribute page shows the new contributor this very message.
    assert message in (clone / "content" / "pages" / "contribute.md").read_text(encoding="utf-8")

    path.write_text(
        path.read_text(encoding="utf-8").replace("socialmedia:", "social-media:"), encoding="utf-8"
    )
    checked = invoke(clone, "validate", "--", f"assessments/{SLUG}.yaml")
    assert checked.returncode == 0, checked.stdout
    built = invoke(clone, "build")
    assert built.returncode == 0, built.stderr
    page = clone / "output" / "communities" / SLUG / "index.html"
    assert "Example Wiki User Group" in text_of(page)
    for cap_id, (_, rating) in five.items():
        level = rating.split(",")[0].removeprefix("level: ")
        assert f" {level} " in row_text(page, cap_id), cap_id
    unrated = text_of(page).split("Not assessed")[1]
    assert "Social media" not in unrated and "Lua scripting" in unrated


def test_a_new_file_lists_every_capacity_switched_off_with_its_question(catalog):
    header = Header("Grupo de Ejemplo", "user-group", ("lac",), ("PE",), ("es",))
    text = new_file_text(catalog, header, SessionDetails(AS_OF, "Board"), "../schema/assessment.schema.json")
    for cap in catalog.capacities.values():
        assert f"      # {cap.id}: {LEVEL_PLACEHOLDER}  # {cap.question}\n" in text
    data = yaml.safe_load(text)
    assert data["snapshots"][0]["ratings"] is None  # nothing rated until the group says so
    assert (data["name"], data["regions"], data["snapshots"][0]["date"]) == (
        "Grupo de Ejemplo",
        ["lac"],
        AS_OF,
    )


def test_a_new_file_with_one_line_switched_on_is_valid(catalog, folder):
    header = Header("Example Group", "chapter", ("nwe",), ("NO",), ("no",))
    text = new_file_text(catalog, header, SessionDetails(AS_OF, "Board: five members"), "x.json")
    path = (
        folder({"example-group.yaml": fill_in(text, {"bots": ("bots", "level: none")})})
        / "example-group.yaml"
    )
    loaded = load_assessments(path.parent, catalog, AS_OF)
    assert loaded.problems == ()
    entity = loaded.entities[0]
    assert entity.countries == ["NO"] and entity.snapshots[0].assessed_by == "Board: five members"


def test_missing_or_mistyped_answers_are_named_with_their_flags(catalog):
    given = {"name": "Example", "kind": "usergroup", "regions": "nwe, europe", "countries": "se"}
    with pytest.raises(ScaffoldError) as error:
        gather_header(catalog, given)
    message = str(error.value)
    assert "--kind: unknown kind 'usergroup'; did you mean 'user-group'?" in message
    assert "--regions: unknown region 'europe'" in message
    assert "--countries: 'se' is not valid for countries" in message
    with pytest.raises(ScaffoldError, match="--name: the name is empty.*--regions: no region given"):
        gather_header(catalog, {})


def test_interactive_new_asks_for_what_is_missing_and_again_for_what_is_wrong(catalog, capsys):
    answers = iter(["Grupo", "usergroup", "user-group"])
    asked = []

    def ask(question):
        asked.append(question)
        return next(answers)

    header = gather_header(catalog, {"regions": "lac", "countries": "", "languages": "es qu"}, ask)
    assert header == Header("Grupo", "user-group", ("lac",), (), ("es", "qu"))
    assert [q.split(" ")[0] for q in asked] == ["Name", "Kind", "Kind"]
    assert "did you mean 'user-group'?" in capsys.readouterr().out


@pytest.mark.parametrize(
    "value", ["NO", "yes", "null", "123", "2025-01-01", "a # b", " x", "@x", "[x]", "Board: all"]
)
def test_values_written_into_files_read_back_unchanged(value):
    assert yaml.safe_load(f"key: {yaml_scalar(value)}") == {"key": value}


def test_slugs_are_made_from_names_and_refused_when_impossible():
    assert slug_for("Wikimedia Österreich (WMAT)") == "wikimedia-osterreich-wmat"
    assert slug_for("Википедия") == ""
    with pytest.raises(ScaffoldError, match="give one with --slug"):
        check_slug(slug_for("Википедия"))


HISTORY = """\
# Our group's assessments. This comment must survive every update.
name: Example Group
kind: user-group
regions: [nwe]
snapshots:
- date: 2024-02-01   # the first workshop
  assessed_by: Board
  consultation: group
  ratings:
    social-media: {level: low, robustness: low}
    bots: {level: none}
- date: 2025-03-01
  assessed_by: Board and volunteers
  consultation: group
  ratings:
    social-media: {level: medium, robustness: low, support_wanted: true}
url: https://example.org   # a key after the snapshots
"""


def test_a_new_snapshot_keeps_every_byte_of_history_and_starts_from_the_current_state(catalog, folder):
    path = folder({"example-group.yaml": HISTORY}) / "example-group.yaml"
    before = current_ratings(load_assessments(path.parent, catalog, AS_OF).entities[0], AS_OF)
    text = add_snapshot(path, catalog, AS_OF, SessionDetails(AS_OF, "Board"))
    edits = difflib.SequenceMatcher(None, HISTORY, text, autojunk=False).get_opcodes()
    assert {op for op, *_ in edits} == {"equal", "insert"}  # nothing of the old text changed or went
    path.write_text(text, encoding="utf-8")
    loaded = load_assessments(path.parent, catalog, AS_OF)
    assert loaded.problems == ()
    latest = loaded.entities[0].snapshots[-1]
    assert latest.date == AS_OF and len(loaded.entities[0].snapshots) == 3
    assert {cap: (r.level, r.robustness, r.support_wanted) for cap, r in latest.ratings.items()} == {
        cap: (r.level, r.robustness, r.rating.support_wanted) for cap, r in before.items()
    }
    assert f"# tools: {LEVEL_PLACEHOLDER}" in text  # never rated: offered, switched off
    with pytest.raises(ScaffoldError, match="needs a later date"):
        add_snapshot(path, catalog, AS_OF, SessionDetails(AS_OF, "Board"))


def test_a_snapshot_is_only_added_to_a_valid_file(catalog, folder):
    path = folder({"example-group.yaml": VALID.replace("social-media", "socialmedia")}) / "example-group.yaml"
    with pytest.raises(ScaffoldError, match="(?s)fix the file.*unknown capacity 'socialmedia'"):
        add_snapshot(path, catalog, AS_OF, SessionDetails(AS_OF, "Board"))


def test_invoke_new_snapshot_writes_the_file(tmp_path):
    (tmp_path / "example-group.yaml").write_text(HISTORY, encoding="utf-8")
    args = ("new", "--snapshot", "example-group", "--assessments", str(tmp_path), "--assessed-by", "Board")
    made = invoke(ROOT, *args)
    assert made.returncode == 0, made.stderr
    assert invoke(ROOT, "validate", "--assessments", str(tmp_path)).returncode == 0
    assert f"- date: {AS_OF}\n  assessed_by: Board\n" in (tmp_path / "example-group.yaml").read_text()
    again = invoke(ROOT, *args)
    assert again.returncode == 1 and "needs a later date" in again.stderr


def test_validate_checks_only_the_files_given(catalog, folder):
    good = VALID.replace("regions: [nwe]", "regions: [nwe]\nrelated: [broken-group]")
    assessments = folder({"good-group.yaml": good, "broken-group.yaml": VALID.replace("medium", "meduim")})
    problems, checked = check_files(catalog, assessments, AS_OF, [str(assessments / "good-group.yaml")])
    assert (problems, checked) == ((), 1)  # the broken neighbour is not reported, yet counts as existing
    problems, checked = check_files(catalog, assessments, AS_OF)
    assert checked == 2 and [Path(p.path).name for p in problems] == ["broken-group.yaml"]
    problems, _ = check_files(catalog, assessments, AS_OF, ["assessments/no-such-group.yaml"])
    assert [str(p) for p in problems] == [
        "assessments/no-such-group.yaml:1:1: no such file; expected the path of an assessment file"
    ]


def test_problems_become_github_annotations_in_actions_only():
    problem = Problem("assessments/a,b.yaml", 9, 7, "100% wrong\nreally")
    assert github_annotation(problem) == (
        "::error file=assessments/a%2Cb.yaml,line=9,col=7,title=Invalid assessment file::"
        "100%25 wrong%0Areally"
    )
    assert "::error" in report((problem,), 1, {"GITHUB_ACTIONS": "true"})
    assert "::error" not in report((problem,), 1, {})


def test_invoke_validate_prints_positions_and_annotations(tmp_path):
    (tmp_path / "example-group.yaml").write_text(
        VALID.replace("social-media", "socialmedia"), encoding="utf-8"
    )
    shown = str(tmp_path / "example-group.yaml")
    checked = invoke(ROOT, "validate", "--assessments", str(tmp_path), "--", shown, GITHUB_ACTIONS="true")
    assert checked.returncode == 1
    assert f"{shown}:9:7: unknown capacity 'socialmedia'; did you mean 'social-media'?" in checked.stdout
    assert (
        f"::error file={shown},line=9,col=7,title=Invalid assessment file::unknown capacity" in checked.stdout
    )


def test_the_review_aid_describes_changes_in_words(tmp_path, catalog):
    repo = tmp_path / "repo"
    (repo / "assessments").mkdir(parents=True)
    (repo / "assessments" / "example-group.yaml").write_text(HISTORY, encoding="utf-8")
    (repo / "assessments" / "old-group.yaml").write_text(VALID, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "update")
    update = """\
- date: 2026-06-20
  assessed_by: Board
  consultation: individual
  ratings:
    social-media: {level: high, robustness: medium, support_wanted: true}
    wikidata: {level: low}
url:"""
    edited = HISTORY.replace("url:", update).replace("bots: {level: none}", "bots: {level: low}")
    (repo / "assessments" / "example-group.yaml").write_text(edited, encoding="utf-8")
    (repo / "assessments" / "old-group.yaml").unlink()
    (repo / "assessments" / "new-group.yaml").write_text(
        VALID.replace("Example Wiki", "New"), encoding="utf-8"
    )
    text = describe_changes(repo, "main", catalog, AS_OF)
    assert "### New group: New User Group — `assessments/new-group.yaml`" in text
    assert "- New snapshot dated 2026-06-20 by Board (one person's view): 2 capacities rated." in text
    assert "- Social media: medium → high, robustness low → medium" in text
    assert "- Active Wikidata expertise: newly rated low" in text
    assert "- ⚠ The snapshot dated 2024-02-01 was edited" in text
    assert "- Bots: none → low" in text
    assert "### Removed: Example Wiki User Group — `assessments/old-group.yaml`" in text
    assert describe_changes(repo, "HEAD", catalog, AS_OF) != "No assessment files changed since HEAD."
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "update")
    assert describe_changes(repo, "HEAD", catalog, AS_OF) == "No assessment files changed since HEAD."


def test_the_contribute_pages_example_file_is_valid(catalog, tmp_path):
    page = (ROOT / "content" / "pages" / "contribute.md").read_text(encoding="utf-8")
    example = page.split("{#example-file}")[1].split("```yaml\n")[1].split("```")[0]
    (tmp_path / SLUG).with_suffix(".yaml").write_text(example, encoding="utf-8")
    assert check_files(catalog, tmp_path, AS_OF) == ((), 1)


def test_the_guidelines_link_to_every_capacitys_guidance(catalog):
    page = (ROOT / "content" / "pages" / "guidelines.md").read_text(encoding="utf-8")
    assert [cap for cap in catalog.capacities if f"(../capacities/{cap}/)" not in page] == []
    for words in ("not a test", "Blank is not", "How long it takes", "Robustness"):
        assert words in page


def test_every_entity_page_links_to_its_file_in_the_repository(folder, tmp_path, chart_cache, monkeypatch):
    from atlas.build.runner import build_site

    monkeypatch.chdir(ROOT)
    assessments = folder({"example-group.yaml": VALID})
    with_repo = tmp_path / "with-repo"
    settings = {"ATLAS_CHART_CACHE": str(chart_cache), "ATLAS_REPOSITORY_URL": "https://example.org/atlas"}
    build_site(assessments, with_repo, AS_OF.isoformat(), ROOT / "pelicanconf.py", **settings)
    html = (with_repo / "communities" / "example-group" / "index.html").read_text(encoding="utf-8")
    edit = 'href="https://example.org/atlas/edit/main/assessments/example-group.yaml"'
    assert f'<a {edit} rel="nofollow">Edit this assessment</a>' in html
    assert "https://example.org/atlas/issues/new?title=Propose%20an%20update%3A%20Example" in html
    without = tmp_path / "without-repo"
    build_site(
        assessments, without, AS_OF.isoformat(), ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=str(chart_cache)
    )
    html = (without / "communities" / "example-group" / "index.html").read_text(encoding="utf-8")
    assert "Edit this assessment" not in html and "contribute/#updating-your-assessment" in html
    assert broken_links(without) == []


def test_publishconf_takes_the_repository_from_github_actions():
    code = (
        "from pelican.settings import read_settings; "
        "print(read_settings('publishconf.py')['ATLAS_REPOSITORY_URL'])"
    )
    env = {"ATLAS_SITEURL": "https://example.org/atlas", "GITHUB_REPOSITORY": "example/atlas"}
    result = invoke_python(code, GITHUB_SERVER_URL="https://github.com", **env)
    assert result.stdout.strip() == "https://github.com/example/atlas"
    result = invoke_python(code, ATLAS_REPOSITORY_URL="https://example.org/code", **env)
    assert result.stdout.strip() == "https://example.org/code"


def invoke_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_scaffold_names_a_code_that_does_not_exist_with_the_validators_hint(catalog):
    header = Header("Example Group", "chapter", ("nwe",), ("UK",), ("nb",))
    assert header_problems(catalog, header) == {
        "countries": ["unknown country 'UK'; did you mean 'GB' (United Kingdom)?"],
        "languages": ["unknown language 'nb'; did you mean 'no'?"],
    }
