"""The compare window: constructed versions (edit, removal, insertion, move), languages via the
installed model, machine vs post-edited translation, two summaries."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.core.application import Application
from desk.core.compare.versions import compare_summaries
from desk.gui.compare.window import CompareWindow
from desk.gui.main_window import MainWindow
from tests.gui.conftest import install, open_file
from tests.gui.postedit.test_controller import EDIT, edit_in_place, news_file, ready_to_post_edit  # noqa: F401

pytestmark = pytest.mark.gui

TITLE = "Port Strike Ends After Talks"
V1 = [
    "Dock workers ended a three-day strike on Tuesday. The union said its members would return to work at dawn. "
    "Shipping companies welcomed the news.",
    "The strike had halted exports of grain and fruit. Dozens of ships waited outside the harbour. "
    "Officials said the backlog would take a week to clear.",
    "The government promised to review the workers' pay next year.",
]
V2 = [  # the update: one sentence edited, one removed, one added, one moved to the end
    "Dock workers ended a three-day strike on Tuesday evening. The union said its members would return to work at dawn.",
    "The strike had halted exports of grain and fruit. Officials said the backlog would take a week to clear. "
    "Port authorities said two extra cranes would run overnight.",
    "The government promised to review the workers' pay next year. Shipping companies welcomed the news.",
]
AR = [
    "أنهى عمال الموانئ إضرابا استمر ثلاثة أيام يوم الثلاثاء. وقالت النقابة إن أعضاءها سيعودون إلى العمل فجرا.",
    "وكان الإضراب قد أوقف صادرات الحبوب والفاكهة.",
]


def write(path: Path, title: str, paragraphs: list[str]) -> Path:
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def run_compare(qtbot, compare: CompareWindow) -> None:  # noqa: ANN001
    handle = compare.run()
    assert handle is not None
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert handle.outcome == "succeeded", handle.error


def open_other(qtbot, compare: CompareWindow, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    handle = compare.open_other()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error


def test_versions_of_a_story_aligned_with_ops_and_word_diffs(qtbot, window: MainWindow, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    open_file(qtbot, window, write(tmp_path / "v1.txt", TITLE, V1))
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    compare = window.workflows.compare_window
    assert compare is not None and compare.isVisible() and compare.mode.currentData() == "versions"
    assert compare.versions_b.count() == 0  # the file holds one article: nothing to compare yet
    open_other(qtbot, compare, write(tmp_path / "v2.txt", TITLE, V2), monkeypatch)
    assert compare.versions_b.currentData().source.endswith("v2.txt")
    run_compare(qtbot, compare)

    assert compare.rows() == [
        ("equal", "t0", "t0"),
        ("changed", "p0s0", "p0s0"),
        ("equal", "p0s1", "p0s1"),
        ("equal", "p1s0", "p1s0"),
        ("removed", "p1s1", None),
        ("equal", "p1s2", "p1s1"),
        ("added", None, "p1s2"),
        ("equal", "p2s0", "p2s0"),
        ("moved", "p0s2", "p2s1"),
    ]
    assert compare.counts.text().startswith("5 equal, 1 changed, 1 added, 1 removed, 1 moved")
    html = compare.browser.toHtml()
    assert "evening" in html and "#a9dfa2" in html  # the inserted word is marked inside the changed pair
    text = compare.browser.toPlainText()
    for label in ("changed", "removed", "added", "moved"):
        assert label in text
    assert "Dozens of ships waited outside the harbour." in text

    compare.hide_equal.setChecked(True)
    assert [op for op, _, _ in compare.rows()] == ["changed", "removed", "added", "moved"]
    assert "The union said" not in compare.browser.toPlainText()


def test_versions_across_languages_go_through_the_installed_model(qtbot, window: MainWindow, tiny_packages: dict,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    open_file(qtbot, window, write(tmp_path / "v1.txt", TITLE, V1))
    compare = window.workflows.open_compare("versions")
    open_other(qtbot, compare, write(tmp_path / "ar.txt", "انتهاء إضراب الموانئ بعد محادثات", AR), monkeypatch)
    handle = compare.run()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "failed" and "needs a translation model" in compare.counts.text()

    install(tiny_packages["en-ar"], "en", "ar")
    run_compare(qtbot, compare)
    result = compare.comparison
    assert result.mode == "cross-language" and result.translated_side == "a"
    assert (result.lang_a, result.lang_b) == ("en", "ar")
    a_ids = [i for p in result.pairs if p.a for i in p.a.id.split("+")]
    b_ids = [i for p in result.pairs if p.b for i in p.b.id.split("+")]
    assert sorted(a_ids) == sorted(s.id for s in window.document.current.all_sentences())
    assert sorted(b_ids) == sorted(s.id for s in compare.versions_b.currentData().all_sentences())
    assert all(p.a.translation for p in result.pairs if p.a)  # A was machine-translated to align
    text = compare.browser.toPlainText()
    assert "MT:" in text and AR[1] in text
    doc = compare.browser.document()
    block = doc.find(AR[1]).block()
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_machine_output_against_the_post_edited_translation(qtbot, window: MainWindow, tiny_packages: dict,
                                                             news_file: Path) -> None:  # noqa: F811
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    edit_in_place(qtbot, view, "p0s0", EDIT)
    compare = window.workflows.open_compare("translations")
    assert (compare.tr_a.currentData(), compare.tr_b.currentData()) == ("machine", "postedited")
    run_compare(qtbot, compare)
    ids = [s.id for s in window.document.current.all_sentences()]
    assert compare.rows() == [("changed" if sid == "p0s0" else "equal", sid, sid) for sid in ids]
    changed = compare.comparison.pairs[ids.index("p0s0")]
    assert changed.b.text == EDIT and changed.a.text == window.workflows.postedit.machine_translation().targets["p0s0"].text


def test_two_summaries_side_by_side_with_agreement(qtbot, window: MainWindow, news_file: Path) -> None:  # noqa: F811
    open_file(qtbot, window, news_file)
    compare = window.workflows.open_compare("summaries")
    compare.sum_a.setCurrentIndex(compare.sum_a.findData("lexrank"))
    compare.sum_b.setCurrentIndex(compare.sum_b.findData("lead"))
    run_compare(qtbot, compare)
    article = window.document.current
    length = window.settings.summary_prefs().length()
    app = Application()
    expected = compare_summaries(app.summarize(article, algorithm="lexrank", length=length),
                                 app.summarize(article, algorithm="lead", length=length), article)
    result = compare.comparison
    assert [(r.id, r.in_a, r.in_b) for r in result.rows] == [(r.id, r.in_a, r.in_b) for r in expected.rows]
    assert result.common == expected.common
    assert compare.counts.text().startswith(f"Agreement {expected.agreement:.0%}: {expected.common} of "
                                            f"{len(expected.rows)} sentences")
    text = compare.browser.toPlainText()
    assert all(r.text in text for r in result.rows)
    assert text.count("✓") == sum(r.in_a + r.in_b for r in result.rows)
