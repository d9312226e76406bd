"""desk.core.text.readers.pdf_text: visual-order Arabic and ligatures from PDF text layers."""
from __future__ import annotations

from desk.core.text.readers.pdf_text import normalize_pdf_text, order_evidence

# "اكتشاف ريش ديناصور" as a PDF without logical text stores it: shaped glyphs, left to right.
VISUAL_TITLE = "\ufead\ufeee\ufebb\ufe8e\ufee8\ufef3\u062f \ufeb6\ufef3\u0631 \u0641\ufe8e\ufeb8\ufe98\ufedb\u0627"
LOGICAL_TITLE = "اكتشاف ريش ديناصور"


def test_visual_order_arabic_is_read_in_logical_order_with_plain_letters() -> None:
    assert order_evidence(VISUAL_TITLE) > 0
    assert normalize_pdf_text(VISUAL_TITLE) == LOGICAL_TITLE


def test_shaped_text_already_in_logical_order_is_only_unfolded() -> None:
    shaped_logical = "\ufe8d\ufedb\ufe98\ufeb8\ufe8e\u0641 \u0631\ufef3\ufeb6"  # "اكتشاف ريش", shaped, in order
    assert order_evidence(shaped_logical) < 0
    assert normalize_pdf_text(shaped_logical) == "اكتشاف ريش"


def test_numbers_latin_and_brackets_keep_their_direction() -> None:
    # On the page: في New York (سبتمبر 2025) تشير أنه, read right to left.
    visual = ("\ufeea\ufee7\u0623 \ufeae\ufef4\ufeb8\ufe97 (2025 \ufeae\ufe92\ufee4\ufe98\ufe92\ufeb3)"
              " New York \ufef2\ufed3")
    assert normalize_pdf_text(visual) == "في New York (سبتمبر 2025) تشير أنه"


def test_a_line_of_isolated_letters_follows_the_rest_of_the_text() -> None:
    # "إن" has no joining letters to show its order; the lines around it are reversed.
    assert normalize_pdf_text(VISUAL_TITLE + "\n\u0646\u0625") == LOGICAL_TITLE + "\nإن"


def test_ligatures_unfold_and_plain_text_is_untouched() -> None:
    assert normalize_pdf_text("con\ufb01rmed in \ufb02ight, the o\ufb03ce") == "confirmed in flight, the office"
    plain = "The council met on Monday.\nقال الوزير إن الاجتماع سيعقد يوم الأحد (2025)."
    assert normalize_pdf_text(plain) == plain
