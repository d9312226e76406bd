"""The application layer: model choice, memory pre-fill, checks and summaries, for every caller."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.application import Application
from desk.core.errors import DeskError, ModelError
from desk.core.mt.store import ModelStore
from desk.core.settings import UserSettings
from desk.core.text.articles import articles_from_text

TEXT = "الحكومة تعلن خطة جديدة\n\nقال الوزير في بيروت إن المحادثات مستمرة. أعلنت الحكومة خطة جديدة للطاقة.\n"


pytestmark = pytest.mark.usefixtures("fresh_engines")  # opus_folder: tests/conftest.py


def test_route_prefers_the_users_model_then_the_best(opus_folder: Path) -> None:
    model_id = ModelStore().install(opus_folder).id
    assert [i.id for i in Application(UserSettings()).route("ar", "en")] == [model_id]
    chosen = UserSettings(preferred_models={"ar-en": model_id})
    assert [i.id for i in Application(chosen).route("ar", "en")] == [model_id]
    gone = UserSettings(preferred_models={"ar-en": "removed-model"})
    assert [i.id for i in Application(gone).route("ar", "en")] == [model_id]  # falls back, no error
    with pytest.raises(ModelError):
        Application(UserSettings()).route("en", "ar")
    with pytest.raises(DeskError, match="already in"):
        Application(UserSettings()).route("ar", "ar")


def test_translate_takes_memory_and_kept_targets(opus_folder: Path) -> None:
    from desk.core.model import Target
    from desk.core.workbench.memory import TranslationMemory

    ModelStore().install(opus_folder)
    article = articles_from_text(TEXT, source="pasted")[0]
    first, second = article.paragraphs[0].sentences
    with TranslationMemory() as memory:
        memory.add(first.text, "From the memory.", "ar", "en")
    app = Application(UserSettings())
    result = app.translate(article, "en")
    assert result.targets[first.id].text == "From the memory." and result.targets[first.id].origin == "memory"
    assert result.targets[second.id].origin == "machine"
    assert app.translate(article, "en", use_memory=False).targets[first.id].origin == "machine"
    kept = {second.id: Target("Kept from before.", "edited")}
    from desk.core.jobs import run_job

    again = run_job(app.translate_job(article, "en", keep=kept))
    assert again.targets[second.id].text == "Kept from before."
    assert set(again.targets) == {s.id for s in article.all_sentences()}


def test_damaged_memory_does_not_stop_translation(opus_folder: Path, desk_data_dir: Path) -> None:
    ModelStore().install(opus_folder)
    (desk_data_dir / "memory.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)
    article = articles_from_text(TEXT, source="pasted")[0]
    result = Application(UserSettings()).translate(article, "en")
    assert all(t.origin == "machine" for t in result.targets.values())


def test_summary_of_a_translation_keeps_source_ids() -> None:
    from desk.core.model import Target, Translation

    article = articles_from_text(TEXT, source="pasted")[0]
    translation = Translation("m", "ar", "en", article.id,
                              {s.id: Target(f"English sentence number {k} about energy plans.")
                               for k, s in enumerate(article.sentences())})
    app = Application(UserSettings())
    summary = app.summarize(article, translation, algorithm="lead")
    assert summary.lang == "en" and {p.sentence_id for p in summary.picks} <= {s.id for s in article.sentences()}
    original = app.summarize(article, algorithm="lead")
    assert original.lang == "ar"


def test_checked_flags_a_changed_number_without_touching_the_input() -> None:
    from desk.core.model import Target, Translation

    article = articles_from_text("The council approved 48 million dollars on Monday.\n", source="pasted")[0]
    sid = next(article.all_sentences()).id
    translation = Translation("m", "en", "ar", article.id, {sid: Target("وافق المجلس على 84 مليون دولار يوم الاثنين.")})
    result = Application(UserSettings()).checked(article, translation)
    assert result.targets[sid].flags and not translation.targets[sid].flags
