"""desk.core.text.bidi: embedding, override and isolate controls removed; Arabic marks kept."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.articles import articles_from_text, load_articles
from desk.core.text.bidi import BIDI_CONTROLS, neutralize, shown_file_name

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_control_is_removed(control: str) -> None:
    assert neutralize(f"Talks in {control}Cairo{PDF} resume") == "Talks in Cairo resume"


def test_the_full_ranges_and_nothing_else() -> None:
    assert BIDI_CONTROLS == {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}
    marks = "\u200e\u200f\u061c"  # LRM, RLM, ALM: used in Arabic text
    assert neutralize(f"القاهرة{marks} 2026") == f"القاهرة{marks} 2026"


def test_display_name_of_a_disguised_file() -> None:
    assert shown_file_name(Path("/tmp") / f"report{RLO}fdp.exe") == "reportfdp.exe"


def test_headline_and_captions_lose_overrides() -> None:
    text = (f"Talks resume in {RLO}Cairo{PDF}\n\n{RLI}Photo: the delegations{PDI}\n\n"
            "The talks resumed on Monday after a week.")
    article = articles_from_text(text)[0]
    assert article.title == "Talks resume in Cairo"
    assert article.title_sentence is not None and article.title_sentence.text == "Talks resume in Cairo"
    for value in [article.title, *article.captions]:
        assert not BIDI_CONTROLS & set(value)


def test_load_error_message_shows_the_neutralised_file_name(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_articles(tmp_path / f"brief{RLO}txt.exe")
    assert RLO not in str(err.value) and "brieftxt.exe" in str(err.value)
