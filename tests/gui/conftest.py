"""GUI fixtures: a real MainWindow offscreen, message boxes recorded instead of shown, tiny models."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from desk.core.mt.info import ModelInfo  # noqa: E402
from desk.core.mt.store import ModelStore  # noqa: E402
from desk.gui.fonts import load_app_fonts  # noqa: E402
from desk.gui.main_window import MainWindow  # noqa: E402
from tests import mtfactory  # noqa: E402

EN_PARAGRAPHS = [
    "The city council approved a new budget on Monday. It raises spending on schools by ten percent. "
    "Critics said the plan ignores the roads.",
    "The mayor defended the budget at a press conference. She said schools come first this year. "
    "Road repairs will follow next spring, she added.",
    "Teachers welcomed the decision. Their union had asked for more money for three years. "
    "Parents also praised the council.",
    "The budget still needs the approval of the regional government. A vote is expected next month.",
]


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard_at_exit() -> Iterator[None]:
    """Give the clipboard's data back to Qt before Python shuts down.

    A QMimeData created in Python and handed to the clipboard (the brief dialog's "Copy") is
    destroyed by Qt's exit handlers after the interpreter is gone, which crashes the process
    (status 139) although every test passed.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message box the app tries to show, as (kind, text); nothing ever blocks."""
    seen: list[tuple[str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok):
        def box(_parent: object, _title: str, text: str, *args: object, **kwargs: object) -> QMessageBox.StandardButton:
            seen.append((kind, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def window(qtbot, messages: list[tuple[str, str]]) -> Iterator[MainWindow]:  # noqa: ANN001
    load_app_fonts()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.shutdown(5000)


@pytest.fixture
def en_file(tmp_path: Path) -> Path:
    path = tmp_path / "council.txt"
    path.write_text("Council Approves School Budget\n\n" + "\n\n".join(EN_PARAGRAPHS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def long_en_file(tmp_path: Path) -> Path:
    """An article of ~48 distinct sentences: long enough to cancel a slow translation mid-way."""
    words = "council budget school road teacher union parent vote region mayor plan money".split()
    paras = []
    for p in range(8):
        sents = [
            f"Report {p * 6 + s} says the {words[(p + s) % 12]} and the {words[(p * s + 3) % 12]} met on day {s + p}."
            for s in range(6)
        ]
        paras.append(" ".join(sents))
    path = tmp_path / "long.txt"
    path.write_text("A Long Day at the Council\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny random-weight model packages built once per session (CTranslate2 folders, Argos zip)."""
    root = tmp_path_factory.mktemp("tiny-models")
    return {
        "en-ar": mtfactory.build_ct2_folder(root / "ct2-en-ar", "en", "ar"),
        "ar-en": mtfactory.build_ct2_folder(root / "ct2-ar-en", "ar", "en"),
        # stops at once: quick, deterministic translations
        "en-ar-fast": mtfactory.build_ct2_folder(root / "ct2-en-ar-fast", "en", "ar", eos_bias=50.0),
        "argos-ar-en": mtfactory.build_argos_package(root / "ar-en.argosmodel", "ar", "en"),
    }


def install(package: Path, src: str | None = None, tgt: str | None = None, model_id: str | None = None) -> ModelInfo:
    """Install into this test's private DESK_DATA_DIR."""
    return ModelStore().install(package, src, tgt, model_id=model_id)


@pytest.fixture(scope="session")
def base_shaped_ct2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's model: OPUS-MT ara-eng shape with random weights, as a CTranslate2 folder."""
    root = tmp_path_factory.mktemp("base-shaped")
    opus = mtfactory.build_base_shaped_opus_mt(root / "opus", "en", "ar")
    ct2 = mtfactory.convert_opus_mt(opus, root / "ct2")
    shutil.copyfile(opus / "source.spm", ct2 / "source.spm")
    shutil.copyfile(opus / "target.spm", ct2 / "target.spm")
    shutil.rmtree(opus)
    return ct2


def open_file(qtbot, win: MainWindow, path: Path, select: int = 0) -> None:  # noqa: ANN001
    handle = win.files.open_path(path, select=select)
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error


def save_shot(widget: QWidget, name: str) -> None:
    """With ``DESK_SCREENSHOTS_DIR`` set (e.g. to docs/screenshots), save a picture of ``widget`` there."""
    folder = os.environ.get("DESK_SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(Path(folder) / name))
