"""The ``healthie`` command line (SPEC section 7), laid out as spaCy's: one typer app, a module a command."""

from ._util import app, main
from . import annotate, benchmark, corpus, crossval, evaluate, extract, render, table, train  # noqa: F401  (the commands)

__all__ = ["app", "main"]
