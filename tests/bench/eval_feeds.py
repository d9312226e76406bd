"""Feed cleanup on feeds of 100 articles built from FLORES-200, English and Arabic.

Each FLORES-200 devtest story (consecutive sentences with one source URL in
``metadata_devtest.tsv``) becomes an article of a pasted feed dump in the format users paste
(headline, photo caption repeated, a stray ``TT`` line, the headline again, the caption again,
then the body). The English headline is the URL's last part ("Amazon_to_buy_smart_doorbell_startup_Ring");
the Arabic one is the opening words of the story's first Arabic sentence. Headlines and captions
vary as real feeds do, by article number n:

- headline (n mod 4): as it is; ending with a period ("Talks Resume in Geneva."); containing a
  period ("U.N. Envoy Arrives. Talks Resume", "المبعوث يصل. والمحادثات تستأنف"); longer than a
  line (the headline, a colon and most of the first sentence);
- caption repeats (n div 4 mod 3): twice, once, no caption;
- caption style (n div 12 mod 3): ending with the agency in brackets, ending with a period, or
  short and headline-like with no final punctuation.

An article is *fully right* when Desk finds it with exactly its headline, its captions and its
body paragraphs (nothing merged into the previous article, no caption left in the body). The
script prints, per language, articles fully right / total over feeds of 100 articles, and exits
1 unless every article is right (2 when the data is missing).

    python tests/bench/eval_feeds.py [--flores DIR] [--show N]
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from desk.core.text.articles import PARAGRAPH_SEP, articles_from_text

DEFAULT_FLORES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "flores200"
FILES = {"en": "eng_Latn.devtest", "ar": "arb_Arab.devtest"}
FEED_SIZE = 100


@dataclass
class Story:
    url: str
    sentences: dict[str, list[str]] = field(default_factory=dict)  # lang → sentences


@dataclass
class Expected:
    title: str
    captions: list[str]
    paragraphs: list[str]


def read_stories(flores: Path) -> list[Story]:
    """The devtest stories in order: consecutive sentences with one URL are one story."""
    with (flores / "metadata_devtest.tsv").open(encoding="utf-8") as handle:
        urls = [row["URL"] for row in csv.DictReader(handle, delimiter="\t")]
    lines = {lang: (flores / name).read_text(encoding="utf-8").splitlines() for lang, name in FILES.items()}
    stories: list[Story] = []
    for k, url in enumerate(urls):
        if not stories or stories[-1].url != url:
            stories.append(Story(url, {lang: [] for lang in FILES}))
        for lang in FILES:
            # Desk reads text as NFC with single spaces; the expected text is written the same way.
            stories[-1].sentences[lang].append(unicodedata.normalize("NFC", " ".join(lines[lang][k].split())))
    return stories


def _words(text: str, n: int) -> str:
    return " ".join(" ".join(text.split()[:n]).rstrip(".,;:!?؟،؛\"'»”–- ").split())


def base_headline(story: Story, lang: str) -> str:
    if lang == "en":
        return " ".join(unquote(story.url.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ").split())
    return _words(story.sentences["ar"][0], 7)


def headline(story: Story, lang: str, n: int) -> str:
    head = base_headline(story, lang)
    sentences = story.sentences[lang]
    variant = n % 4
    if variant == 1:
        return head + "."
    if variant == 2:
        tail = _words(sentences[-1], 4)
        return f"{head}. {tail[:1].upper()}{tail[1:]}" if lang == "en" else f"{head}. {tail}"
    if variant == 3:
        first = sentences[0].rstrip(".!?؟")
        return f"{head}: {_words(first, 22)}"
    return head


def caption(story: Story, lang: str, n: int) -> str:
    last = _words(story.sentences[lang][-1], 6)
    style = n // 12 % 3
    if style == 0:
        return f"File photo: {last} (AFP)" if lang == "en" else f"صورة أرشيفية: {last} (أ ف ب)"
    if style == 1:
        return f"A file photo shows {last}." if lang == "en" else f"صورة تظهر {last}."
    return f"Scene of {_words(last, 4)}" if lang == "en" else f"مشهد من {_words(last, 4)}"


def caption_repeats(n: int) -> int:
    return (2, 1, 0)[n // 4 % 3]


def body(story: Story, lang: str) -> list[str]:
    """Two sentences per paragraph."""
    sentences = story.sentences[lang]
    return [" ".join(sentences[k:k + 2]) for k in range(0, len(sentences), 2)]


def build_feed(stories: list[Story], lang: str, first_number: int = 0) -> tuple[str, list[Expected]]:
    """A feed dump of ``stories`` and what Desk should find in it, article by article."""
    chunks: list[str] = []
    expected: list[Expected] = []
    for n, story in enumerate(stories, start=first_number):
        title = headline(story, lang, n)
        cap = caption(story, lang, n)
        repeats = caption_repeats(n)
        caps = [cap] * repeats
        header = [title, "", *caps, "TT", "", title, "", *caps]
        paragraphs = body(story, lang)
        chunks.append("\n".join(header) + "\n\n" + "\n\n".join(paragraphs))
        expected.append(Expected(title, [cap] if repeats else [], paragraphs))
    return "\n\n".join(chunks) + "\n", expected


def check(text: str, expected: list[Expected]) -> tuple[int, list[str]]:
    """(articles fully right, descriptions of what went wrong)."""
    got = articles_from_text(text)
    by_title: dict[str, list] = {}
    for a in got:
        by_title.setdefault(a.title, []).append(a)
    right, wrong = 0, []
    for exp in expected:
        found = by_title.get(exp.title, [])
        if not found:
            wrong.append(f"headline not found: {exp.title[:90]!r}")
            continue
        a = found.pop(0)
        paragraphs = a.text.split(PARAGRAPH_SEP) if a.text else []
        if a.captions != exp.captions:
            wrong.append(f"captions {a.captions!r} instead of {exp.captions!r} in {exp.title[:60]!r}")
        elif paragraphs != exp.paragraphs:
            diff = next((f"{g[:50]!r} ≠ {e[:50]!r}" for g, e in zip(paragraphs, exp.paragraphs) if g != e), "")
            wrong.append(f"body of {exp.title[:60]!r}: {len(paragraphs)} paragraph(s) instead of "
                         f"{len(exp.paragraphs)} {diff}")
        else:
            right += 1
    if len(got) != len(expected):
        wrong.append(f"{len(got)} articles found instead of {len(expected)}")
    return right, wrong


def evaluate(stories: list[Story], lang: str, size: int = FEED_SIZE) -> tuple[int, int, list[str]]:
    right, total, wrong = 0, 0, []
    for start in range(0, len(stories), size):
        text, expected = build_feed(stories[start:start + size], lang, start)
        r, w = check(text, expected)
        right, total, wrong = right + r, total + len(expected), wrong + w
    return right, total, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flores", type=Path, default=DEFAULT_FLORES, help="FLORES-200 folder")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N problems per language")
    args = parser.parse_args(argv)
    if not (args.flores / "metadata_devtest.tsv").is_file():
        print(f"FLORES-200 devtest not found in {args.flores}", file=sys.stderr)
        return 2
    stories = read_stories(args.flores)
    ok = True
    for lang in FILES:
        right, total, wrong = evaluate(stories, lang)
        ok &= right == total and not wrong
        feeds = (len(stories) + FEED_SIZE - 1) // FEED_SIZE
        print(f"{lang}: articles fully right {right}/{total} ({feeds} feeds of up to {FEED_SIZE} articles)")
        for problem in wrong[: args.show]:
            print(f"    {problem}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
