"""The command line: `python -m core build | fetch | synth | query | recommend | describe | top | evaluate | serve`."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from pathlib import Path

from core import config, logs
from core.errors import DataError, NotFound
from core.limits import MAX_EXCLUDED, MAX_EXCLUDED_POSTED, MAX_LIKED_IDS, MAX_RECOMMENDATIONS, MAX_TOP, MODES, id_list

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C

logger = logging.getLogger(__name__)


def _within(low: int, high: int):
    """An argparse type: a whole number from low to high, else a usage error (exit 2), as the API refuses it."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return number


def _share(text: str) -> float:
    """An argparse type: a number from 0 to 1 (as the API's popularidad), else a usage error (exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1") from None
    if not 0 <= value <= 1:  # NaN too
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1")
    return value


def _ids(most: int):
    """An argparse type: comma-separated movie ids, at most `most`, else a usage error (exit 2)."""

    def ids(text: str) -> list[int]:
        try:
            return id_list(text, most)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return ids


def _build(args: argparse.Namespace) -> int:
    from core.build import build

    raw_dir = Path(args.raw) if args.raw else config.raw_dir()
    out_dir = Path(args.out) if args.out else config.catalog_dir()
    logger.info("Building the catalog from %s into %s", raw_dir, out_dir)
    manifest = build(raw_dir, out_dir, workers=2)
    dropped = sum(step["dropped"] for step in manifest["steps"] if step["step"].startswith("movies"))
    logger.info(
        "Done: %s movies (%s rows dropped) in %s s",
        f"{manifest['movies']:,}",
        f"{dropped:,}",
        manifest["build_seconds"],
    )
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from core.build.fetch import fetch

    out_dir = Path(args.out) if args.out else config.fetch_dir()
    placed = fetch(out_dir)
    logger.info("Done: %s in %s; now run `python -m core build`", ", ".join(path.name for path in placed), out_dir)
    return 0


def _synth(args: argparse.Namespace) -> int:
    from core.build.synth import write_raw_files

    write_raw_files(Path(args.out), movies=args.movies, seed=args.seed, ratings=args.ratings)
    return 0


def _print(answer, as_json: bool) -> None:
    from core.service import dumps

    print(dumps(answer.payload) if as_json else answer.text)


def _catalog_folder(args: argparse.Namespace) -> Path:
    return Path(args.catalog) if args.catalog else config.catalog_dir()


def _query(args: argparse.Namespace) -> int:
    from core import catalog, service

    loaded = catalog.load(_catalog_folder(args), skip=catalog.DISPLAY_ONLY)
    _print(service.query(loaded, args.function, args.argument), args.json)
    return 0


def _recommend(args: argparse.Namespace) -> int:
    from core.service import Service

    filters = {"desde": args.desde, "hasta": args.hasta, "genero": args.genero, "idioma": args.idioma}
    filters |= {"excluir": args.excluir, "popularidad": args.popularidad, "diversas": args.diversas}
    filters["modo"] = args.modo
    service = Service.load(_catalog_folder(args))
    if args.ids:
        _print(service.recommend_ids(args.ids, k=args.k, **filters), args.json)
        return 0
    titles = args.titles[0] if len(args.titles) == 1 else args.titles
    _print(service.recommend(titles, k=args.k, **filters), args.json)
    return 0


def _describe(args: argparse.Namespace) -> int:
    from core.service import Service

    _print(Service.load(_catalog_folder(args)).describe(args.text, args.k), args.json)
    return 0


def _top(args: argparse.Namespace) -> int:
    from core import catalog, service

    loaded = catalog.load(_catalog_folder(args), skip=catalog.DISPLAY_ONLY)
    _print(service.top(loaded, args.genero, args.desde, args.hasta, args.n, args.excluir, args.diversas), args.json)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from core import catalog, recommender
    from core.build import evaluate, ratings
    from core.service import dumps

    folder = _catalog_folder(args)
    loaded = catalog.load(folder, skip=catalog.DISPLAY_ONLY)
    raw_dir = Path(args.raw) if args.raw else config.raw_dir()
    if (paths := ratings.find(raw_dir)) is None:
        raise DataError("evaluate.no_ratings", folder=str(raw_dir))
    _, _, kept = ratings.read_ratings(*paths, loaded.movies)  # as the build reads them
    figures = evaluate.evaluate(recommender.load_model(folder), loaded.movies, kept)
    print(dumps(figures) if args.json else evaluate.table(figures))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from core import api, schema

    api.serve(
        schema.require(_catalog_folder(args)),
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
    )
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
    synth.add_argument("--ratings", action="store_true", help="also ratings_small.csv and links_small.csv")
    synth.set_defaults(run=_synth)

    from core.queries import QUERIES

    query = commands.add_parser(
        "query",
        help="answer one of the six course queries",
        epilog="; ".join(f"{q.name} {q.argument.upper()}: {q.labels('en').help}" for q in QUERIES.values()),
    )
    query.add_argument("function", choices=list(QUERIES))
    query.add_argument("argument", help="what the function looks up (below)")
    _add_catalog_options(query)
    query.set_defaults(run=_query)

    recommend = commands.add_parser(
        "recommend",
        help="five movies like the one (or up to five) you name, or that the people who liked it also liked",
    )
    recommend.add_argument(
        "titles", nargs="*", metavar="TITLE", help="a title, optionally with its year: 'Hamlet 1996'"
    )
    recommend.add_argument(
        "--ids", type=_ids(MAX_LIKED_IDS), help=f"instead of titles, 1–{MAX_LIKED_IDS} TMDB ids: 862,8844"
    )
    recommend.add_argument(
        "--modo",
        choices=MODES,
        default=MODES[0],
        help="parecidas: movies like it (default); gustos: what the people who liked it also liked",
    )
    recommend.add_argument(
        "--excluir",
        type=_ids(MAX_EXCLUDED_POSTED),
        default=[],
        help=f"ids never to recommend (already seen; up to {MAX_EXCLUDED_POSTED:,})",
    )
    recommend.add_argument(
        "-k",
        type=_within(1, MAX_RECOMMENDATIONS),
        default=5,
        help=f"how many recommendations (1–{MAX_RECOMMENDATIONS}, default 5)",
    )
    recommend.add_argument("--desde", type=int, help="only movies released this year or later")
    recommend.add_argument("--hasta", type=int, help="only movies released this year or earlier")
    recommend.add_argument("--genero", help="only movies of this genre (Animation, Animación)")
    recommend.add_argument("--idioma", help="only movies in this original language (en, francés)")
    recommend.add_argument(
        "--popularidad",
        type=_share,
        help="from 0 (hidden gems) to 1 (well-known movies); 0.5 or none: the recommender as tuned",
    )
    recommend.add_argument("--diversas", action="store_true", help="at most one movie per collection")
    _add_catalog_options(recommend)
    recommend.set_defaults(run=_recommend)

    describe = commands.add_parser("describe", help="the movies that best match a description of their plot")
    describe.add_argument("text", help="what the movie is about, in English: 'a shark terrorizes a beach town'")
    describe.add_argument("-k", type=_within(1, MAX_TOP), default=10, help=f"how many movies (1–{MAX_TOP}, default 10)")
    _add_catalog_options(describe)
    describe.set_defaults(run=_describe)

    top = commands.add_parser("top", help="the best-rated movies by IMDb's weighted rating")
    top.add_argument("--genero", help="only this genre (as in the data or in Spanish: Animation, Animación)")
    top.add_argument("--desde", type=int, help="released this year or later")
    top.add_argument("--hasta", type=int, help="released this year or earlier")
    top.add_argument("-n", type=_within(1, MAX_TOP), default=10, help=f"how many movies (1–{MAX_TOP}, default 10)")
    top.add_argument("--excluir", type=_ids(MAX_EXCLUDED), default=[], help="ids never to list (already seen)")
    top.add_argument("--diversas", action="store_true", help="at most one movie per collection")
    _add_catalog_options(top)
    top.set_defaults(run=_top)

    evaluate = commands.add_parser(
        "evaluate",
        help="how often each recommender finds the movie people went on to like (HR@10, nDCG@10)",
        description="On the dataset's ratings (ratings_small.csv, links_small.csv): each person's last liked "
        "movie is the one to find, from their last liked movie or up to five; people with userId % 5 == 0 "
        "are held out of everything learnt.",
    )
    evaluate.add_argument("--raw", help="folder with the ratings files (default: as for build)")
    _add_catalog_options(evaluate)
    evaluate.set_defaults(run=_evaluate)

    serve = commands.add_parser("serve", help="the HTTP API: the six queries and the recommender (FastAPI)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes, each with its own catalog (default 1)")
    serve.add_argument("--access-log", action="store_true", help="log every request on stderr (uvicorn's access log)")
    serve.add_argument("--catalog", help=f"built catalog folder (default: ${config.CATALOG_DIR_VAR} or data/catalog)")
    serve.set_defaults(run=_serve)
    return parser


def _add_catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--catalog", help=f"built catalog folder (default: ${config.CATALOG_DIR_VAR} or data/catalog)")


@contextlib.contextmanager
def _unwinding_on_sigterm():
    """A kill (SIGTERM) unwinds like Ctrl-C meanwhile, so a build or a fetch removes what it was writing."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "recommend" and bool(args.titles) == bool(args.ids):
        parser.error("recommend: give titles or --ids (one of the two)")
    # Long jobs say their stages on stderr; answers keep stdout to themselves.
    talkative = args.command in ("build", "fetch", "synth") and not getattr(args, "quiet", False)
    logs.configure(logging.INFO if talkative else logging.WARNING)
    try:
        with _unwinding_on_sigterm():
            return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except NotFound as error:
        from core.service import not_found

        _print(not_found(error), getattr(args, "json", False))
        return EXIT_NOT_FOUND
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
