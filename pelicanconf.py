"""Pelican settings for the Capacity Atlas (local preview; publishconf.py extends them)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Capacity Atlas"
SITESUBTITLE = "Capacity self-assessments of Wikimedia communities"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# The languages published: English (the source) at the site's root, each other one under /<code>/
# (atlas/site/languages.py lists those with translations in locale/). ATLAS_LANGUAGES="en" in the
# environment builds English alone, e.g. for quicker previews or to bench one language.
ATLAS_LANGUAGES = os.environ.get("ATLAS_LANGUAGES", "en fr es ar").replace(",", " ").split()

# The atlas plugin and where it reads from.
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["capacity_atlas"]
ATLAS_CATALOG = str(ROOT / "content" / "catalog")
ATLAS_ASSESSMENTS = str(ROOT / "assessments")
ATLAS_CHART_CACHE = str(ROOT / ".cache" / "charts")
ATLAS_AS_OF = None  # None: ATLAS_AS_OF env, SOURCE_DATE_EPOCH, or today (UTC)
ATLAS_REPOSITORY_URL = os.environ.get("ATLAS_REPOSITORY_URL", "")  # shown in the footer when set

# Contributed text is untrusted: escape everything unless a template marks it safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# The site is made of the atlas's pages plus Markdown pages under content/pages/; no blog.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
PAGE_LANG_URL = "{lang}/{slug}/"  # a translation of a Markdown page (content/pages/<lang>/)
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DELETE_OUTPUT_DIRECTORY = False  # `invoke build` swaps in a complete new site instead
CACHE_CONTENT = False  # `atlas serve` turns Pelican's cache on in a folder of its own (atlas.build.runner)
LOAD_CONTENT_CACHE = False
