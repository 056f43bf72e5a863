"""gonghui_core.files: atomic writes leave the old file or the new one, never a temp file."""

from __future__ import annotations

import os
import stat

import pytest

from gonghui_core import files
from gonghui_core.files import copy_atomic, write_atomic


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_text_and_bytes(tmp_path):
    target = tmp_path / "sub" / "page.md"
    assert write_atomic(target, "一、总体情况\r\n（一）工作\n") == target
    assert target.read_bytes() == "一、总体情况\r\n（一）工作\n".encode()
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert _leftovers(target.parent) == []


def test_write_atomic_keeps_permissions(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("旧", encoding="utf-8")
    os.chmod(target, 0o600)
    write_atomic(target, "新")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = write_atomic(tmp_path / "new.md", "新")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_failed_write_keeps_old_file_and_removes_temp(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_text("旧内容", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "新内容")
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert _leftovers(tmp_path) == []


def test_failed_fill_removes_temp(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("旧内容", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "坏\ud800")
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert _leftovers(tmp_path) == []


def test_copy_atomic(tmp_path, monkeypatch):
    src = tmp_path / "a.docx"
    src.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 100)
    dst = tmp_path / "cache" / "b.docx"
    assert copy_atomic(src, dst) == dst
    assert dst.read_bytes() == src.read_bytes()
    assert _leftovers(dst.parent) == []

    dst.write_bytes(b"old")
    monkeypatch.setattr(files.os, "replace", lambda a, b: (_ for _ in ()).throw(OSError("no")))
    with pytest.raises(OSError):
        copy_atomic(src, dst)
    assert dst.read_bytes() == b"old"
    assert _leftovers(dst.parent) == []


def test_copy_atomic_missing_source_touches_nothing(tmp_path):
    dst = tmp_path / "b.docx"
    dst.write_bytes(b"old")
    with pytest.raises(FileNotFoundError):
        copy_atomic(tmp_path / "missing.docx", dst)
    assert dst.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
