"""Turning the bytes of a text file into clean Unicode: BOMs, UTF-8/16, Arabic and Latin code pages.

Arabic files arrive as UTF-8, UTF-16 (with or without a byte-order mark), Windows-1256 or
ISO-8859-6; a guess is scored by how plausible the decoded words are (no words mixing scripts,
no control characters) and by the Arabic definite article, which tells the two Arabic code pages apart.
"""
from __future__ import annotations

import logging
import re
import unicodedata

from desk.core.errors import LoadError

log = logging.getLogger(__name__)

SAMPLE_BYTES = 256 * 1024  # how much of a file the encoding guess looks at

# --- text cleanup ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")  # C0, DEL, C1


def clean_text(text: str) -> str:
    """Normalise newlines, drop NULs / BOMs / stray controls, NFC, trim trailing spaces per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x85", "\n")  # NEL, the one C1 control that is a line break
    text = text.replace("\f", "\n\n").replace("\v", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# --- encodings ------------------------------------------------------------------------------

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
# Single-byte candidates in order of preference when they decode equally well.
_LEGACY = ["cp1256", "iso8859-6", "latin-1", "cp1252"]
_WORD_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~]+")  # whitespace and ASCII punctuation (markup)
_ARABIC_PAGES = {"cp1256", "iso8859-6", "iso8859_6", "windows-1256"}
_AL = re.compile(r"(?:^|\s|[وبفلك])ال")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff"


def text_quality(text: str) -> tuple[int, int]:
    """(plausible, implausible) character counts of a decoding.

    Implausible: control or unassigned characters, replacement characters, words mixing Arabic
    and Latin letters, and "words" made mostly of accented Latin letters (Arabic bytes read as
    Latin-1 look like that).
    """
    good = bad = 0
    for word in _WORD_SPLIT.split(text):
        ar = ascii_ = ext = 0
        for ch in word:
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
                bad += 5
            elif _is_arabic(ch) and cat[0] in "LM":
                ar += 1
            elif ch.isascii() and ch.isalpha():
                ascii_ += 1
            elif cat[0] == "L":
                ext += 1
        letters = ar + ascii_ + ext
        if ar and (ascii_ or ext):
            bad += letters
        elif ext > ascii_ and ext >= 3:
            bad += letters
        elif ext <= ascii_:
            good += letters + sum(1 for ch in word if ch.isdigit())
    return good, bad


def _plausible(text: str) -> bool:
    good, bad = text_quality(text)
    return good > 0 and bad * 4 <= good


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: a cheap look at the high bytes, then a plausibility check of the decode.

    In UTF-16 Latin text every other byte is 0x00, Arabic text 0x06 (and 0x00 for spaces).
    """
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even = (data[0::2].count(0) + data[0::2].count(6)) / half
    odd = (data[1::2].count(0) + data[1::2].count(6)) / half
    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= 0.9 and low < 0.5:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text[: SAMPLE_BYTES // 2]):
                return text, enc
    return None


def decode_bytes(data: bytes, path: object = "text") -> tuple[str, str]:
    """Decode raw bytes of a text file; returns (text, encoding name) or raises LoadError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as err:
                raise LoadError(path, f"it starts with a {enc} byte-order mark but is not valid {enc}") from err
    found = _try_utf16_without_bom(data)
    if found:
        return found
    if b"\x00" in data:
        raise LoadError(path, "it looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if _mostly_utf8(data):
            raise LoadError(
                path, f"it is not valid UTF-8 text: the file is damaged at byte {err.start} (re-save or re-export it)"
            ) from err
    mixed = _decode_mixed(data, path)
    if mixed is not None:
        return mixed
    return _decode_legacy(data, path)


def _decode_mixed(data: bytes, path: object) -> tuple[str, str] | None:
    """A file pasted together from a UTF-8 part and a code-page part: each line in its own encoding.

    Lines that are valid UTF-8 stay UTF-8; the others are decoded with the code page that reads
    them best. Only when the UTF-8 lines really hold UTF-8 (at least 10 non-ASCII characters) and
    the other lines read well in that code page; a warning names both encodings.
    """
    lines = data.split(b"\n")
    utf8_chars = 0
    legacy: list[int] = []
    for k, line in enumerate(lines):
        try:
            utf8_chars += sum(1 for ch in line.decode("utf-8") if ord(ch) > 0x7F)
        except UnicodeDecodeError:
            legacy.append(k)
    if utf8_chars < 10 or not legacy:
        return None
    other = b"\n".join(lines[k] for k in legacy)
    found = _best_decoding(other, other[:SAMPLE_BYTES], list(_LEGACY), path)
    if found is None or not _readable(found[1]):
        return None
    enc = found[0]
    legacy_set = set(legacy)
    text = "\n".join(line.decode(enc) if k in legacy_set else line.decode("utf-8") for k, line in enumerate(lines))
    log.warning("%s mixes UTF-8 and %s text: each line was decoded in its own encoding (%d of %d lines in %s)",
                path, enc, len(legacy), len(lines), enc)
    return text, f"utf-8+{enc}"


def _sample(data: bytes) -> bytes:
    """What an encoding guess looks at: SAMPLE_BYTES from the line of the first non-ASCII byte on
    (an ASCII head, such as a web page's scripts and styles, says nothing about the code page)."""
    found = _HIGH_BYTE.search(data)
    start = data.rfind(b"\n", 0, found.start()) + 1 if found else 0
    return data[start:start + SAMPLE_BYTES]


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few damaged bytes, as opposed to a legacy code page.

    In a code-page file the high bytes almost never form valid UTF-8 sequences; in damaged
    UTF-8 nearly all of them do.
    """
    sample = _sample(data)
    decoded = sample.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    valid = sum(1 for ch in decoded if ord(ch) > 0x7F) - invalid
    return valid >= 20 and invalid * 50 <= valid


def _decode_legacy(data: bytes, path: object) -> tuple[str, str]:
    import charset_normalizer

    sample = _sample(data)  # judge a large file by its first non-ASCII part, then decode it all
    found = _best_decoding(data, sample, list(_LEGACY), path)
    if found is None or not _readable(found[1]):
        # None of the expected code pages reads it: ask charset-normaliser for anything else
        # (Cyrillic, Greek…). Its guesses are never preferred over a readable expected one,
        # because on a few stray bytes it likes exotic pages (cp1006, cp864).
        best = charset_normalizer.from_bytes(sample).best()
        if best is not None and best.encoding not in _LEGACY:
            found = _best_decoding(data, sample, list(_LEGACY) + [best.encoding], path)
    if found is None:
        raise LoadError(path, "its text encoding could not be recognised")
    enc, text = found
    if not _readable(text):
        raise LoadError(path, "it is not readable text in any encoding Desk knows (binary or damaged file?)")
    return data.decode(enc), enc


def _readable(text: str) -> bool:
    good, bad = text_quality(text)
    return good > 0 and bad * 2 <= good


def _best_decoding(data: bytes, sample: bytes, candidates: list[str], path: object) -> tuple[str, str] | None:
    """(encoding, decoded sample) of the best-scoring candidate, or None if none decodes."""
    scored: list[tuple[float, bool, int, str, str]] = []
    for rank, enc in enumerate(candidates):
        try:
            data.decode(enc)  # the whole file must decode, not only the sample
            text = sample.decode(enc, errors="replace")  # a multi-byte page may be cut mid-character
        except (UnicodeDecodeError, LookupError):
            continue
        good, bad = text_quality(text)
        # The definite article "ال" is the commonest Arabic bigram: it tells cp1256 from ISO-8859-6
        # when both decodings give Arabic letters.
        bonus = 3 * len(_AL.findall(text))
        # Equal scores: an Arabic code page only wins if the text has Arabic letters.
        consistent = (enc in _ARABIC_PAGES) == any(_is_arabic(ch) for ch in text)
        scored.append((good + bonus - 3 * bad, consistent, -rank, enc, text))
        log.debug("decode %s as %s: good=%d bad=%d al=%d", path, enc, good, bad, bonus // 3)
    if not scored:
        return None
    *_, enc, text = max(scored)
    return enc, text
