"""The command line: `python -m core build | fetch | synth | query | recommend | describe | top | evaluate | serve`."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import signal
import sys
import threading
import types
import typing
from dataclasses import replace
from pathlib import Path

from core import config, logs
from core.errors import BadRequest, DataError, NotFound
from core.i18n import LANGUAGES, words
from core.requests import (
    Ask,
    DescribeRequest,
    QueryRequest,
    RecommendRequest,
    TopRequest,
    asks,
    check,
    help_of,
    ids_from,
)

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C

logger = logging.getLogger(__name__)
ENGLISH = words("en")  # the command line's help and usage errors


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
    placed = fetch(out_dir, ratings=args.ratings)  # each file, and a pair of ratings left out, said in the log
    logger.info("Done: %s in %s; now run `python -m core build`", ", ".join(path.name for path in placed), out_dir)
    return 0


def _synth(args: argparse.Namespace) -> int:
    from core.build.synth import write_raw_files

    write_raw_files(Path(args.out), movies=args.movies, seed=args.seed, ratings=args.ratings)
    return 0


def _answer(request_type: type):
    """A command that answers one request: built from the options of its fields, asked of the service,
    printed as JSON (--json) or as text in the --lang language."""

    def run(args: argparse.Namespace) -> int:
        from core.service import Service, as_json, dumps, said

        asked = request_type(**{each.name: getattr(args, each.name) for each in dataclasses.fields(request_type)})
        service = Service.load(_catalog_folder(args))
        try:
            result = getattr(service, _QUESTIONS[request_type])(asked)
        except NotFound as error:
            result = error
        print(dumps(as_json(result)) if args.json else said(result, words(args.lang)))
        return EXIT_NOT_FOUND if isinstance(result, NotFound) else 0

    return run


_QUESTIONS = {QueryRequest: "query", RecommendRequest: "recommend", TopRequest: "top", DescribeRequest: "describe"}


def _catalog_folder(args: argparse.Namespace) -> Path:
    return Path(args.catalog) if args.catalog else config.catalog_dir()


def _evaluate(args: argparse.Namespace) -> int:
    import tempfile

    from core import schema
    from core.build import evaluate, ratings
    from core.build.pipeline import learn
    from core.service import dumps

    folder = schema.require(_catalog_folder(args))
    raw_dir = Path(args.raw) if args.raw else config.raw_dir()
    if (pair := ratings.find(raw_dir)) is None:
        raise DataError("evaluate.no_ratings", folder=str(raw_dir))
    with tempfile.TemporaryDirectory(prefix="filmoteca-evaluate-") as scratch:  # what is learnt, as the build does
        _, figures = learn(folder, Path(scratch), pair)
    if figures is None:
        raise DataError("evaluate.nobody", count=evaluate.MIN_LIKED)
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
    parser = argparse.ArgumentParser(prog="python -m core", description=ENGLISH("cli.help.description"))
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help=ENGLISH("cli.help.build"))
    build.add_argument("--raw", help=ENGLISH("cli.help.raw", variable=config.RAW_DIR_VAR))
    build.add_argument("--out", help=ENGLISH("cli.help.out", variable=config.CATALOG_DIR_VAR))
    build.add_argument("--quiet", action="store_true", help=ENGLISH("cli.help.quiet"))
    build.set_defaults(run=_build)

    fetch = commands.add_parser("fetch", help=ENGLISH("cli.help.fetch"))
    fetch.add_argument("--out", help=ENGLISH("cli.help.fetch_out", variable=config.RAW_DIR_VAR))
    fetch.add_argument("--ratings", choices=("full", "small"), default="full", help=ENGLISH("cli.help.fetch_ratings"))
    fetch.set_defaults(run=_fetch)

    synth = commands.add_parser("synth", help=ENGLISH("cli.help.synth"))
    synth.add_argument("--movies", type=int, required=True, help=ENGLISH("cli.help.movies"))
    synth.add_argument("--out", required=True, help=ENGLISH("cli.help.synth_out"))
    synth.add_argument("--seed", type=int, default=0, help=ENGLISH("cli.help.seed"))
    synth.add_argument(
        "--ratings", nargs="?", const="small", choices=("small", "full"), help=ENGLISH("cli.help.ratings")
    )
    synth.set_defaults(run=_synth)

    from core.queries import QUERIES

    query = commands.add_parser(
        "query",
        help=ENGLISH("cli.help.query"),
        epilog="; ".join(f"{q.name} {q.argument.upper()}: {q.labels('en').help}" for q in QUERIES.values()),
    )
    query.add_argument("function", choices=list(QUERIES))
    query.add_argument("argument", help=ENGLISH("cli.help.argument"))
    _answering(query, QueryRequest)

    recommend = commands.add_parser(
        "recommend",
        help=ENGLISH("cli.help.recommend"),
    )
    _answering(recommend, RecommendRequest, positional={"titles": "TITLE"})
    describe = commands.add_parser("describe", help=ENGLISH("cli.help.describe"))
    _answering(describe, DescribeRequest, positional={"texto": "TEXT"})
    top = commands.add_parser("top", help=ENGLISH("cli.help.top"))
    _answering(top, TopRequest)

    evaluate = commands.add_parser(
        "evaluate",
        help=ENGLISH("cli.help.evaluate"),
        description=ENGLISH("cli.help.evaluate_how"),
    )
    evaluate.add_argument("--raw", help=ENGLISH("cli.help.evaluate_raw"))
    _add_catalog_options(evaluate)
    evaluate.set_defaults(run=_evaluate)

    serve = commands.add_parser("serve", help=ENGLISH("cli.help.serve"))
    serve.add_argument("--host", default="127.0.0.1", help=ENGLISH("cli.help.host"))
    serve.add_argument("--port", type=int, default=8000, help=ENGLISH("cli.help.port"))
    serve.add_argument("--workers", type=int, default=1, help=ENGLISH("cli.help.workers"))
    serve.add_argument("--access-log", action="store_true", help=ENGLISH("cli.help.access_log"))
    serve.add_argument("--catalog", help=ENGLISH("cli.help.catalog", variable=config.CATALOG_DIR_VAR))
    serve.set_defaults(run=_serve)
    return parser


def _answering(parser: argparse.ArgumentParser, request: type, positional: dict[str, str] | None = None) -> None:
    """A command that answers one request: an argument for each field it asks for (core.requests: its
    type, default, choices and help), and the options every answer takes."""
    positional = positional or {}
    for each, ask, kind in asks(request):
        named = {"help": help_of(ask, ENGLISH)}
        if each.name in positional:
            parser.add_argument(each.name, metavar=positional[each.name], nargs=None if kind is str else "*", **named)
            continue
        flag = ask.flag or f"--{each.name}"
        if isinstance(kind, types.UnionType):  # optional: `int | None`
            kind = next(part for part in typing.get_args(kind) if part is not type(None))
        if kind is bool:
            parser.add_argument(flag, dest=each.name, action="store_true", **named)
        elif typing.get_origin(kind) is tuple:
            parser.add_argument(flag, dest=each.name, type=_ids(each.name, ask.most), default=each.default, **named)
        else:
            choices = {"choices": ask.choices} if ask.choices else {}
            typed = _typed(kind, each.name, ask)
            parser.add_argument(flag, dest=each.name, type=typed, default=each.default, **choices, **named)
    _add_catalog_options(parser)
    parser.add_argument("--lang", choices=list(LANGUAGES), default="es", help=ENGLISH("cli.help.lang"))
    parser.set_defaults(run=_answer(request), parser=parser)


def _add_catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=ENGLISH("cli.help.json"))
    parser.add_argument("--catalog", help=ENGLISH("cli.help.catalog", variable=config.CATALOG_DIR_VAR))


def _typed(kind: type, name: str, ask: Ask):
    """An argparse type: the text as `kind` (a whole number, a number, a text) within the field's bounds,
    else a usage error (exit 2) saying why."""

    def typed(text: str):
        try:
            value = kind(text)
        except ValueError:
            key = "ask.not_whole" if kind is int else "ask.not_a_number"
            raise argparse.ArgumentTypeError(ENGLISH(key, name=name, value=text[:60])) from None
        try:
            check(name, replace(ask, choices=()), value)  # choices: argparse's own message lists them
        except BadRequest as error:
            raise argparse.ArgumentTypeError(error.say("en")) from None
        return value

    return typed


def _ids(name: str, most: int):
    """An argparse type: comma-separated movie ids, at most `most`, else a usage error (exit 2)."""

    def ids(text: str) -> tuple[int, ...]:
        try:
            return ids_from(text, most, name)
        except BadRequest as error:
            raise argparse.ArgumentTypeError(error.say("en")) from None

    return ids


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
    # Long jobs say their stages on stderr; answers keep stdout to themselves.
    talkative = args.command in ("build", "fetch", "synth") and not getattr(args, "quiet", False)
    logs.configure(logging.INFO if talkative else logging.WARNING)
    try:
        with _unwinding_on_sigterm():
            return args.run(args)
    except KeyboardInterrupt:
        print(ENGLISH("cli.interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BadRequest as error:  # a request that asks what cannot be: a usage error, as argparse's own
        args.parser.error(error.say("en"))
    except DataError as error:
        print(ENGLISH("cli.error", said=error.say("en")), file=sys.stderr)
        return EXIT_BAD_INPUT
