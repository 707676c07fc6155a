"""A signature stamped into every result, as sacrebleu does: version plus the settings that shaped it.

Two reports can only be compared when their signatures agree; a hash of each glossary
file makes a silently edited glossary visible.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def signature(settings: dict, files: dict[str, str | Path] | None = None) -> dict:
    """Return a JSON-able signature: {"tool", "version", "settings", "files", "text"}."""
    hashed = {name: file_hash(p) for name, p in (files or {}).items()}
    parts = [f"aligner:{__version__}"]
    parts += [f"{k}:{settings[k]}" for k in sorted(settings)]
    parts += [f"{Path(k).name}@{v}" for k, v in sorted(hashed.items())]
    return {"tool": "aligner", "version": __version__, "settings": dict(settings), "files": hashed,
            "text": "|".join(parts)}
