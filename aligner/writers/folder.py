"""Output folders: refused before the work, not when the first report is written."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError


def check_writable(folder: Path, *, hint: str) -> None:
    """Raise OutputError unless a file can be created in the existing `folder`.

    Permission bits do not tell (ACLs, read-only mounts, root), so a probe file is created and removed.
    """
    try:
        fd, probe = tempfile.mkstemp(prefix=".aligner-probe-", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in this folder: {exc.strerror}", path=str(folder), hint=hint) from None
    os.close(fd)
    os.unlink(probe)
