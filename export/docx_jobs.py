"""Making the Word documents in worker processes while the build renders pages (or here, with no worker)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from gonghui_core.build_context import AUTO


class DocumentError(RuntimeError):
    """A page's document failed; the message names the page (title and file)."""


def worker_count(setting: int | str, command: str) -> int:
    """Worker processes for a docx_workers setting: auto is 1 for `build` on a machine with more than one core, else 0."""
    if setting != AUTO:
        return int(setting)
    return 1 if command == "build" and (os.cpu_count() or 1) > 1 else 0


def _failed(label: str, exc: Exception) -> DocumentError:
    """The error of a failed document, naming its page."""
    return DocumentError(f"生成 Word 文档失败：{label}：{exc}")


class DocumentJobs:
    """Runs document jobs: in ``workers`` spawned processes, or at once in this one (0)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list = []

    def run(self, label: str, function, *args, **kwargs) -> None:
        """Run function(*args, **kwargs) for the page named label (a failure in this process: DocumentError now)."""
        if self.workers == 0:
            try:
                function(*args, **kwargs)
            except Exception as exc:
                raise _failed(label, exc) from exc
            return
        if self.pool is None:  # spawn, not fork: the build process may hold threads and locks
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        self.pending.append((label, self.pool.submit(function, *args, **kwargs)))

    def wait(self) -> None:
        """Wait for every job; the first failure raises DocumentError. The workers are stopped either way."""
        try:
            for label, future in self.pending:
                try:
                    future.result()
                except Exception as exc:
                    raise _failed(label, exc) from exc
        finally:
            self.stop()

    def stop(self) -> None:
        """Shut the workers down (cancelling what they have not started)."""
        pool, self.pool, self.pending = self.pool, None, []
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
