"""Writing files in one step: a reader sees the old content or the new, never half of it.

Every writer goes through a temporary file in the target's folder (same file
system, so ``os.replace`` is atomic) that is removed again when anything
fails; the old file is then left as it was. Used by the importer, the
checker's ``--fix`` and the Word writer's cache.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["copy_atomic", "write_atomic"]


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Replace a file's content with data (str is written as UTF-8 with the line endings it has).

    Creates missing parent folders; keeps the old file's permission bits
    (0o644 for a new file). Returns the path.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return _replace(path, lambda handle: handle.write(payload))


def copy_atomic(src: str | os.PathLike, dst: str | os.PathLike) -> Path:
    """Copy a file's bytes to dst in one step (dst's folders are created). Returns dst."""
    src, dst = Path(src), Path(dst)
    with src.open("rb") as source:
        return _replace(dst, lambda handle: shutil.copyfileobj(source, handle))


def _replace(path: Path, fill) -> Path:
    """Fill a temporary file beside path, flush it to disk and move it over path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
