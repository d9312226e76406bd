"""The translation memory: exact and fuzzy lookups, prefill for the translation engine, persistence."""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from desk.core.model import Article, Paragraph, Sentence
from desk.core.workbench.memory import MemoryEntry, TranslationMemory, normalize_text


def make_article(paragraphs: list[list[str]], lang: str = "ar", title: str = "", article_id: str = "art1",
                 captions: list[str] | None = None) -> Article:
    """An Article built directly, with the project's sentence ids (t0, c0…, p0s0…)."""
    paras = [Paragraph([Sentence(f"p{i}s{j}", text, lang) for j, text in enumerate(p)], lang)
             for i, p in enumerate(paragraphs)]
    captions = captions or []
    return Article(
        id=article_id, source="/news/story.txt", title=title, lang=lang, paragraphs=paras, captions=captions,
        text="\n\n".join(p.text for p in paras),
        title_sentence=Sentence("t0", title, lang) if title else None,
        caption_sentences=[Sentence(f"c{i}", c, lang) for i, c in enumerate(captions)],
    )


AR1 = "قال رئيس الوزراء إن الحكومة ستجتمع يوم الأحد."
EN1 = "The prime minister said the government will meet on Sunday."
AR2 = "وصل الوفد إلى القاهرة صباح اليوم."
EN2 = "The delegation arrived in Cairo this morning."


def test_exact_lookup_normalises_whitespace_but_keeps_case(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en")
    tm.add("The Minister left.", "غادر الوزير.", "en", "ar")
    hit = tm.lookup("  قال رئيس   الوزراء إن\tالحكومة ستجتمع يوم الأحد. ", "ar", "en")
    assert hit is not None and hit.target == EN1 and hit.origin == "edited"
    assert tm.lookup(AR1, "ar", "fr") is None  # other direction
    assert tm.lookup("the minister left.", "en", "ar") is None  # case counts
    assert tm.lookup("The Minister left.", "en", "ar").target == "غادر الوزير."
    assert normalize_text(" a \n b ") == "a b"


def test_same_pair_is_stored_once_and_newest_translation_wins(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    first = tm.add(AR1, EN1, "ar", "en", origin="machine")
    again = tm.add(AR1 + " ", EN1, "ar", "en", origin="edited", article_id="a9")
    assert again.id == first.id and len(tm) == 1
    assert again.origin == "edited" and again.article_id == "a9"
    tm.add(AR1, "The PM said the cabinet meets on Sunday.", "ar", "en")
    assert len(tm) == 2
    # Both were stamped within the same second: the later insert still wins.
    assert tm.lookup(AR1, "ar", "en").target == "The PM said the cabinet meets on Sunday."


def test_add_many_counts_and_skips_empty(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    result = tm.add_many([
        MemoryEntry(AR1, EN1, "ar", "en", "import"),
        MemoryEntry(AR2, EN2, "ar", "en", "import", created="2020-01-02T03:04:05+00:00"),
        MemoryEntry("   ", "x", "ar", "en"),
        MemoryEntry(AR1, EN1, "ar", "en", "import"),
        MemoryEntry("نص", "  ", "ar", "en"),
    ])
    assert (result.added, result.updated, result.skipped) == (2, 1, 2)
    assert [e.source for e in tm.entries()] == [AR1, AR2]
    assert next(e for e in tm.entries() if e.source == AR2).created == "2020-01-02T03:04:05+00:00"


def test_memory_persists_in_the_data_folder(desk_data_dir: Path) -> None:
    with TranslationMemory() as tm:
        tm.add(AR2, EN2, "ar", "en", source_ref="/news/a.txt")
    assert (desk_data_dir / "memory.sqlite").is_file()
    with TranslationMemory() as tm:
        entry = tm.lookup(AR2, "ar", "en")
        assert entry is not None and entry.source_ref == "/news/a.txt" and entry.created


def test_prefill_gives_memory_targets_for_exact_matches_only(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en")
    tm.add("عنوان الخبر", "The headline", "ar", "en")
    article = make_article([[AR1, "جملة لم تترجم من قبل."], [AR1.replace("الأحد", "الاثنين")]],
                           title="عنوان الخبر")
    filled = tm.prefill(article, "ar", "en")
    assert set(filled) == {"t0", "p0s0"}
    assert filled["p0s0"].text == EN1 and filled["p0s0"].origin == "memory"
    assert filled["t0"].text == "The headline"
    assert tm.prefill(article, "en", "ar") == {}


def test_suggest_scores_close_matches(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en")
    tm.add(AR2, EN2, "ar", "en")
    tm.add(AR1, "Le premier ministre a dit…", "ar", "fr")
    query = AR1.replace("الأحد", "الاثنين")
    matches = tm.suggest(query, "ar", "en", limit=5, min_score=50)
    assert matches and matches[0].entry.target == EN1
    assert 80 <= matches[0].score < 100 and not matches[0].exact
    assert all(m.entry.target_lang == "en" for m in matches)
    assert all(m.entry.source != AR2 for m in matches)  # unrelated sentence is below 50
    exact = tm.suggest(AR1, "ar", "en")
    assert exact[0].exact and exact[0].score == 100.0
    assert tm.suggest(query, "ar", "en", min_score=99) == []


def test_suggest_finds_the_near_duplicate_among_thousands(tmp_path: Path) -> None:
    rng = random.Random(7)
    vocabulary = [f"كلمة{i}" for i in range(3000)] + ["في", "من", "إلى", "قال"] * 300
    sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 20))) for _ in range(5000)]
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add_many(MemoryEntry(s, f"target {i}", "ar", "en", "import") for i, s in enumerate(sentences))
    words = sentences[1234].split()
    words[3] = "تغيير"
    matches = tm.suggest(" ".join(words), "ar", "en", limit=3)
    assert matches[0].entry.target == "target 1234"
    assert matches[0].score >= 85


def test_stats_and_directions(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en", origin="edited")
    tm.add(AR2, EN2, "ar", "en", origin="machine")
    tm.add(EN2, AR2, "en", "ar", origin="edited")
    stats = tm.stats()
    assert stats.entries == 3
    assert stats.directions == {"ar-en": 2, "en-ar": 1}
    assert stats.origins == {"edited": 2, "machine": 1}
    assert tm.directions()[0] == ("ar", "en")
    entry = tm.lookup(AR2, "ar", "en")
    assert tm.delete(entry.id) and tm.lookup(AR2, "ar", "en") is None
    assert tm.suggest(AR2, "ar", "en") == []  # the fuzzy index forgot it too


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    from desk.core.errors import DeskError

    bad = tmp_path / "memory.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DeskError, match="translation memory"):
        TranslationMemory(bad)


def test_wal_mode_is_on(tmp_path: Path) -> None:
    TranslationMemory(tmp_path / "tm.sqlite").add(AR1, EN1, "ar", "en")
    mode = sqlite3.connect(tmp_path / "tm.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
