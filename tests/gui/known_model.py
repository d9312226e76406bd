"""A window translating with an engine whose output is known (tests/fakeengine.py): the whole GUI
path (Translate, streaming, checks, post-editing) runs as with an installed model, but the words,
their alignment and the model's confidence are known in advance, so tests can point at a word
and the screenshots read sensibly."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.mt.info import ModelInfo
from tests.fakeengine import FakeEngine

TITLE = "Council approves school budget"
PARAGRAPHS = [
    "Council members approved 48 million dollars for schools on Monday. Teachers welcomed this decision.",
    "Mayor Hana Saleh says schools come first. Critics say roads need money too. A vote follows next month.",
]
LEXICON = {
    "Council": "المجلس", "approves": "يقر", "school": "المدارس", "budget": "ميزانية", "members": "أعضاء",
    "approved": "أقر", "48": "84", "million": "مليون", "dollars": "دولار", "for": "لأجل", "schools": "المدارس",
    "on": "يوم", "Monday": "الأحد", "Teachers": "المعلمون", "welcomed": "رحب", "this": "هذا",
    "decision": "القرار", "Mayor": "العمدة", "Hana": "هناء", "Saleh": "صالح", "says": "تقول", "come": "تأتي",
    "first": "أولا", "Critics": "المنتقدون", "say": "يقولون", "roads": "الطرق", "need": "تحتاج", "money": "مالا",
    "too": "أيضا", "A": "و", "vote": "التصويت", "follows": "يتبع", "next": "الشهر", "month": "القادم",
}
AR_TITLE = "الوزير يزور الرياض"
AR_PARAGRAPHS = ["زار الوزير الرياض يوم الاثنين. وقال إن المحادثات مستمرة."]
AR_LEXICON = {"الوزير": "minister", "يزور": "visits", "الرياض": "Riyadh", "زار": "visited", "يوم": "on",
              "الاثنين": "Monday", "وقال": "said", "إن": "that", "المحادثات": "talks", "مستمرة": "continue"}
# the model's mean log-probability per sentence (confidence = exp of it); the rest: -0.1 (0.90)
SCORES = {
    "Critics say roads need money too.": -1.6,  # 0.20: the least sure
    "Mayor Hana Saleh says schools come first.": -0.9,  # 0.41
    "A vote follows next month.": -0.3,
}


def write_article(folder: Path, lang: str = "en") -> Path:
    """The English article (or, ``lang="ar"``, a short Arabic one) as a text file."""
    title, paragraphs = (AR_TITLE, AR_PARAGRAPHS) if lang == "ar" else (TITLE, PARAGRAPHS)
    path = folder / f"article-{lang}.txt"
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def use_known_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every engine the application builds translates with the known lexicon instead."""

    def engine(info: ModelInfo, settings: object = None) -> FakeEngine:
        lexicon = AR_LEXICON if info.source_lang == "ar" else LEXICON
        return FakeEngine(lexicon, scores=SCORES, source_lang=info.source_lang, target_lang=info.target_lang,
                          model_id=info.id)

    monkeypatch.setattr("desk.core.application.get_engine", engine)


def translate_known_article(qtbot, window, tiny_packages: dict, folder: Path,  # noqa: ANN001
                            monkeypatch: pytest.MonkeyPatch, lang: str = "en"):  # noqa: ANN201 (a MainWindow)
    """``window`` with the known article in ``lang`` open and translated by the known engine."""
    from tests.gui.conftest import install, open_file
    from tests.gui.postedit.test_controller import translate_and_wait

    target = "ar" if lang == "en" else "en"
    install(tiny_packages[f"{lang}-{target}"], lang, target)
    use_known_engine(monkeypatch)
    window.translator.reload_models()
    open_file(qtbot, window, write_article(folder, lang))
    translate_and_wait(qtbot, window)
    return window
