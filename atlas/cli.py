"""The `atlas` command: every verb of the Capacity Atlas (`atlas --help`, `atlas VERB --help`)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from atlas.build.project import ASSESSMENTS, CATALOG, CEE_SURVEY, OUTPUT, PUBLISH_SETTINGS, ROOT, SETTINGS

AS_OF_HELP = "the as-of date, YYYY-MM-DD (default: ATLAS_AS_OF, SOURCE_DATE_EPOCH's day, or today)"


def _build(args) -> None:
    from atlas.build.runner import build_site

    build_site(args.assessments, args.output, args.as_of, PUBLISH_SETTINGS if args.publish else SETTINGS)
    print(f"Site written to {args.output}")


def _serve(args) -> None:
    from atlas.build.serve import serve

    serve(args.port, args.assessments, args.output, args.as_of)


def _validate(args) -> None:
    from atlas.ingest.catalog import load_catalog
    from atlas.ingest.validation import check_files
    from atlas.model.asof import resolve_as_of
    from atlas.tools.validation_report import report

    files = [str(path) for path in args.files] or None
    problems, checked = check_files(load_catalog(CATALOG), args.assessments, resolve_as_of(args.as_of), files)
    print(report(problems, checked))
    if problems:
        raise SystemExit(1)


def _new(args) -> None:
    from atlas.ingest.catalog import load_catalog
    from atlas.ingest.jsonschema import SCHEMA_PATH
    from atlas.model.asof import resolve_as_of
    from atlas.model.vocab import slug_for
    from atlas.tools.scaffold import (
        ScaffoldError,
        SessionDetails,
        add_snapshot,
        check_slug,
        gather_header,
        new_file_text,
    )

    catalog, as_of, folder = load_catalog(CATALOG), resolve_as_of(args.as_of), args.assessments
    ask = input if sys.stdin.isatty() else None
    assessed_by = args.assessed_by
    try:
        if assessed_by is None and ask is not None:
            assessed_by = ask("Who took part (such as: Board and two active volunteers; Enter to skip): ")
        date = dt.date.fromisoformat(args.date) if args.date else as_of
        session = SessionDetails(date, assessed_by or "", args.consultation)
        if args.snapshot:
            path = folder / f"{args.snapshot}.yaml"
            if not path.is_file():
                raise ScaffoldError(f"{path} does not exist; start a new file with atlas new --name ...")
            text = add_snapshot(path, catalog, as_of, session)
        else:
            given = {key: getattr(args, key) for key in ("name", "kind", "regions", "countries", "languages")}
            header = gather_header(catalog, given, ask)
            slug = args.slug or slug_for(header.name)
            check_slug(slug)
            path = folder / f"{slug}.yaml"
            if path.exists():
                raise ScaffoldError(
                    f"{path} exists; to update it, add a snapshot: atlas new --snapshot {slug}"
                )
            schema_ref = Path(os.path.relpath(ROOT / SCHEMA_PATH, folder.resolve())).as_posix()
            text = new_file_text(catalog, header, session, schema_ref)
    except ScaffoldError as error:
        raise SystemExit(f"atlas new: {error}") from None
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}. Fill it in, then check it: atlas validate {path}")


def _schema(args) -> None:
    from atlas.ingest.catalog import load_catalog
    from atlas.ingest.jsonschema import SCHEMA_PATH, assessment_schema_text

    path = ROOT / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(assessment_schema_text(load_catalog(CATALOG)), encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}")


def _diff(args) -> None:
    from atlas.ingest.catalog import load_catalog
    from atlas.model.asof import resolve_as_of
    from atlas.tools.review import describe_changes

    folder = ASSESSMENTS.relative_to(ROOT).as_posix()
    print(describe_changes(ROOT, args.base, load_catalog(CATALOG), resolve_as_of(args.as_of), folder), end="")


def _synth(args) -> None:
    from atlas.ingest.catalog import load_catalog
    from atlas.model.asof import resolve_as_of
    from atlas.tools.synth import synthesize

    catalog, as_of = load_catalog(CATALOG), resolve_as_of(args.as_of)
    written = synthesize(catalog, args.entities, args.seed, args.out, as_of)
    print(f"Wrote {len(written)} fictional assessment files to {args.out}")


def _bench(args) -> None:
    from atlas.tools.bench import run

    run(args.entities, max(3, args.repeats), args.large, args.out, args.keep, args.search)


def _import_cee(args) -> None:
    from atlas.tools.cee import convert

    for name, text in convert(args.csv).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")


def _translations(args) -> None:
    import datetime as dt

    from atlas.ingest.catalog import load_catalog
    from atlas.model.asof import resolve_as_of
    from atlas.site.languages import LOCALE_DIR, TRANSLATED
    from atlas.tools.translations import update

    when = dt.datetime.combine(resolve_as_of(args.as_of), dt.time(), dt.UTC)
    for path in update(LOCALE_DIR, load_catalog(CATALOG), list(TRANSLATED), when):
        print(f"Wrote {path.relative_to(ROOT)}")


def _folders(parser: argparse.ArgumentParser, output: bool = False) -> None:
    parser.add_argument("--assessments", type=Path, default=ASSESSMENTS, help="folder of assessment files")
    if output:
        parser.add_argument(
            "--output", type=Path, default=OUTPUT, help="where the site goes (default output/)"
        )
    parser.add_argument("--as-of", help=AS_OF_HELP)


def parser() -> argparse.ArgumentParser:
    """Every verb with its options."""
    main = argparse.ArgumentParser(prog="atlas", description=__doc__)
    verbs = main.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    sub = verb("build", _build, "Validate every assessment file and build the site.")
    _folders(sub, output=True)
    sub.add_argument("--publish", action="store_true", help="publishconf.py: absolute URLs and feeds")
    sub = verb("serve", _serve, "Build, serve on localhost and rebuild whenever an input changes.")
    _folders(sub, output=True)
    sub.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    sub = verb("validate", _validate, "Check assessment files: the ones named, else all of them.")
    sub.add_argument("files", nargs="*", type=Path, metavar="FILE", help="assessment files to check")
    _folders(sub)
    sub = verb("new", _new, "Start a group's assessment file (asks for what is missing), or add a snapshot.")
    sub.add_argument("--name", help="the group's display name")
    sub.add_argument(
        "--kind", help="wiki-community, user-group, chapter, thematic-organization, hub or other"
    )
    sub.add_argument("--regions", help="region ids, separated by commas (such as nwe or ceeca,global)")
    sub.add_argument("--countries", help="ISO country codes, separated by commas (such as SE)")
    sub.add_argument("--languages", help="Wikimedia language codes, separated by commas (such as sv,se)")
    sub.add_argument("--slug", help="file name and permanent id (default: made from the name)")
    sub.add_argument("--snapshot", metavar="SLUG", help="add a dated snapshot to assessments/SLUG.yaml")
    sub.add_argument("--assessed-by", help="who took part in the assessment")
    sub.add_argument("--consultation", default="group", help="group (default), individual or survey")
    sub.add_argument("--date", help="the assessment's date, YYYY-MM-DD (default: the as-of date)")
    _folders(sub)
    verb("schema", _schema, "Regenerate schema/assessment.schema.json from the model.")
    sub = verb("diff", _diff, "Describe what changed in the assessment files since a git ref, as Markdown.")
    sub.add_argument("base", help="git ref to compare with, such as origin/main")
    sub.add_argument("--as-of", help=AS_OF_HELP)
    sub = verb("synth", _synth, "Write clearly fictional assessment files for demos and benchmarks.")
    sub.add_argument("--entities", type=int, default=100, help="how many fictional entities (default 100)")
    sub.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    sub.add_argument("--out", type=Path, default=Path("synthetic"), help="folder to write them to")
    sub.add_argument("--as-of", help="date the newest ratings lead up to")
    sub = verb("bench", _bench, "Time cold, no-change and one-edit builds against plain Pelican.")
    sub.add_argument("--entities", type=int, default=1000, help="fictional entities (default 1000)")
    sub.add_argument("--repeats", type=int, default=3, help="runs of each kind of build (at least 3)")
    sub.add_argument("--large", type=int, default=0, help="also time cold builds of this many entities")
    sub.add_argument("--out", type=Path, help="JSON file for the results")
    sub.add_argument("--keep", action="store_true", help="keep the scratch folder with data and sites")
    sub.add_argument("--no-search", dest="search", action="store_false", help="leave the search index out")
    sub = verb(
        "translations", _translations, "Extract the catalog's texts to translate; update each language."
    )
    sub.add_argument("--as-of", help="the date the files are stamped with (default: as for every verb)")
    sub = verb("import-cee", _import_cee, "Convert the CCM/CEE Survey 2018 results into assessment files.")
    sub.add_argument("--csv", type=Path, default=CEE_SURVEY, help="the survey results file")
    sub.add_argument("--out", type=Path, default=ASSESSMENTS, help="folder for the assessment files")
    return main


def main(argv: list[str] | None = None) -> None:
    """Run one verb; a failed build or check exits with status 1 and says why on stderr."""
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except SystemExit as stop:
        if stop.code not in (None, 0) and str(stop) not in ("", "1"):
            print(stop, file=sys.stderr)
            raise SystemExit(1) from None
        raise


if __name__ == "__main__":
    main()
