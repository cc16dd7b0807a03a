"""Production settings: absolute URLs and feeds. Set ATLAS_SITEURL to the address the site is served from."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("ATLAS_SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: set ATLAS_SITEURL to the site's absolute address, e.g. https://example.org/atlas"
    )
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
ATLAS_FEED = "feeds/assessments.atom.xml"
ATLAS_REGION_FEED = "feeds/regions/{region}.atom.xml"  # one feed per region
ATLAS_SITEMAP = "sitemap.xml"  # every HTML page, by absolute address (plugins/capacity_atlas/sitemap.py)

# The repository that "Edit this assessment" links point to: ATLAS_REPOSITORY_URL, else in GitHub
# Actions the repository being built, else pelicanconf's value. Files are edited on this branch.
if not os.environ.get("ATLAS_REPOSITORY_URL") and os.environ.get("GITHUB_REPOSITORY"):
    ATLAS_REPOSITORY_URL = (
        os.environ.get("GITHUB_SERVER_URL", "https://github.com") + "/" + os.environ["GITHUB_REPOSITORY"]
    )
ATLAS_REPOSITORY_BRANCH = os.environ.get("ATLAS_REPOSITORY_BRANCH", "main")
