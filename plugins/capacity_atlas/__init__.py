"""Pelican plugin: the Capacity Atlas pages, charts and exports (a thin shell over `atlas`)."""

from pelican import signals

from .generator import AtlasGenerator
from .search import on_generators_finalized
from .sitemap import on_initialized


def get_generators(pelican_object):
    return AtlasGenerator


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(on_generators_finalized)
