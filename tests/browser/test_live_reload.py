"""`atlas serve` builds reload open pages when the site is rebuilt; ordinary builds carry no such script."""

from __future__ import annotations

from browsing import build_in
from constants import ROOT

STAMP = "live-reload.txt"


def test_only_serve_builds_reload_and_they_do_so_after_a_rebuild(
    tmp_path, chart_cache, serve, page_watch, shipped_site
):
    assert STAMP not in (shipped_site.folder / "index.html").read_text(encoding="utf-8")
    assert not (shipped_site.folder / STAMP).exists()

    build_in(
        ROOT / "assessments", tmp_path / "site", chart_cache, ATLAS_LIVE_RELOAD=STAMP, ATLAS_SEARCH=False
    )
    stamp = tmp_path / "site" / STAMP
    assert stamp.read_text(encoding="utf-8")

    page = page_watch()
    page.goto(serve(tmp_path) + "site/capacities/")
    page.evaluate("window.notReloaded = true")
    page.wait_for_timeout(2500)  # several polls of an unchanged stamp: no reload
    assert page.evaluate("window.notReloaded === true")
    stamp.write_text("rebuilt", encoding="utf-8")
    page.wait_for_function("window.notReloaded === undefined", timeout=5000)
    assert page.url.endswith("/site/capacities/")
