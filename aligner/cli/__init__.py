"""One Typer app; each command lives in its own module as a thin *_cli wrapper over a library call."""
from __future__ import annotations

import sys

import typer

from ..errors import AlignerError

app = typer.Typer(
    name="aligner",
    help="Align Chinese→Japanese documents, QA the translation, export TMX and review reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on `app` when imported.
from . import inspect_cmd, align_cmd, check_cmd, eval_cmd, review_cmd, batch_cmd, analyze_cmd  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Entry point: library errors become one line on stderr and exit code 2, never a traceback."""
    try:
        app(args=argv, standalone_mode=True)
    except AlignerError as exc:
        print(f"aligner: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("aligner: interrupted", file=sys.stderr)
        sys.exit(130)
