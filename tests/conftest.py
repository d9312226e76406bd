"""Shared fixtures: offscreen Qt, a private data folder per test, the shared data when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def desk_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own DESK_DATA_DIR, so nothing touches the user's real data."""
    path = tmp_path_factory.mktemp("desk-data")
    monkeypatch.setenv("DESK_DATA_DIR", str(path))
    return path


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture
def feed_sample(shared_dir: Path) -> Path:
    path = shared_dir / "samples" / "asharq-feed-en.txt"
    if not path.is_file():
        pytest.skip("shared sample feed missing")
    return path


@pytest.fixture
def flores_dir(shared_dir: Path) -> Path:
    path = shared_dir / "eval" / "flores200"
    if not (path / "arb_Arab.devtest").is_file():
        pytest.skip("FLORES-200 devtest missing")
    return path


@pytest.fixture
def fresh_engines():
    """No engine cached before or after the test (each test's models live in its own data folder)."""
    from desk.core.mt.engine import unload_all

    unload_all()
    yield
    unload_all()


@pytest.fixture(scope="module")
def opus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight OPUS-MT ar→en folder (Marian npz, vocab, SentencePiece), built once per module."""
    from tests import mtfactory

    return mtfactory.build_opus_mt_folder(tmp_path_factory.mktemp("opus") / "opus-mt-ar-en", "ar", "en", seed=5)
