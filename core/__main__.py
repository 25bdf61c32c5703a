"""`python -m core …`: see `core.cli`."""

from core.cli import main

if __name__ == "__main__":  # not when a build's worker process imports this module again
    raise SystemExit(main())
