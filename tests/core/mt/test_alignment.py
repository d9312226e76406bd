"""Word alignment from attention: words and their spans, pieces to words, links, pivots."""
from __future__ import annotations

from desk.core.model import WordLink
from desk.core.mt import alignment


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in alignment.word_spans(text)]


def test_word_spans_trim_edge_punctuation_but_keep_marks_and_lone_punctuation() -> None:
    assert words("قال «الوزير» في بيروت.") == ["قال", "الوزير", "في", "بيروت"]
    assert words("(Reuters) - U.S. officials' talks, 2.5%") == ["Reuters", "-", "U.S", "officials", "talks", "2.5"]
    # a diacritic at the end of a word is part of it, not punctuation
    assert words("بيروتُ.") == ["بيروتُ"]
    assert alignment.content_words("قال - إن") == [True, False, True]


def test_pieces_map_to_words_and_model_tokens_to_none() -> None:
    pieces = [">>ara<<", "▁قال", "▁ال", "وزير", "▁", ".", "</s>"]
    assert alignment.piece_words(pieces, {">>ara<<", "</s>"}) == [None, 0, 1, 1, 2, 2, None]
    assert alignment.piece_words(["ab", "▁cd"]) == [0, 1]  # a first piece without the mark starts word 0


def test_each_target_word_links_to_the_source_word_it_attends_most() -> None:
    # source pieces: ▁قال ▁ال وزير  (2 words); target pieces: ▁the ▁minister ▁said (3 words)
    attention = [
        [0.1, 0.5, 0.4],  # "the" → mostly the two pieces of الوزير
        [0.2, 0.3, 0.5],  # "minister" → الوزير
        [0.9, 0.05, 0.05],  # "said" → قال
    ]
    links = alignment.word_links(attention, [0, 1, 1], [0, 1, 2], [True, True], [True, True, True])
    assert links == [(1, 0), (1, 1), (0, 2)]


def test_punctuation_words_are_never_linked() -> None:
    attention = [[0.0, 1.0], [1.0, 0.0]]
    links = alignment.word_links(attention, [0, 1], [0, 1], [True, False], [True, False])
    assert links == []  # target word 0 attends only a punctuation source word; target word 1 is punctuation


def test_more_piece_words_than_text_words_are_squeezed_in_order() -> None:
    attention = [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
    # four piece-words on the source side but the text has two words
    links = alignment.word_links(attention, [0, 1, 2, 3], [0, 1], [True, True], [True, True])
    assert links == [(0, 0), (1, 1)]


def test_compose_links_through_a_pivot() -> None:
    ar_en = [(0, 1), (1, 0), (2, 2)]
    en_fr = [(0, 0), (1, 1), (1, 2)]
    assert alignment.compose(ar_en, en_fr) == [(1, 0), (0, 1), (0, 2)]


def test_spans_and_hover_lookup_both_ways() -> None:
    source, target = "قال الوزير في بيروت", "the minister said in Beirut"
    links = [(1, 0), (1, 1), (0, 2), (2, 3), (3, 4)]
    spans = alignment.to_spans(links, source, target)
    assert [(source[slice(*w.source)], target[slice(*w.target)]) for w in spans] == [
        ("الوزير", "the"), ("الوزير", "minister"), ("قال", "said"), ("في", "in"), ("بيروت", "Beirut")]
    # hover "الوزير" (any character of it): both English words light up
    mine, theirs = alignment.linked(spans, source.index("وزير"), "source")
    assert [source[slice(*s)] for s in mine] == ["الوزير"]
    assert [target[slice(*s)] for s in theirs] == ["the", "minister"]
    mine, theirs = alignment.linked(spans, target.index("Beirut") + 2, "target")
    assert [source[slice(*s)] for s in theirs] == ["بيروت"]
    assert alignment.linked(spans, source.index(" "), "source") == ([], [])  # between words: nothing
    # links whose word index is past the text are dropped, not an IndexError
    assert alignment.to_spans([(9, 0)], source, target) == []
    assert WordLink.from_json(spans[0].to_json()) == spans[0]
