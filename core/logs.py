"""Logging as the doors set it up: the command line, the API server and the app configure it; core/ only logs."""

from __future__ import annotations

import logging
import sys

# The project's loggers: every module logs through logging.getLogger(__name__).
PROJECT_LOGGERS = ("core", "pages")
PLAIN = "%(message)s"
DETAILED = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _Stderr(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a message comes (a test or a redirection may swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure(level: int = logging.INFO, form: str = PLAIN) -> None:
    """The project's messages at `level` and above on stderr; calling it again only sets the level."""
    for name in PROJECT_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(isinstance(handler, _Stderr) for handler in logger.handlers):
            handler = _Stderr()
            handler.setFormatter(logging.Formatter(form))
            logger.addHandler(handler)


def uvicorn_config() -> dict:
    """uvicorn's own logging settings, with the project's loggers beside its own (each worker applies them)
    and every log on stderr, its access log included (uvicorn writes that one on stdout)."""
    from uvicorn.config import LOGGING_CONFIG

    return {
        **LOGGING_CONFIG,
        "formatters": {**LOGGING_CONFIG["formatters"], "project": {"format": DETAILED}},
        "handlers": {
            **LOGGING_CONFIG["handlers"],
            "access": {**LOGGING_CONFIG["handlers"]["access"], "stream": "ext://sys.stderr"},
            "project": {"class": "logging.StreamHandler", "formatter": "project", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            **LOGGING_CONFIG["loggers"],
            **{name: {"handlers": ["project"], "level": "INFO", "propagate": False} for name in PROJECT_LOGGERS},
        },
    }
