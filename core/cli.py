"""The command line: `python -m core build | synth`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import config
from core.errors import DataError

EXIT_BAD_INPUT = 2


def _print_progress(progress) -> None:
    print(f"  {progress.stage}: {progress.rows:,} rows in {progress.seconds:.1f} s", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from core.pipeline import build

    raw_dir = Path(args.raw) if args.raw else config.raw_dir()
    out_dir = Path(args.out) if args.out else config.catalog_dir()
    if not args.quiet:
        print(f"Building the catalog from {raw_dir} into {out_dir}", file=sys.stderr)
    manifest = build(raw_dir, out_dir, progress=None if args.quiet else _print_progress)
    if not args.quiet:
        dropped = sum(step["dropped"] for step in manifest["steps"] if step["step"].startswith("movies"))
        print(
            f"Done: {manifest['movies']:,} movies ({dropped:,} rows dropped) in {manifest['build_seconds']} s",
            file=sys.stderr,
        )
    return 0


def _synth(args: argparse.Namespace) -> int:
    from core.synth import write_raw_files

    write_raw_files(Path(args.out), movies=args.movies, seed=args.seed)
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

    synth = commands.add_parser("synth", help="write synthetic raw files in the Kaggle format")
    synth.add_argument("--movies", type=int, required=True, help="number of movies")
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--seed", type=int, default=0)
    synth.set_defaults(run=_synth)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
