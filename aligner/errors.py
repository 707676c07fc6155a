"""Typed errors. The CLI turns any AlignerError into one line on stderr and exit code 2.

Every message names the file (when there is one) and says what the user can do,
because the message is all a user sees: no traceback reaches them.
"""
from __future__ import annotations


class AlignerError(Exception):
    """Base class of every error the library raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text.replace("\n", " ")


class InputError(AlignerError):
    """A document cannot be read: missing, empty, binary, undecodable, one language only."""


class GlossaryError(AlignerError):
    """A glossary file is malformed; raised before any checking starts."""


class ConfigError(AlignerError):
    """aligner.toml or command options are inconsistent or unknown."""


class OutputError(AlignerError):
    """An output cannot be written (bad extension, unwritable folder, illegal characters under a strict policy)."""
