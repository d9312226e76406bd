"""Translate in the real window with tiny random models: streaming, cancel, direction, summary, links."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.core.jobs import Progress
from desk.gui.main_window import MainWindow
from tests.gui.conftest import install, open_file

pytestmark = pytest.mark.gui


def translate_and_wait(qtbot, window: MainWindow, timeout: int = 20000) -> list[Progress]:  # noqa: ANN001
    seen: list[Progress] = []
    handle = window.translator.translate()
    assert handle is not None
    handle.progress.connect(seen.append)
    qtbot.waitUntil(lambda: handle.finished, timeout=timeout)
    qtbot.waitUntil(lambda: not window.translator.running, timeout=2000)
    assert handle.outcome == "succeeded", handle.error
    return seen


def show_long_translation(qtbot, window: MainWindow, tiny_packages: dict, path: Path) -> None:  # noqa: ANN001
    """A 1000x500 window showing the long article ``path`` fully translated en→ar (panes can scroll)."""
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    window.resize(1000, 500)
    open_file(qtbot, window, path)
    translate_and_wait(qtbot, window)


def test_translation_streams_into_the_pane(qtbot, window: MainWindow, tiny_packages: dict, long_en_file: Path) -> None:
    info = install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, long_en_file)
    article = window.document.current
    all_ids = [s.id for s in article.all_sentences()]
    assert window.translate_bar.model.currentData() == info.id
    assert window.translate_bar.translate_button.isEnabled()

    pane_counts: list[int] = []
    window.document.translation_changed.connect(
        lambda _aid: pane_counts.append(len(window.translator.current_translation().targets))
    )
    bar_values: list[int] = []
    window.translator.progress.connect(lambda done, total: bar_values.append(done))
    qtbot.mouseClick(window.translate_bar.translate_button, Qt.MouseButton.LeftButton)
    assert window.translator.running
    assert window.status.progress.isVisible() and window.status.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not window.translator.running, timeout=30000)

    # streamed: sentences arrived in several steps, in document order, the bar advanced
    partial = [n for n in pane_counts if 0 < n < len(all_ids)]
    assert partial, f"no partial state seen: {pane_counts}"
    assert bar_values == sorted(bar_values) and bar_values[-1] == len(all_ids)
    view = window.translation.view
    assert view.sentence_ids() == all_ids
    translation = window.translator.current_translation()
    assert translation.model_id == info.id and translation.target_lang == "ar"
    assert view.text_of("p0s0") == translation.targets["p0s0"].text
    assert window.translation.header.text() == "Translation — Arabic"
    assert not window.status.progress.isVisible()
    assert f"Model: {info.name or info.id}" == window.status.model_label.text()
    assert "Translated 49 sentences" in window.statusBar().currentMessage()


def test_cancel_stops_quickly_and_keeps_partial_output(qtbot, window: MainWindow, tiny_packages: dict,
                                                       long_en_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, long_en_file)
    total = len(list(window.document.current.all_sentences()))
    handle = window.translator.translate()
    cancelled_at: list[float] = []

    def on_progress(p: Progress) -> None:
        if p.payload and not cancelled_at:
            cancelled_at.append(time.monotonic())
            qtbot.keyClick(window, Qt.Key.Key_Escape)  # the Cancel shortcut

    handle.progress.connect(on_progress)
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    stopped_after = time.monotonic() - cancelled_at[0]
    assert handle.outcome == "cancelled"
    assert stopped_after < 1.5, f"cancel took {stopped_after:.2f}s"
    kept = window.translator.current_translation().targets
    assert 0 < len(kept) < total
    qtbot.waitUntil(lambda: not window.translator.running, timeout=2000)
    assert window.translation.view.sentence_ids() == [s.id for s in window.document.current.all_sentences()
                                                      if s.id in kept]
    assert f"kept {len(kept)} of {total}" in window.statusBar().currentMessage()
    assert window.translate_bar.translate_button.isEnabled()
    assert not window.translate_bar.cancel_button.isEnabled()


def test_direction_is_detected_and_switchable(qtbot, window: MainWindow, tiny_packages: dict, en_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar", model_id="tiny-en-ar")
    install(tiny_packages["argos-ar-en"])
    window.translator.reload_models()
    open_file(qtbot, window, en_file)
    assert window.translator.direction() == ("en", "ar")
    assert window.translate_bar.direction.currentText() == "Auto (English → Arabic)"
    assert window.translate_bar.model.currentData() == "tiny-en-ar"
    window.translate_bar.direction.setCurrentIndex(window.translate_bar.direction.findData("ar-en"))
    window.translate_bar.direction.activated.emit(window.translate_bar.direction.currentIndex())
    assert window.translator.direction() == ("ar", "en")
    assert window.translate_bar.model.currentData() == "argos-ar-en-1.0"
    assert window.translation.header.text() == "Translation — English"
    assert window.document.direction_choices == {window.document.current.id: "ar-en"}  # this article's only


def test_summary_controls_refresh_the_summary(qtbot, window: MainWindow, en_file: Path) -> None:
    open_file(qtbot, window, en_file)
    s = window.summarizer
    qtbot.waitUntil(lambda: not s.busy and s.summary is not None, timeout=10000)
    assert len(s.summary.picks) == 3 and s.summary.algorithm == "lexrank"
    assert window.summary.view.sentence_ids() == [p.sentence_id for p in s.summary.picks]

    controls = window.summary_controls
    controls.sentences.setValue(1)
    qtbot.waitUntil(lambda: not s.busy and s.summary is not None and len(s.summary.picks) == 1, timeout=10000)
    controls.algorithm.setCurrentIndex(controls.algorithm.findData("lead"))
    qtbot.waitUntil(lambda: not s.busy and s.summary is not None and s.summary.algorithm == "lead", timeout=10000)
    first_body = next(window.document.current.sentences())
    assert [p.sentence_id for p in s.summary.picks] == [first_body.id]
    assert "Lead, 1 sentence" in window.summary.header.text()
    controls.mode.setCurrentIndex(controls.mode.findData("words"))
    controls.words.setValue(40)
    qtbot.waitUntil(lambda: not s.busy and s.summary is not None and s.summary.length.words == 40, timeout=10000)
    assert sum(len(p.text.split()) for p in s.summary.picks) <= 40
    # the original pane marks the picked sentences
    assert window.original.view.marked_ids() == [p.sentence_id for p in s.summary.picks]


def test_summary_of_the_translation_and_linked_sentences(qtbot, window: MainWindow, tiny_packages: dict,
                                                         en_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, en_file)
    controls = window.summary_controls
    controls.source.setCurrentIndex(controls.source.findData("translation"))
    qtbot.waitUntil(lambda: window.summary.showing_notice(), timeout=5000)
    assert "Translate the article first" in window.summary.notice_text()
    translate_and_wait(qtbot, window)
    s = window.summarizer
    qtbot.waitUntil(lambda: not s.busy and s.summary is not None, timeout=10000)
    translation = window.translator.current_translation()
    assert s.summary.lang == "ar"
    assert window.summary.header.text().startswith("Summary — Arabic")
    for pick in s.summary.picks:
        assert pick.text == translation.targets[pick.sentence_id].text

    # click a summary sentence: its source and translation light up and come into view
    pick_id = s.summary.picks[-1].sentence_id
    view = window.summary.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of(pick_id))
    assert window.links.current_id == pick_id
    assert window.original.view.highlighted_ids() == [pick_id]
    assert window.translation.view.highlighted_ids() == [pick_id]
    assert view.highlighted_ids() == [pick_id]
    assert window.original.view.is_visible(pick_id) and window.translation.view.is_visible(pick_id)

    # click a sentence of the original that the summary did not pick
    other = next(sid for sid in window.original.view.sentence_ids()
                 if sid.startswith("p") and sid not in {p.sentence_id for p in s.summary.picks})
    ov = window.original.view
    qtbot.mouseClick(ov.viewport(), Qt.MouseButton.LeftButton, pos=ov.point_of(other))
    assert ov.highlighted_ids() == [other]
    assert window.translation.view.highlighted_ids() == [other]
    assert view.highlighted_ids() == []


def test_scrolling_the_original_scrolls_the_translation(qtbot, window: MainWindow, tiny_packages: dict,
                                                        long_en_file: Path) -> None:
    show_long_translation(qtbot, window, tiny_packages, long_en_file)
    ov, tv = window.original.view, window.translation.view
    qtbot.waitUntil(lambda: not window.summarizer.busy, timeout=10000)  # nothing re-renders any more
    qtbot.waitUntil(lambda: ov.verticalScrollBar().maximum() > 0 and tv.verticalScrollBar().maximum() > 0)
    target = "p5s0"
    ov.scroll_sentence_to_top(target)

    def synced() -> None:
        assert tv.top_sentence_id() == ov.top_sentence_id(), (ov.verticalScrollBar().value(),
                                                               tv.verticalScrollBar().value())

    qtbot.waitUntil(synced, timeout=2000)
    assert ov.top_sentence_id() in ("p4s5", target)  # the line at the top holds the sentence
    assert tv.verticalScrollBar().value() > 0


def test_finished_translation_does_not_scroll_the_panes(qtbot, window: MainWindow, tiny_packages: dict,
                                                        long_en_file: Path) -> None:
    show_long_translation(qtbot, window, tiny_packages, long_en_file)
    qtbot.wait(50)  # let queued scroll syncs run
    assert window.translation.view.verticalScrollBar().maximum() > 0
    assert window.translation.view.verticalScrollBar().value() == 0
    assert window.original.view.verticalScrollBar().value() == 0


def test_controller_alone_fills_the_document_state(qtbot, tiny_packages: dict[str, Path]) -> None:  # noqa: ANN001
    """Built from a stand-in (no main window): the translation lands in the document state, which
    says when it changed and when it finished; Translate without a model opens the manager."""
    from desk.core.text.articles import articles_from_text
    from desk.gui.translate.controller import TranslateController
    from tests.gui.mocked import StandIn

    stand = StandIn()
    pane = stand.pane()
    controller = TranslateController(stand.document, stand.operations, stand.settings, pane, stand.open_manager)
    article = articles_from_text("Budget approved\n\nThe council approved the budget. Critics said it ignores roads.\n",
                                 "b.txt")[0]
    stand.document.set_articles([article], "b.txt")
    assert controller.translate() is None and "No English → Arabic model" in pane.notice.text()

    install(tiny_packages["en-ar-fast"], "en", "ar")
    controller.reload_models()
    finished: list[tuple[str, str]] = []
    stand.document.translation_finished.connect(lambda aid, outcome: finished.append((aid, outcome)))
    handle = controller.translate()
    assert handle is not None and stand.document.running
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)  # the document hears of it after the handle
    assert finished == [(article.id, "succeeded")] and not stand.document.running
    translation = stand.document.effective_translation(article)
    assert set(translation.targets) == {s.id for s in article.all_sentences()}
    assert translation.target_lang == "ar"
    stand.close()


def test_translate_after_a_cancel_fills_only_the_gaps(qtbot, window: MainWindow, tiny_packages: dict,
                                                      long_en_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, long_en_file)
    article = window.document.current
    ids = [s.id for s in article.all_sentences()]
    handle = window.translator.translate()

    def cancel_on_first(p: Progress) -> None:
        if p.payload and not handle.cancel_requested:
            window.translator.cancel()

    handle.progress.connect(cancel_on_first)
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    qtbot.waitUntil(lambda: not window.document.running, timeout=5000)  # the handle's done signal comes later
    assert handle.outcome == "cancelled"
    kept = {sid: t.text for sid, t in window.translator.current_translation().targets.items()}
    assert 0 < len(kept) < len(ids)

    sent: list[list[str]] = []
    import desk.core.mt.pipeline as pipeline

    original = pipeline.decode_chain

    def spy(sources, pieces, engines, **kw):  # noqa: ANN001, ANN202
        sent.append(list(sources))
        return original(sources, pieces, engines, **kw)

    pipeline.decode_chain = spy
    try:
        again = window.translator.translate()
        assert window.translator.current_translation().targets.keys() >= kept.keys()  # kept on screen meanwhile
        assert f"{len(ids) - len(kept)} missing" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: again.finished, timeout=30000)
        qtbot.waitUntil(lambda: not window.document.running, timeout=5000)  # rendered once done arrives
    finally:
        pipeline.decode_chain = original
    assert again.outcome == "succeeded"
    texts = {s.id: s.text for s in article.all_sentences()}
    translated = [" ".join(text.split()) for batch in sent for text in batch]
    assert sorted(translated) == sorted({" ".join(texts[sid].split()) for sid in ids if sid not in kept})
    final = window.translator.current_translation().targets  # what the panes show, as it arrived
    assert set(final) == set(ids) and all(final[sid].text == text for sid, text in kept.items())
    assert window.translation.view.sentence_ids() == ids


def test_model_combo_shows_the_whole_name(qtbot, window: MainWindow, tiny_packages: dict) -> None:  # noqa: ANN001
    """The release at the end of a model's name tells two models apart: the combo is not cut before it."""
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    window.translator.set_direction_choice("en-ar")
    combo = window.translate_bar.model
    name = combo.currentText()
    assert name and combo.sizeHint().width() >= combo.fontMetrics().horizontalAdvance(name)
    assert name in combo.toolTip()
