"""The document state: articles, direction, and which translation is the effective one."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.model import Target, Translation
from desk.core.text.articles import articles_from_text
from desk.gui.document import DocumentState

AR = "الحكومة تعلن خطة\n\nقال الوزير إن المحادثات مستمرة. أعلنت الحكومة خطة جديدة.\n"
EN = "Council approves budget\n\nThe council approved the budget on Monday. Critics said it ignores roads.\n"


@pytest.fixture
def document(qtbot) -> DocumentState:  # noqa: ANN001
    return DocumentState()


def test_articles_and_current(document: DocumentState, qtbot) -> None:  # noqa: ANN001
    ar, en = articles_from_text(AR, "a.txt")[0], articles_from_text(EN, "b.txt")[0]
    with qtbot.waitSignal(document.current_changed) as seen:
        document.set_articles([ar], "a.txt")
    assert seen.args == [ar] and document.current is ar
    with qtbot.waitSignals([document.articles_changed, document.current_changed]):
        document.add_articles([en])
    assert document.current is en and document.source == "a.txt" and document.article(ar.id) is ar


def test_direction_follows_the_article_unless_chosen(document: DocumentState) -> None:
    ar, en = articles_from_text(AR, "a.txt")[0], articles_from_text(EN, "b.txt")[0]
    document.set_articles([ar, en], "x")
    assert document.direction() == ("ar", "en")
    document.select(1)
    assert document.direction() == ("en", "ar")
    assert document.set_direction_choice("ar-en") and document.direction() == ("ar", "en")
    assert not document.set_direction_choice("xx-yy")


def test_effective_translation_is_the_sessions_when_post_editing(document: DocumentState, tmp_path: Path) -> None:
    from desk.core.workbench.postedit import PostEditSession

    article = articles_from_text(AR, "a.txt")[0]
    document.set_articles([article], "a.txt")
    sid = next(article.all_sentences()).id
    machine = Translation("m", "ar", "en", article.id, {s.id: Target(f"machine {s.id}") for s in article.all_sentences()})
    document.set_translation(("" + article.id, "ar-en"), machine)
    assert document.effective_translation() is machine

    session = PostEditSession.open(article, machine, folder=tmp_path)
    document.set_session(session)
    session.edit(sid, "edited by the translator")
    assert document.effective_translation().targets[sid].text == "edited by the translator"
    assert document.machine_translation().targets[sid].text == f"machine {sid}"
    document.set_session(None)  # closing the session keeps the edits in the kept translation
    assert document.effective_translation().targets[sid].text == "edited by the translator"
