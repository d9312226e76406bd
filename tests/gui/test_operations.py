"""desk.gui.operations alone (no window): each named operation runs its core work on the job runner
and hands back a handle with the result, built with the settings of that moment. A tiny
random-weight model (tests/mtfactory.py) is installed where a translation is needed."""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.core.compare.versions import Comparison
from desk.core.model import Article, LengthRule, Summary, Target, Translation
from desk.core.text.articles import articles_from_text
from desk.gui.operations import Operations
from desk.gui.settings import Settings
from desk.gui.worker import JobHandle, JobRunner
from tests.gui.conftest import install

pytestmark = pytest.mark.gui

EN = ("Council Approves Budget\n\n"
      "The council approved 48 million dollars for schools on Monday. Teachers welcomed the decision.\n\n"
      "Critics said the plan ignores the roads. A vote is expected next month.\n")


@pytest.fixture
def ops(qtbot) -> Iterator[Operations]:  # noqa: ANN001
    runner = JobRunner()
    yield Operations(runner, Settings())
    runner.shutdown(5000)


def result(qtbot, handle: JobHandle) -> object:  # noqa: ANN001
    done: list[object] = []
    handle.succeeded.connect(done.append)
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert handle.outcome == "succeeded", handle.error
    return done[0] if done else None


def article() -> Article:
    return articles_from_text(EN, "council.txt")[0]


def test_the_application_carries_the_settings_of_the_moment(ops: Operations) -> None:
    assert ops.app().settings.engine.beam_size == ops.settings.user_settings().engine.beam_size
    ops.settings.set_engine_settings(dataclasses.replace(ops.settings.user_settings().engine, beam_size=1))
    assert ops.app().settings.engine.beam_size == 1  # read again for the next operation
    ops.settings.set_engine_settings(dataclasses.replace(ops.settings.user_settings().engine, beam_size=3))
    assert ops.app().settings.engine.beam_size == 3


def test_files_and_pasted_text_are_read_in_the_background(qtbot, ops: Operations, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "council.txt"
    path.write_text(EN, encoding="utf-8")
    threads: list[str] = []
    handle = ops.call("Which thread", lambda: threads.append(threading.current_thread().name) or 1)
    assert result(qtbot, handle) == 1 and threads and threads[0] != threading.main_thread().name
    [loaded] = result(qtbot, ops.load_file(str(path)))
    assert loaded.title == "Council Approves Budget" and len(list(loaded.sentences())) == 4
    [pasted] = result(qtbot, ops.articles_from_text(EN))
    assert pasted.source == "pasted" and pasted.title == loaded.title
    failed = ops.load_file(str(tmp_path / "missing.txt"))
    qtbot.waitUntil(lambda: failed.finished, timeout=10000)
    assert failed.outcome == "failed" and "not found" in failed.error


def test_installed_models_translate_and_check(qtbot, ops: Operations, tiny_packages: dict[str, Path]) -> None:  # noqa: ANN001
    assert ops.installed_models() == {"ar-en": [], "en-ar": []}
    info = install(tiny_packages["en-ar-fast"], "en", "ar")
    assert [m.id for m in ops.installed_models()["en-ar"]] == [info.id]
    doc = article()
    ids = [s.id for s in doc.all_sentences()]
    kept = {"p0s1": Target("رحب المعلمون بالقرار.", origin="edited")}
    translation = result(qtbot, ops.translate(doc, "en", "ar", info.id, keep=kept))
    assert isinstance(translation, Translation) and translation.direction == "en-ar"
    assert set(translation.targets) == set(ids)
    assert translation.targets["p0s1"] == kept["p0s1"]  # taken as it is, not translated again
    assert all(t.origin == "machine" for sid, t in translation.targets.items() if sid != "p0s1")
    checked = result(qtbot, ops.check(doc, translation))
    assert isinstance(checked, Translation) and set(checked.targets) == set(ids)
    # the random model's output loses words of the source: the QA checks flag it, as the core does
    assert any(t.flags for t in checked.targets.values())
    core = ops.app().checked(doc, translation)
    assert {sid: t.flags for sid, t in checked.targets.items()} == {sid: t.flags for sid, t in core.targets.items()}


def test_translations_take_turns_on_the_model(qtbot, ops: Operations, tiny_packages: dict[str, Path],  # noqa: ANN001
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Translations (and comparisons across languages) go to the runner's one-at-a-time pool."""
    info = install(tiny_packages["en-ar-fast"], "en", "ar")
    pools: list[tuple[str, bool]] = []
    start = ops.runner.start

    def spy(name: str, factory, *, exclusive: bool = False) -> JobHandle:  # noqa: ANN001
        pools.append((name, exclusive))
        return start(name, factory, exclusive=exclusive)

    monkeypatch.setattr(ops.runner, "start", spy)
    order: list[str] = []
    first = ops.translate(article(), "en", "ar", info.id)
    second = ops.translate(article(), "en", "ar", info.id)
    first.succeeded.connect(lambda _r: order.append("first"))
    second.succeeded.connect(lambda _r: order.append("second"))
    qtbot.waitUntil(lambda: first.finished and second.finished, timeout=30000)
    assert order == ["first", "second"]
    doc = article()
    ops.compare_versions(doc, doc)
    ops.summarize(doc, None, "lead", LengthRule(sentences=1))
    assert [exclusive for _name, exclusive in pools] == [True, True, False, False]


def test_summaries_of_the_original_and_of_a_translation(qtbot, ops: Operations) -> None:  # noqa: ANN001
    doc = article()
    summary = result(qtbot, ops.summarize(doc, None, "lead", LengthRule(sentences=2)))
    assert isinstance(summary, Summary) and summary.lang == "en"
    assert [p.sentence_id for p in summary.picks] == ["p0s0", "p0s1"]
    translation = Translation("m", "en", "ar", doc.id, {s.id: Target(f"جملة عربية رقم {k} عن الميزانية.")
                                                       for k, s in enumerate(doc.all_sentences())})
    translated = result(qtbot, ops.summarize(doc, translation, "lead", LengthRule(sentences=1)))
    assert translated.lang == "ar" and [p.sentence_id for p in translated.picks] == ["p0s0"]
    assert translated.picks[0].text == translation.targets["p0s0"].text


def test_two_versions_are_compared(qtbot, ops: Operations) -> None:  # noqa: ANN001
    old = article()
    new = articles_from_text(EN.replace("next month", "on Friday"), "council-2.txt")[0]
    comparison = result(qtbot, ops.compare_versions(old, new))
    assert isinstance(comparison, Comparison)
    assert [p.op for p in comparison.pairs].count("changed") == 1
    changed = next(p for p in comparison.pairs if p.op == "changed")
    assert changed.a.text == "A vote is expected next month." and changed.b.text == "A vote is expected on Friday."
    assert [(op, text) for op, text in changed.diff if op != "equal"] == [
        ("delete", "next"), ("insert", "on"), ("delete", "month"), ("insert", "Friday")]
