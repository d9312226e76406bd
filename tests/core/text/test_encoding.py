"""desk.core.text.encoding: bytes → text (BOMs, UTF-8/16/32, Windows-1256, ISO-8859-6, Latin-1,
files that mix UTF-8 and a code page, binary refused) and clean_text.

(test_loaders.py reads the same encodings through whole files; these call the module directly.)"""
from __future__ import annotations

import logging
import random

import pytest

from desk.core.errors import LoadError
from desk.core.text import encoding
from desk.core.text.encoding import clean_text, decode_bytes, text_quality

AR = "قال وزير الخارجية إن الاجتماع المقبل سيعقد في العاصمة يوم الأحد. وأضاف أن الوفود ستناقش ملفات المياه والطاقة."
EN = "The council met on Monday. Officials said the new bridge would open next year."
LATIN1 = "Le café de la gare a rouvert. Señor Núñez était là, très ému, à côté du maître."


# --- Unicode encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [AR, EN, AR + "\n\n" + EN])
def test_utf8_with_and_without_bom(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")


@pytest.mark.parametrize("name, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                       ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
@pytest.mark.parametrize("text", [AR, EN, "مرحبا", AR + "\n" + EN])
def test_utf16_and_utf32_with_a_bom(name: str, bom: bytes, text: str) -> None:
    decoded, found = decode_bytes(bom + text.encode(name))
    assert found == name
    assert clean_text(decoded) == text  # the BOM itself goes in cleaning


@pytest.mark.parametrize("name", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [AR, EN, "مرحبا", "Hi you", AR + "\n" + EN])
def test_utf16_without_a_bom_is_recognised(name: str, text: str) -> None:
    assert decode_bytes(text.encode(name)) == (text, name)


def test_a_bom_followed_by_something_else_is_a_clear_error() -> None:
    with pytest.raises(LoadError, match=r"notes\.txt.*utf-8-sig byte-order mark but is not valid utf-8-sig"):
        decode_bytes(b"\xef\xbb\xbf" + "قال".encode("cp1256"), "notes.txt")
    with pytest.raises(LoadError, match="utf-16-le byte-order mark"):
        decode_bytes(b"\xff\xfe" + b"\x00\xd8A")  # a lone high surrogate


# --- code pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
@pytest.mark.parametrize("text", [AR, "السلام عليكم", "في البيت", "قال"])
def test_arabic_code_pages_are_told_apart(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == (text, codec)


def test_latin1_english_and_cp1252_punctuation() -> None:
    assert decode_bytes(LATIN1.encode("latin-1")) == (LATIN1, "latin-1")
    quoted = "\u201cWe agreed,\u201d the minister said \u2013 twice."
    assert decode_bytes(quoted.encode("cp1252")) == (quoted, "cp1252")


def test_arabic_after_a_long_ascii_head_is_still_arabic() -> None:
    """A Windows-1256 web page whose scripts and styles fill the first 256 KB: the guess must look
    at the Arabic, not at the ASCII head (it used to pick Latin-1 and return mojibake)."""
    head = "<script>function show(a) { return a + 1; }</script>\n" * (encoding.SAMPLE_BYTES // 40)
    assert len(head) > encoding.SAMPLE_BYTES
    text, found = decode_bytes(head.encode("ascii") + AR.encode("cp1256"))
    assert found == "cp1256"
    assert text.endswith(AR)


# --- UTF-8 and a code page in one file ---------------------------------------------------------------


def test_utf8_lines_and_cp1256_lines_are_each_decoded_in_their_own_encoding(caplog: pytest.LogCaptureFixture) -> None:
    first = "الجزء الأول من الخبر كتب بترميز يونيكود."
    second = "وهذا الجزء الثاني نسخ من ملف قديم."
    data = first.encode("utf-8") + b"\r\n" + second.encode("cp1256") + b"\r\n" + EN.encode("ascii")
    with caplog.at_level(logging.WARNING, logger="desk.core.text.encoding"):
        text, found = decode_bytes(data, "mixed.txt")
    assert found == "utf-8+cp1256"
    assert clean_text(text) == "\n".join([first, second, EN])
    assert "mixed.txt mixes UTF-8 and cp1256" in caplog.text and "1 of 3 lines in cp1256" in caplog.text


def test_ascii_lines_do_not_make_a_code_page_file_mixed() -> None:
    """ASCII is valid UTF-8 too: a Windows-1256 file with English lines is one code page, not two."""
    data = (EN + "\n").encode("ascii") * 3 + AR.encode("cp1256")
    text, found = decode_bytes(data)
    assert found == "cp1256" and text.endswith(AR)


def test_a_few_utf8_characters_are_not_enough_to_mix() -> None:
    """Under ten non-ASCII UTF-8 characters could be chance: the file is decoded in one code page."""
    utf8_line = "Caf\u00e9".encode("utf-8")  # two bytes that also read as two cp1256 letters
    data = utf8_line + b"\n" + AR.encode("cp1256")
    _text, found = decode_bytes(data)
    assert "+" not in found


# --- what is not text --------------------------------------------------------------------------------


def test_binary_data_is_refused_with_a_clear_message() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    with pytest.raises(LoadError, match=r"photo\.txt: it looks like a binary file \(it contains NUL bytes\)"):
        decode_bytes(png, "photo.txt")
    rng = random.Random(1)
    noise = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(LoadError, match="not readable text in any encoding"):
        decode_bytes(noise, "noise.bin")


def test_damaged_utf8_names_the_byte() -> None:
    data = (AR + "\n").encode("utf-8") * 3
    cut = 61  # inside the text, at a character boundary
    assert data[:cut].decode("utf-8")
    with pytest.raises(LoadError, match=rf"not valid UTF-8 text: the file is damaged at byte {cut}\b"):
        decode_bytes(data[:cut] + b"\xff" + data[cut:], "story.txt")


# --- text_quality --------------------------------------------------------------------------------------


def test_text_quality_scores_mojibake_below_the_right_decoding() -> None:
    raw = AR.encode("cp1256")
    right, wrong = text_quality(raw.decode("cp1256")), text_quality(raw.decode("latin-1"))
    assert right[1] == 0 and right[0] > 50
    assert wrong[1] > wrong[0]
    good, bad = text_quality("abc\x01def")
    assert bad >= 5  # a control character
    assert text_quality("مرحباhello")[1] == 10  # one word mixing two scripts: all its letters count against it
    assert text_quality("")[0] == 0


# --- clean_text ----------------------------------------------------------------------------------------


def test_every_kind_of_line_break_becomes_a_newline() -> None:
    assert clean_text("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert clean_text("one\u2029two\fthree") == "one\n\ntwo\n\nthree"  # paragraph and page breaks
    assert clean_text("x\vy") == "x\ny"


def test_control_characters_and_byte_order_marks_are_dropped() -> None:
    assert clean_text("\ufeffTitle\x00 one\x07\x1b two\x7f\ufffe") == "Title one two"
    assert clean_text("col1\tcol2") == "col1\tcol2"  # tabs are text


def test_c1_controls_are_dropped_and_next_line_breaks() -> None:
    """U+0080-U+009F (left by a page decoded as Latin-1 and saved as UTF-8) are controls too."""
    assert clean_text("He said \x93yes\x94.\x85Next line") == "He said yes.\nNext line"


def test_text_is_composed_nfc_arabic_marks_included() -> None:
    assert clean_text("Cafe\u0301") == "Caf\u00e9"
    # shadda + fatha typed in either order is the same text after cleaning (canonical order)
    assert clean_text("ب\u0651\u064e") == clean_text("ب\u064e\u0651")
    assert clean_text("ا\u0653") == "آ"  # alef + madda above composes


def test_arabic_letters_and_joining_controls_are_kept_as_written() -> None:
    """Cleaning is not normalising: tatweel, presentation forms, ZWNJ/ZWJ and direction marks stay."""
    for text in ["الوزيـــر", "ﻻ ﺳﻼﻡ", "می\u200cخواهم", "\u200fقال\u200e 2024", "Table\u00a0tennis"]:
        assert clean_text(text) == text


def test_lines_lose_trailing_space_and_the_text_its_outer_blank_lines() -> None:
    assert clean_text("\n\n  indented  \nnext \u00a0\n\n\n") == "  indented\nnext"
    assert clean_text("   \n \t ") == ""
