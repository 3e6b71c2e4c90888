"""The `theano` logger and its default handler, set up as Theano 1.0.5's `theano/__init__.py` does.

Loggers under "theano." (theano.printing, theano.scan_module.scan, ...) print `LEVEL (name): message`
to stderr, WARNING and above, unless the application configured a handler for them already.
"""
from __future__ import annotations

import logging


def has_handlers(logger: logging.Logger) -> bool:
    """Whether `logger` or an ancestor it propagates to has a handler."""
    current: logging.Logger | None = logger
    while current is not None:
        if current.handlers:
            return True
        if not current.propagate:
            return False
        current = current.parent  # type: ignore[assignment]
    return False


theano_logger = logging.getLogger("theano")
logging_default_handler = logging.StreamHandler()
logging_default_formatter = logging.Formatter(fmt="%(levelname)s (%(name)s): %(message)s")
logging_default_handler.setFormatter(logging_default_formatter)
theano_logger.setLevel(logging.WARNING)
if not has_handlers(theano_logger):
    theano_logger.addHandler(logging_default_handler)


def disable_log_handler(logger: logging.Logger = theano_logger,
                        handler: logging.Handler = logging_default_handler) -> None:
    """Remove Theano's default handler (for applications that configure logging themselves)."""
    if has_handlers(logger):
        logger.removeHandler(handler)
