"""The post-editing controller alone, built on the stand-in (tests/gui/mocked.py) with no main window
and no model: a translation is put into the document as the translate controller would, and the
controller opens, changes, saves and resumes the session. (test_controller.py drives the same
controller through the whole window with a real model.)"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk.core.model import Article, Target, Translation
from desk.core.text.articles import articles_from_text
from desk.core.workbench.memory import TranslationMemory
from desk.core.workbench.postedit import OpenFlagsError, PostEditSession
from desk.gui.postedit.controller import PostEditController
from tests.gui.mocked import StandIn

pytestmark = pytest.mark.gui

AR = ("الحكومة تقر ميزانية المدارس\n\n"
      "وافق مجلس الوزراء على 48 مليون دولار للمدارس يوم الاثنين. ورحب المعلمون بالقرار.\n\n"
      "وقال منتقدون إن الخطة تتجاهل الطرق.\n")
EN = {
    "t0": "Government approves school budget",
    "p0s0": "The cabinet approved 84 million dollars for schools on Monday.",  # the number is wrong: flagged
    "p0s1": "Teachers welcomed the decision.",
    "p1s0": "Critics said the plan ignores the roads.",
}


class Setup:
    def __init__(self) -> None:
        self.stand = StandIn()
        self.controller = PostEditController(self.stand.document, self.stand.operations)
        self.errors: list[str] = []
        self.statuses: list[str] = []
        self.changed: list[str] = []
        self.controller.error.connect(self.errors.append)
        self.controller.status_message.connect(self.statuses.append)
        self.controller.sentence_changed.connect(self.changed.append)

    @property
    def document(self):  # noqa: ANN201
        return self.stand.document

    def open(self) -> Article:
        article = articles_from_text(AR, "budget.txt")[0]
        self.document.set_articles([article], "budget.txt")
        return article

    def translate(self, qtbot, article: Article, ids: list[str] | None = None) -> None:  # noqa: ANN001
        """What the translate controller does: start, targets arrive, finish; then wait for the QA run."""
        key = (article.id, "ar-en")
        targets = {sid: Target(EN[sid], confidence=0.5) for sid in (ids or EN)}
        self.document.start_translating(key, Translation("tiny", "ar", "en", article.id, {}))
        self.document.update_translation(key, lambda t: t.targets.update(targets))
        before = self.controller.qa_handle
        self.document.finish_translating(key, "succeeded")
        qtbot.waitUntil(lambda: self.controller.qa_handle is not before and self.controller.qa_handle.finished,
                        timeout=10000)
        qtbot.waitUntil(lambda: self.controller.session is not None, timeout=5000)

    def close(self) -> None:
        self.controller.close()
        self.stand.close()


@pytest.fixture
def setup(qtbot) -> Iterator[Setup]:  # noqa: ANN001
    built = Setup()
    yield built
    built.close()


def test_notices_say_what_is_missing(setup: Setup) -> None:
    setup.controller.sync()
    assert setup.controller.session is None and "Open an article" in setup.controller.notice
    setup.open()
    assert setup.controller.session is None
    assert setup.controller.notice.startswith("No Arabic → English model is installed")
    assert setup.controller.sentence_ids() == [] and setup.controller.flagged() == []


def test_a_finished_translation_opens_a_checked_session(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    sessions: list[PostEditSession | None] = []
    setup.controller.session_changed.connect(lambda: sessions.append(setup.controller.session))
    setup.translate(qtbot, article)
    session = setup.controller.session
    assert sessions[-1] is session and setup.document.session is session
    assert setup.controller.key() == (article.id, "ar-en") and setup.controller.article is article
    assert setup.controller.sentence_ids() == list(EN)
    assert session.target("p0s1").text == EN["p0s1"]
    # the QA checks ran on the runner: the wrong number is flagged, and said why
    [(sid, flags)] = setup.controller.flagged()
    assert sid == "p0s0" and flags
    assert any("48" in message for message in setup.controller.issue_messages("p0s0"))
    assert setup.controller.issue_messages("p0s1") == []
    assert setup.document.effective_translation(article).targets["p1s0"].text == EN["p1s0"]
    assert setup.controller.sentence_lang("p0s0") == "ar"
    assert setup.errors == []


def test_edits_are_saved_and_resumed_by_a_fresh_controller(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    setup.translate(qtbot, article)
    fixed = "The cabinet approved 48 million dollars for schools on Monday."
    with qtbot.waitSignal(setup.document.translation_changed, timeout=1000) as told:  # the panes re-render
        target = setup.controller.edit("p0s0", fixed)
    assert told.args == [article.id]
    assert target is not None and target.origin == "edited" and target.text == fixed
    assert setup.changed[-1] == "p0s0"
    assert setup.document.effective_translation(article).targets["p0s0"].text == fixed  # the panes see it
    assert setup.controller.machine_translation().targets["p0s0"].text == EN["p0s0"]
    assert PostEditSession.exists(article.id)

    again = Setup()  # another window on the same data folder
    try:
        again.open()
        assert again.controller.session is not None
        assert again.controller.session.target("p0s0").text == fixed
        assert again.controller.session.target("p0s0").origin == "edited"
    finally:
        again.close()

    setup.controller.revert("p0s0")
    assert setup.controller.session.target("p0s0").text == EN["p0s0"]


def test_confirm_asks_about_open_flags_then_stores_the_pair(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    setup.translate(qtbot, article)
    answer = setup.controller.confirm("p0s0")
    assert isinstance(answer, OpenFlagsError) and answer.flags
    assert "p0s0" not in setup.controller.session.confirmed
    assert setup.controller.confirm("p0s0", accept_flags=True) is True
    assert setup.controller.confirm("p0s1") is True
    assert setup.controller.session.confirmed == {"p0s0", "p0s1"}
    assert setup.statuses[-1] == "Confirmed and stored in the translation memory (2 of 4 done)"
    source = article.sentence("p0s1").text
    assert setup.controller.memory.lookup(source, "ar", "en").target == EN["p0s1"]
    setup.controller.unconfirm("p0s1")
    assert setup.controller.session.confirmed == {"p0s0"}
    assert setup.controller.confirm("nope") is False and setup.errors  # an unknown sentence is an error, said


def test_suggestions_come_from_the_memory_on_the_runner(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    with TranslationMemory() as memory:
        memory.add("ورحب المعلمون بالقرار الجديد.", "Teachers welcomed the new decision.", "ar", "en")
    setup.translate(qtbot, article)
    with qtbot.waitSignal(setup.controller.suggestions_ready, timeout=10000) as got:
        setup.controller.request_suggestions("p0s1")
    sid, matches = got.args
    assert sid == "p0s1" and matches and matches[0].entry.target == "Teachers welcomed the new decision."
    assert not matches[0].exact and matches[0].score < 100
    with qtbot.waitSignal(setup.controller.suggestions_ready, timeout=1000) as none:
        setup.controller.request_suggestions("no-such-sentence")
    assert none.args == ["no-such-sentence", []]


def test_discard_forgets_the_saved_work(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    setup.translate(qtbot, article)
    setup.controller.discard()
    assert setup.controller.session is None and "discarded" in setup.controller.notice
    assert not PostEditSession.exists(article.id)


def test_post_editing_starts_on_the_sentences_that_have_arrived(qtbot, setup: Setup) -> None:  # noqa: ANN001
    article = setup.open()
    setup.controller.set_active(True)
    key = (article.id, "ar-en")
    setup.document.start_translating(key, Translation("tiny", "ar", "en", article.id, {}))
    setup.document.update_translation(key, lambda t: t.targets.update(t0=Target(EN["t0"])))
    assert setup.controller.session is not None
    assert setup.controller.session.target("t0").text == EN["t0"]
    assert setup.controller.session.target("p0s1") is None
    setup.document.update_translation(key, lambda t: t.targets.update(p0s1=Target(EN["p0s1"])))
    assert setup.controller.session.target("p0s1").text == EN["p0s1"]
    assert "p0s1" in setup.changed


def test_xliff_export_on_the_runner(qtbot, setup: Setup, tmp_path) -> None:  # noqa: ANN001
    assert setup.controller.export_xliff(tmp_path / "none.xlf") is None  # no session, nothing to export
    article = setup.open()
    setup.translate(qtbot, article)
    handle = setup.controller.export_xliff(tmp_path / "budget.xlf")
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error
    text = (tmp_path / "budget.xlf").read_text(encoding="utf-8")
    assert EN["p1s0"] in text and article.sentence("p1s0").text in text
    assert setup.statuses[-1] == "Wrote 4 segments to budget.xlf"
