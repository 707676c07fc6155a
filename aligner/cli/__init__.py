"""One Typer app; each command lives in its own module as a thin *_cli wrapper over a library call."""
from __future__ import annotations

import os
import sys

import typer
# Typer ships its own copy of click; its exceptions are the ones raised here.
from typer._click import exceptions as click_exc

from ..errors import AlignerError


class _PlainHelp:
    """Help without Python types: Typer shows `--help <bool>` as if the flag took a value, and an
    argument named FILE as `FILE <list[str]>`; the name says what to give, the type only confuses."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None
                # Usage reads `FILE...`, as in other tools, not `{FILE}...` (Typer's mark for required).
                if param.required:
                    param._usage_display_name = (lambda p=param: p.display_name_raw + ("..." if p.nargs != 1 else ""))
        return params


class _Command(_PlainHelp, typer.core.TyperCommand):
    def invoke(self, ctx):
        # Typer turns Ctrl-C into a silent exit 130; as Abort it reaches main(), which says so.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise typer.Abort() from None


class _Group(_PlainHelp, typer.core.TyperGroup):
    pass


app = typer.Typer(
    cls=_Group,
    name="aligner",
    help="Align Chinese→Japanese documents, QA the translation, export TMX and review reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on `app` when imported.
from . import inspect_cmd, align_cmd, check_cmd, eval_cmd, review_cmd, batch_cmd, analyze_cmd  # noqa: E402,F401

for _info in [*app.registered_commands, *(c for g in app.registered_groups for c in g.typer_instance.registered_commands)]:
    if _info.cls in (None, typer.core.TyperCommand):
        _info.cls = _Command
for _group in app.registered_groups:
    _group.typer_instance.info.cls = _group.typer_instance.info.cls or _Group


def _command_help(line: str, argv: list[str] | None) -> str:
    """A library error that ends pointing at `--help` names the command's help, as usage errors do.

    The library does not know which command read the files; the command line does.
    """
    words = [w for w in (sys.argv[1:] if argv is None else argv) if not w.startswith("-")]
    if not line.endswith("see --help)") or not words or words[0] not in {c.name for c in app.registered_commands}:
        return line
    return line[: -len("see --help)")] + f"see 'aligner {words[0]} --help')"


def main(argv: list[str] | None = None) -> None:
    """Entry point: library errors become one line on stderr and exit code 2, never a traceback."""
    try:
        code = app(args=argv, standalone_mode=False, prog_name="aligner")
    except click_exc.NoArgsIsHelpError as exc:
        # `aligner` or `aligner review` with nothing after it: the help is what the user wants.
        print(exc.ctx.get_help() if exc.ctx else str(exc))
        sys.exit(0)
    except click_exc.UsageError as exc:
        # Usage errors stay one line too, naming the command and pointing at its help.
        cmd = exc.ctx.command_path if exc.ctx else "aligner"
        message = exc.format_message().replace("\n", " ")
        print(f"aligner: error: {message} (see '{cmd} --help')", file=sys.stderr)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        print("aligner: interrupted", file=sys.stderr)
        sys.exit(130)
    except AlignerError as exc:
        print(f"aligner: error: {_command_help(exc.one_line(), argv)}", file=sys.stderr)
        sys.exit(2)
    except OSError as exc:
        # What the library did not foresee (a full disk, a name too long, a permission deep in a
        # folder) still names the file in one line; a traceback tells a user nothing they can act on.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"aligner: error: {where}{exc.strerror or exc} (check the path, its permissions and the free disk "
              "space)", file=sys.stderr)
        sys.exit(2)
    except click_exc.ClickException as exc:
        print(f"aligner: error: {exc.format_message()}".replace("\n", " "), file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug must not pass for findings (exit 1)
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        # One line, as `aligner batch` lists such a document; exit 2 so a CI gate cannot mistake a
        # crash for QA findings.
        args = list(argv if argv is not None else sys.argv[1:])
        command = " ".join(args[:2] if args[:1] == ["review"] else args[:1])
        message = f"{type(exc).__name__}: {exc}".replace("\n", " ")
        print(f"aligner: error: internal error in 'aligner {command}': {message} (a bug in aligner: rerun with "
              "ALIGNER_DEBUG=1 to see the traceback, and report it with the input)", file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
