"""What a build records of its output: after an update in place, the list of files it keeps for the
next build is the one a full scan of the output gives, though only the files it wrote were looked at."""

from __future__ import annotations

import json
import os

from yamledits import append_session, read_info, write_info

from atlas.build.record import manifest


def recorded_files(site) -> dict:
    return json.loads(site.with_name(f".atlas-build-{site.name}.json").read_text(encoding="utf-8"))["files"]


def test_an_update_in_place_records_the_files_a_full_scan_finds(build, data, tmp_path):  # noqa: F811
    site = build(data, tmp_path / "site", tmp_path / "cache")
    assert recorded_files(site) == manifest(site)
    path = data / "fictional-group-00005.yaml"
    info = read_info(path)
    cap = next(iter(info["snapshots"][-1]["ratings"]))
    append_session(info, {cap: {"level": "none"}})
    write_info(path, info)
    (data / "fictional-group-00006.yaml").unlink()  # its pages and files go: deleted from the list too
    build(data, site, tmp_path / "cache")
    assert not (site / "communities" / "fictional-group-00006").exists()
    assert recorded_files(site) == manifest(site)


def test_a_page_changed_between_builds_is_made_again_by_an_update(build, data, tmp_path):  # noqa: F811
    site = build(data, tmp_path / "site", tmp_path / "cache")
    page = site / "communities" / "fictional-group-00001" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"changed by hand")
    path = data / "fictional-group-00002.yaml"
    info = read_info(path)
    append_session(info, {next(iter(info["snapshots"][-1]["ratings"])): {"level": "none"}})
    write_info(path, info)
    build(data, site, tmp_path / "cache")
    assert page.read_bytes() == original
    assert recorded_files(site) == manifest(site)


def test_the_list_of_files_has_each_file_with_its_size_and_time_and_skips_caches(tmp_path):
    """What a build checks its output against: every file, by its place, size and modification time;
    neither caches nor the inside of a linked folder."""
    for relative, text in {
        "index.html": "<p>home",
        "communities/a/index.html": "<p>a",
        "communities/a/profile.csv": "x,y",
        "data/all.csv": "",
        "__pycache__/m.cpython-311.pyc": "code",
        "data/stray.pyc": "code",
        ".git/HEAD": "ref",
    }.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "communities", target_is_directory=True)
    (tmp_path / "feed.xml").symlink_to(tmp_path / "index.html")
    kept = ["index.html", "communities/a/index.html", "communities/a/profile.csv", "data/all.csv", "feed.xml"]
    expected = {
        name: [os.stat(tmp_path / name).st_size, os.stat(tmp_path / name).st_mtime_ns] for name in kept
    }
    assert manifest(tmp_path) == expected
    (tmp_path / "data/all.csv").write_text("changed", encoding="utf-8")
    assert manifest(tmp_path)["data/all.csv"][0] == len("changed")
