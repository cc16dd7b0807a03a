"""A fresh copy of the repository, and the project's commands run in it as a contributor runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from constants import AS_OF, ROOT


def fresh_clone(target: Path) -> Path:
    """The files a fresh clone has (tracked ones and new ones about to be committed; nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def environment(**extra: str) -> dict[str, str]:
    """The shell of someone who installed the requirements: the venv's tools first, a fixed as-of date."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "ATLAS_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["ATLAS_AS_OF"] = AS_OF.isoformat()
    return {**env, **extra}


def invoke(where: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` in a folder, without a terminal (so nothing is asked)."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=where,
        env=environment(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def git(where: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=where, capture_output=True, text=True, check=True).stdout
