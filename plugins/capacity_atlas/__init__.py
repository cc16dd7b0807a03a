"""Pelican plugin: the Capacity Atlas pages, charts and exports (a thin shell over `atlas`)."""

from pelican import signals

from .generator import AtlasGenerator
from .languages import on_generator_init, on_pages_written, on_write_page
from .search import on_generators_finalized
from .sitemap import on_initialized


def get_generators(pelican_object):
    return AtlasGenerator


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.page_generator_write_page.connect(on_write_page)
    signals.page_writer_finalized.connect(on_pages_written)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(on_generators_finalized)
