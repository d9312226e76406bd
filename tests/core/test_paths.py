"""desk.core.paths: the data folder, and whether files can really be created in a folder."""
from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest

from desk.core import paths


def test_writable_tries_for_real_and_leaves_nothing(tmp_path: Path) -> None:
    assert paths.writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not paths.writable(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    assert not paths.writable(tmp_path / "file")


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EPERM])
def test_a_refused_file_means_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, "refused")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert not paths.writable(tmp_path)


def test_data_folder_that_cannot_be_created_is_still_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only disk: reading commands go on; whatever writes says why it cannot."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DESK_DATA_DIR", str(blocker / "desk"))
    assert paths.data_dir() == blocker / "desk"
    assert paths.models_dir() == blocker / "desk" / "models"
