"""Batch inputs: JSON Lines, CSV and Parquet archives give the same articles; folders mix documents,
feeds and archives; bad records become BadRecords (with the reason), never an exception."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desk.core.batch.sources import BadRecord, FolderSource, open_input
from desk.core.errors import LoadError
from desk.core.model import Article

RECORDS = [
    {"id": "wire-1", "title": "Oil prices climb", "lang": "en", "source": "reuters",
     "text": "Oil prices rose on Monday. Brent gained two percent.\n\nAnalysts expect more gains."},
    {"id": "wire-2", "title": "الحكومة تعلن خطة جديدة",
     "paragraphs": ["أعلنت الحكومة يوم الاثنين خطة جديدة. وقال الوزير إن الخطة تبدأ العام المقبل.",
                    "ورحب المستثمرون بالقرار."]},
    {"title": "No id given", "text": "This article has no id. It gets a stable one."},
]


def shape(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, Article):
            out.append((item.id, item.title, item.lang, item.source,
                        [[s.text for s in p.sentences] for p in item.paragraphs]))
        else:
            out.append(("bad", item.id, item.reason))
    return out


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, records: list) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "text", "paragraphs", "lang", "source"])
        writer.writeheader()
        for r in records:
            row = dict(r)
            if "paragraphs" in row:
                row["paragraphs"] = json.dumps(row["paragraphs"], ensure_ascii=False)
            writer.writerow(row)
    return path


def test_jsonl_records_become_articles(tmp_path: Path) -> None:
    items = list(open_input(write_jsonl(tmp_path / "a.jsonl", RECORDS)))
    assert [type(i) for i in items] == [Article, Article, Article]
    en, ar, anon = items
    assert (en.id, en.source, en.lang) == ("wire-1", "reuters", "en")
    assert [[s.text for s in p.sentences] for p in en.paragraphs] == [
        ["Oil prices rose on Monday.", "Brent gained two percent."], ["Analysts expect more gains."]]
    assert en.title_sentence is not None and en.title_sentence.text == "Oil prices climb"
    assert ar.lang == "ar" and len(ar.paragraphs) == 2 and ar.paragraphs[0].sentences[1].text.startswith("وقال")
    assert ar.source == str(tmp_path / "a.jsonl")
    again = list(open_input(tmp_path / "a.jsonl"))
    assert len(anon.id) == 12 and again[2].id == anon.id  # a missing id is made, and stable


def test_the_same_records_read_the_same_from_jsonl_csv_and_parquet(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    records = RECORDS[:2]
    jsonl = shape(list(open_input(write_jsonl(tmp_path / "a.jsonl", records))))
    from_csv = shape(list(open_input(write_csv(tmp_path / "a.csv", records))))
    table = pa.Table.from_pylist([{k: r.get(k) for k in ("id", "title", "text", "paragraphs", "lang", "source")}
                                  for r in records])
    pq.write_table(table, tmp_path / "a.parquet")
    parquet = shape(list(open_input(tmp_path / "a.parquet")))

    def without_source(rows: list) -> list:
        return [row[:3] + row[4:] for row in rows]

    assert without_source(from_csv) == without_source(jsonl) == without_source(parquet)
    survey = open_input(tmp_path / "a.parquet").survey()
    assert (survey.items, survey.articles, survey.langs) == (2, 2, {"ar", "en"})


def test_bad_records_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"id": "ok", "title": "Fine", "text": "A fine article. It has two sentences."}) + "\n"
        + '{"id": "cut", "title": \n'
        + json.dumps({"id": "empty", "title": "Empty", "text": ""}) + "\n"
        + "\n"
        + json.dumps(["not", "an", "object"]) + "\n"
        + json.dumps({"id": "long", "title": "Dump", "text": "word " * 50_000}) + "\n"
        + json.dumps({"id": 7, "title": "Numeric id", "paragraphs": "not a list"}) + "\n"
        + b"\xff\xfe bad bytes\n".decode("latin-1") + "\n",
        encoding="utf-8",
    )
    items = list(open_input(path))
    assert isinstance(items[0], Article)
    bad = {i.id: i.reason for i in items if isinstance(i, BadRecord)}
    assert "is not JSON" in bad["#2"]
    assert "no 'text' or 'paragraphs'" in bad["empty"]
    assert "not an object" in bad["#4"]
    assert "too long" in bad["long"] and "the limit is 200,000" in bad["long"]
    assert isinstance(items[5], Article) and items[5].id == "7"  # a text that is not a JSON list is text
    survey = open_input(path).survey()
    assert survey.items == len(items) == 7


def test_csv_needs_a_text_column_and_utf8(tmp_path: Path) -> None:
    (tmp_path / "none.csv").write_text("id,title\n1,x\n", encoding="utf-8")
    with pytest.raises(LoadError, match="'text' or 'paragraphs' column"):
        list(open_input(tmp_path / "none.csv"))
    (tmp_path / "cp.csv").write_bytes(b"id,title,text\n1,x," + "خبر عاجل".encode("cp1256") + b"\n")
    with pytest.raises(LoadError, match="not UTF-8"):
        list(open_input(tmp_path / "cp.csv"))
    multi = tmp_path / "multi.csv"
    multi.write_text('id,title,text\n9,Two paragraphs,"First one. Still first.\n\nSecond one."\n', encoding="utf-8")
    (article,) = list(open_input(multi))
    assert [len(p.sentences) for p in article.paragraphs] == [2, 1]


def test_folder_mixes_documents_feeds_and_archives(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-story.txt").write_text("Port reopens\n\nThe port reopened on Tuesday. Ships queued.", encoding="utf-8")
    write_jsonl(folder / "b-wire.jsonl", RECORDS[:2])
    (folder / "c-broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    source = open_input(folder)
    assert isinstance(source, FolderSource)
    items = list(source)
    assert [i.title if isinstance(i, Article) else "bad" for i in items] == [
        "Port reopens", "Oil prices climb", "الحكومة تعلن خطة جديدة", "bad"]
    assert items[3].source == str(folder / "c-broken.txt")
    assert source.survey().items == 4
    with pytest.raises(LoadError, match="no such file"):
        open_input(tmp_path / "missing.jsonl")
