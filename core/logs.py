"""Logging as the doors set it up: the command line, the API server and the app configure it; core/ only logs."""

from __future__ import annotations

import logging
import sys

# The project's loggers: every module logs through logging.getLogger(__name__).
PROJECT_LOGGERS = ("core", "pages")
PLAIN = "%(message)s"
DETAILED = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: int = logging.INFO, form: str = PLAIN) -> None:
    """The project's messages at `level` and above on stderr; calling it again only sets the level."""
    for name in PROJECT_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.propagate = False
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(form))
            logger.addHandler(handler)


def uvicorn_config() -> dict:
    """uvicorn's own logging settings, with the project's loggers beside its own (each worker applies them)."""
    from uvicorn.config import LOGGING_CONFIG

    return {
        **LOGGING_CONFIG,
        "formatters": {**LOGGING_CONFIG["formatters"], "project": {"format": DETAILED}},
        "handlers": {
            **LOGGING_CONFIG["handlers"],
            "project": {"class": "logging.StreamHandler", "formatter": "project", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            **LOGGING_CONFIG["loggers"],
            **{name: {"handlers": ["project"], "level": "INFO", "propagate": False} for name in PROJECT_LOGGERS},
        },
    }
