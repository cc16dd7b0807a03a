"""The repository's workflow files: GitHub Actions workflows (checked with actionlint) and pre-commit."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from clone import environment, fresh_clone, git
from constants import ROOT, VALID

WORKFLOWS = ROOT / ".github" / "workflows"
BAD_FILE = VALID.replace("social-media", "socialmedia")
TYPO = "unknown capacity 'socialmedia'; did you mean 'social-media'?"


def tool(name: str) -> str:
    """A command installed with the requirements (in the running Python's environment, else on PATH)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -r requirements.txt"
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    command = [tool("actionlint"), "-no-color", *map(str, files)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def steps(workflow: str) -> list[dict]:
    jobs = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))["jobs"]
    return [step for job in jobs.values() for step in job.get("steps", [])]


def test_the_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "pages.yml"]
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.tittle }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1 and "tittle" in result.stdout


def test_every_pull_request_is_validated_tested_built_and_its_site_attached():
    workflow = yaml.safe_load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    runs = [step.get("run", "") for step in steps("ci.yml")]
    for command in ("atlas validate", "invoke test", "atlas build", 'atlas diff "origin/$BASE_REF"'):
        assert any(run.startswith(command) for run in runs), command
    uploads = [s for s in steps("ci.yml") if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [s["with"]["path"] for s in uploads] == ["output/"]
    caches = [s["with"]["path"] for s in steps("ci.yml") if s.get("uses", "").startswith("actions/cache@")]
    assert ".cache/charts" in caches


def test_main_is_built_with_publishconf_and_deployed_to_pages():
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    assert any(step.get("run") == "atlas build --publish" for step in steps("pages.yml"))
    used = [step.get("uses", "").split("@")[0] for step in steps("pages.yml")]
    assert used.index("actions/upload-pages-artifact") < used.index("actions/deploy-pages")


def hook() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (found,) = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "validate-assessments"]
    return found


def test_the_pre_commit_hook_entry_rejects_a_bad_file_and_accepts_a_good_one(tmp_path):
    (tmp_path / "bad-group.yaml").write_text(BAD_FILE, encoding="utf-8")
    (tmp_path / "good-group.yaml").write_text(VALID, encoding="utf-8")
    command = shlex.split(hook()["entry"])
    assert command[:2] == ["invoke", "validate"]
    run = [sys.executable, "-m", *command]
    bad = subprocess.run([*run, str(tmp_path / "bad-group.yaml")], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and TYPO in bad.stdout
    good = subprocess.run([*run, str(tmp_path / "good-group.yaml")], cwd=ROOT, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout


@pytest.fixture
def repository(tmp_path):
    """A fresh clone made into a git repository, with pre-commit's cache kept in the test's folder."""
    clone = fresh_clone(tmp_path / "clone")
    git(clone, "init", "-q")
    git(clone, "add", "-A")
    return clone


def pre_commit(repository: Path, *files: str) -> subprocess.CompletedProcess:
    env = environment(PRE_COMMIT_HOME=str(repository.parent / "pre-commit-home"))
    command = [tool("pre-commit"), "run", "--files", *files]
    return subprocess.run(command, cwd=repository, env=env, capture_output=True, text=True, timeout=300)


def test_pre_commit_runs_the_validator_on_changed_assessment_files(repository):
    (repository / "assessments" / "bad-group.yaml").write_text(BAD_FILE, encoding="utf-8")
    (repository / "assessments" / "good-group.yaml").write_text(VALID, encoding="utf-8")
    git(repository, "add", "-A")
    rejected = pre_commit(repository, "assessments/bad-group.yaml", "assessments/good-group.yaml")
    assert rejected.returncode == 1
    assert f"assessments/bad-group.yaml:9:7: {TYPO}" in rejected.stdout
    assert "good-group.yaml" not in rejected.stdout.replace("2 files", "")
    accepted = pre_commit(repository, "assessments/good-group.yaml", "README.md")
    assert accepted.returncode == 0, accepted.stdout
