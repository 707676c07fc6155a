"""Every command has useful help, and the README's command table names only commands that exist."""
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _commands():
    import typer.main
    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_top_level_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in _commands():
        assert name in result.output


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    import typer.main
    cmd = typer.main.get_command(app).commands[name]
    assert cmd.help and len(cmd.help.strip()) > 20, f"{name} has no real help text"


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`aligner ([a-z]+)", readme))
    assert mentioned, "README names no commands"
    missing = mentioned - set(_commands())
    assert not missing, f"README mentions commands that do not exist: {missing}"


def test_readme_opens_with_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", readme, re.S).group(1)
    cmds = [l.split("#")[0].strip() for l in block.splitlines() if l.split("#")[0].strip()]
    assert len(cmds) == 2
    assert cmds[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["nonsense"], ["batch", "corpora", "--jobs", "0", "-o", "x"], ["align", "f.txt"]])
def test_usage_errors_are_one_line_exit_2(args, tmp_path):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error:"), r.stderr
    assert "--help" in lines[0]


def test_bare_command_group_shows_help():
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "aligner"], capture_output=True, text=True)
    assert r.returncode == 0 and "Usage" in r.stdout


@pytest.mark.parametrize("name", ["inspect", "align", "check", "eval", "analyze", "batch"])
def test_options_show_what_they_take_not_python_types(name):
    """A flag shown as `--include-unmatched <bool>` invites `--include-unmatched true`, and 'true' then
    becomes an input file; options name their value (FILE, DIR, NAME=VALUE) and flags show none."""
    result = runner.invoke(app, [name, "--help"], terminal_width=160, env={"COLUMNS": "160"})
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if " --" in line and "--help" not in line]
    assert rows
    for line in rows:
        assert "<bool>" not in line and "<list[" not in line and "<path>" not in line, line
        assert not re.search(r"<(int|float|str)\b", line), line
    if name in ("align", "check", "analyze", "batch"):
        assert any("--output" in line and (" DIR " in line or " FILE " in line) for line in rows)


@pytest.mark.parametrize("args", [[], ["inspect"], ["align"], ["check"], ["eval"], ["analyze"], ["batch"], ["review"],
                                  ["review", "import"]])
def test_help_and_arguments_show_no_python_types(args):
    """`--help <bool>` reads as if --help took a value, `FILE <list[str]>` as if FILE were Python."""
    result = runner.invoke(app, [*args, "--help"], terminal_width=160, env={"COLUMNS": "160"})
    assert result.exit_code == 0
    help_rows = [line for line in result.output.splitlines() if "--help" in line and "Show this message" in line]
    assert len(help_rows) == 1 and "<" not in help_rows[0], help_rows
    for line in result.output.splitlines():
        assert "<list[" not in line and "<path>" not in line, line
    usage = [line for line in result.output.splitlines() if "Usage:" in line]
    assert len(usage) == 1 and "{" not in usage[0], usage  # `FILE...`, not `{FILE}...`
