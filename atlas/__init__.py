"""The Capacity Atlas, one subpackage per stage of its pipeline.

model (vocabulary, catalog and entity types) -> ingest (read and validate YAML) -> analysis (numbers and
records) -> site (pages, words, charts, exports) -> build (running Pelican, the build record, incremental
keys); tools (scaffold, review, synth, bench, importers) and the command line (`atlas.cli`) stand outside.
"""
