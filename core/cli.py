"""The command line: `python -m core build | fetch | synth | query | recommend`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from core import config
from core.errors import DataError, NotFound

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


def _print_progress(progress) -> None:
    print(f"  {progress.stage}: {progress.rows:,} rows in {progress.seconds:.1f} s", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from core.pipeline import build

    raw_dir = Path(args.raw) if args.raw else config.raw_dir()
    out_dir = Path(args.out) if args.out else config.catalog_dir()
    if not args.quiet:
        print(f"Building the catalog from {raw_dir} into {out_dir}", file=sys.stderr)
    manifest = build(raw_dir, out_dir, progress=None if args.quiet else _print_progress, workers=2)
    if not args.quiet:
        dropped = sum(step["dropped"] for step in manifest["steps"] if step["step"].startswith("movies"))
        print(
            f"Done: {manifest['movies']:,} movies ({dropped:,} rows dropped) in {manifest['build_seconds']} s",
            file=sys.stderr,
        )
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from core.fetch import fetch

    out_dir = Path(args.out) if args.out else config.fetch_dir()
    placed = fetch(out_dir, report=lambda line: print(line, file=sys.stderr))
    print(
        f"Done: {', '.join(path.name for path in placed)} in {out_dir}; now run `python -m core build`", file=sys.stderr
    )
    return 0


def _synth(args: argparse.Namespace) -> int:
    from core.synth import write_raw_files

    write_raw_files(Path(args.out), movies=args.movies, seed=args.seed)
    return 0


def _print_result(payload: dict, sentence: str, as_json: bool) -> None:
    print(json.dumps(payload, ensure_ascii=False) if as_json else sentence)


def _query(args: argparse.Namespace) -> int:
    from core import catalog, queries

    loaded = catalog.load(Path(args.catalog) if args.catalog else config.catalog_dir())
    result = queries.QUERIES[args.function](loaded, args.argument)
    _print_result(queries.as_json(result), result.mensaje, args.json)
    return 0


def _recommend(args: argparse.Namespace) -> int:
    from core import catalog, recommender
    from core.search import TitleSearch

    folder = Path(args.catalog) if args.catalog else config.catalog_dir()
    loaded = catalog.load(folder)
    movie = TitleSearch(loaded).search(args.title).chosen()
    similar = recommender.load(folder, loaded.movies).similar_movies(movie.row, k=args.k)
    payload = {
        "consulta": args.title,
        "pelicula": {"id": movie.id, "titulo": movie.titulo, "anio": movie.anio},
        "recomendaciones": [asdict(item) for item in similar],
    }
    lines = [f"Parecidas a {movie.etiqueta}:"] + [
        f"  {r.titulo} ({r.anio}) — {r.puntaje:.2f} — {r.razon}" for r in similar
    ]
    _print_result(payload, "\n".join(lines), args.json)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description="Filmoteca: catalog, queries and recommender.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the catalog and models from the raw Kaggle files")
    build.add_argument(
        "--raw", help=f"folder with the raw files (default: ${config.RAW_DIR_VAR}, data/raw or the sample)"
    )
    build.add_argument("--out", help=f"output folder (default: ${config.CATALOG_DIR_VAR} or data/catalog)")
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.set_defaults(run=_build)

    fetch = commands.add_parser("fetch", help="download the full Kaggle dataset (three files) into data/raw")
    fetch.add_argument("--out", help=f"where to put the files (default: ${config.RAW_DIR_VAR} or data/raw)")
    fetch.set_defaults(run=_fetch)

    synth = commands.add_parser("synth", help="write synthetic raw files in the Kaggle format")
    synth.add_argument("--movies", type=int, required=True, help="number of movies")
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--seed", type=int, default=0)
    synth.set_defaults(run=_synth)

    from core.queries import QUERIES

    query = commands.add_parser("query", help="answer one of the six course queries")
    query.add_argument("function", choices=list(QUERIES))
    query.add_argument("argument", help="the name, title, language or country to look up")
    _add_catalog_options(query)
    query.set_defaults(run=_query)

    recommend = commands.add_parser("recommend", help="five movies like the one you name")
    recommend.add_argument("title", help="a title, optionally with its year: 'Hamlet 1996'")
    recommend.add_argument("-k", type=int, default=5, help="how many recommendations (default 5)")
    _add_catalog_options(recommend)
    recommend.set_defaults(run=_recommend)
    return parser


def _add_catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--catalog", help=f"built catalog folder (default: ${config.CATALOG_DIR_VAR} or data/catalog)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except NotFound as error:
        payload = {"error": str(error), "sugerencias": error.suggestions}
        lines = [str(error)] + [f"¿Quisiste decir: {', '.join(error.suggestions)}?"] * bool(error.suggestions)
        _print_result(payload, "\n".join(lines), getattr(args, "json", False))
        return EXIT_NOT_FOUND
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
