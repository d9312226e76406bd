"""``desk summarize``: real files through the loader, the summarizers and the JSON/human output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desk.cli import main
from desk.core.summary.summarize import ALGORITHMS
from desk.core.text.articles import load_articles
from desk.core.text.segment import words

ARTICLE_AR = """فيضان النهر يغمر المدينة

وصل فيضان النهر إلى وسط المدينة صباح الاثنين. وقال مهندسون إن حواجز النهر قديمة جدا.

فرت العائلات من المدينة عندما انهارت حواجز الفيضان. ونقلت قوارب الإنقاذ العائلات بعيدا عن الفيضان.

وافتتح مخبز جديد قرب محطة القطار يوم الجمعة.

وقالت البلدية إنها ستعيد بناء حواجز النهر قبل الشتاء لحماية المدينة من الفيضان.
"""


@pytest.fixture
def arabic_file(tmp_path: Path) -> Path:
    path = tmp_path / "flood-ar.txt"
    path.write_text(ARTICLE_AR, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["summarize", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_feed_sample_lsa_word_budget(feed_sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(feed_sample), "--json", "--algorithm", "lsa", "--words", "80")
    assert code == 0
    data = json.loads(out)
    article = load_articles(feed_sample)[0]
    assert data["algorithm"] == "lsa" and data["lang"] == "en" and data["title"] == article.title
    picks = data["sentences"]
    assert picks and [p["index"] for p in picks] == sorted({p["index"] for p in picks})
    by_id = article.sentence_index()
    body = list(article.sentences())
    for p in picks:
        assert re.fullmatch(r"p\d+s\d+", p["id"])
        assert by_id[p["id"]].text == p["text"] == body[p["index"]].text
        assert isinstance(p["score"], float)
    assert sum(len(words(p["text"], "en")) for p in picks) <= 80
    # sub-headings left in the body ("Sudani win": short, no full stop) are not summary sentences
    assert all(len(words(p["text"], "en")) > 4 or p["text"].rstrip()[-1] in ".!?\"”" for p in picks)


def test_every_feed_article_and_algorithm(feed_sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    count = len(load_articles(feed_sample))
    for index in range(count):
        for algorithm in ALGORITHMS:
            code, out, _ = run(capsys, str(feed_sample), "--json", "--algorithm", algorithm, "--article", str(index),
                               "--sentences", "2")
            assert code == 0
            assert 1 <= len(json.loads(out)["sentences"]) <= 2


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_arabic_file_every_algorithm_human_output(
    arabic_file: Path, algorithm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(arabic_file), "--algorithm", algorithm, "--sentences", "2")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    body = [s.text for s in load_articles(arabic_file)[0].sentences()]
    for line in lines:
        m = re.fullmatch(r"\[(\d+)\] (.+)", line)
        assert m and body[int(m.group(1))] == m.group(2)


def test_arabic_file_json_ratio_and_lang(arabic_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(arabic_file), "--json", "--ratio", "0.5", "--algorithm", "luhn")
    data = json.loads(out)
    assert code == 0 and data["lang"] == "ar" and len(data["sentences"]) == 3  # 6 sentences × 0.5
    code, out, _ = run(capsys, str(arabic_file), "--json", "--lang", "en", "--algorithm", "lead")
    assert code == 0 and json.loads(out)["lang"] == "en"
    assert [s["index"] for s in json.loads(out)["sentences"]] == [0, 1, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--ratio", "1.5"], "ratio"), (["--sentences", "0"], "at least 1 sentence"), (["--words", "-3"], "word budget"),
     (["--article", "4"], "does not exist")],
)
def test_user_errors_exit_1_with_a_message(
    arabic_file: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(arabic_file), *args)
    assert code == 1 and out == ""
    assert err.startswith("desk: ") and message in err


def test_unknown_algorithm_is_refused_by_the_parser(arabic_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(arabic_file), "--algorithm", "bogus"])
    assert exc.value.code == 2
    assert "lexrank" in capsys.readouterr().err
