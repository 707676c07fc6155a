"""Command module (registers on the shared app when filled in)."""
from __future__ import annotations

from . import app  # noqa: F401
