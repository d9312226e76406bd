"""``desk translate`` end to end: a tiny OPUS-MT model installed in DESK_DATA_DIR, JSON shape, errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.cli import main
from desk.core.jobs import run_job
from desk.core.mt.engine import get_engine
from desk.core.mt.info import EngineSettings
from desk.core.mt.pipeline import translate_article, translate_texts
from desk.core.mt.store import ModelStore
from desk.core.text.articles import load_articles
from tests import mtfactory

ARTICLE = (
    "الحكومة تعلن خطة جديدة للطاقة\n\n"
    "قال الوزير في بيروت إن المحادثات مستمرة. أعلنت الحكومة خطة جديدة للطاقة.\n\n"
    "دعا الرئيس إلى وقف الحرب. نفى المسؤول التقرير. الأمن في غزة.\n"
)


pytestmark = pytest.mark.usefixtures("fresh_engines")  # opus_folder: tests/conftest.py


@pytest.fixture
def installed(opus_folder: Path) -> str:
    return ModelStore().install(opus_folder).id


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "khabar.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_translate_json_pairs_every_sentence_in_place(
    installed: str, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(article_file), "--to", "en", "--beam", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source_lang"] == "ar" and data["target_lang"] == "en" and data["model"] == installed
    article = load_articles(article_file)[0]
    assert [[pair["source"] for pair in para] for para in data["paragraphs"]] == [
        [s.text for s in p.sentences] for p in article.paragraphs
    ]
    assert data["title"]["source"] == article.title
    assert data["captions"] == []
    # the targets are what the installed model gives each sentence (greedy)
    engine = get_engine(ModelStore().get(installed), EngineSettings(beam_size=1))
    sources = [data["title"]["source"]] + [pair["source"] for para in data["paragraphs"] for pair in para]
    targets = [data["title"]["target"]] + [pair["target"] for para in data["paragraphs"] for pair in para]
    assert targets == run_job(translate_texts(sources, engine))
    assert all(targets)


def test_translate_json_gives_confidence_and_word_alignment_per_sentence(
    installed: str, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(article_file), "--to", "en", "--beam", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    article = load_articles(article_file)[0]
    pairs = [data["title"]] + [pair for para in data["paragraphs"] for pair in para]
    assert [p["id"] for p in pairs] == [s.id for s in article.all_sentences()]
    # the same work as the core pipeline: same confidence, same alignment
    engine = get_engine(ModelStore().get(installed), EngineSettings(beam_size=1))
    expected = run_job(translate_article(article, engine))
    for pair in pairs:
        target = expected.targets[pair["id"]]
        assert pair["origin"] == "machine" and pair["flags"] == target.flags
        assert pair["confidence"] == target.confidence and 0 < pair["confidence"] <= 1
        assert pair["alignment"] == [link.to_json() for link in target.alignment] and pair["alignment"]
        for link in pair["alignment"]:
            (s0, s1), (t0, t1) = link["source"], link["target"]
            assert pair["source"][s0:s1].strip() and pair["target"][t0:t1].strip()


def test_translate_human_output_and_explicit_model(
    installed: str, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(article_file), "--from", "ar", "--to", "en", "--model", installed]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.split("\n\n")) == 3  # headline + two paragraphs


def test_translate_without_a_model_for_the_direction_exits_1(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(article_file), "--to", "en", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err and "desk models install" in err


def test_translate_wrong_direction_or_article_exits_1(
    installed: str, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(article_file), "--from", "en", "--to", "ar"]) == 1
    assert main(["translate", str(article_file), "--to", "ar"]) == 1  # already Arabic
    assert main(["translate", str(article_file), "--to", "en", "--article", "3"]) == 1
    assert main(["translate", str(article_file), "--to", "en", "--model", "no-such-model"]) == 1
    assert capsys.readouterr().out == ""


def test_translate_all_articles_of_a_feed(
    feed_sample: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = mtfactory.build_opus_mt_folder(tmp_path_factory.mktemp("opus") / "en-ar", "en", "ar", seed=6)
    ModelStore().install(folder)
    assert main(["translate", str(feed_sample), "--to", "ar", "--all", "--beam", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    articles = load_articles(feed_sample)
    assert isinstance(data, list) and len(data) == len(articles) > 1
    for item, article in zip(data, articles):
        assert item["source_lang"] == "en" and item["target_lang"] == "ar"
        assert item["title"]["source"] == article.title and item["title"]["target"]
        assert [c["source"] for c in item["captions"]] == [c.text for c in article.caption_sentences]
        assert sum(map(len, item["paragraphs"])) == len(list(article.sentences()))


def test_translate_reuses_the_memory_and_says_so(installed: str, article_file: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The README's promise: a sentence in the translation memory comes back as the memory's target."""
    from desk.core.workbench.memory import TranslationMemory

    article = load_articles(article_file)[0]
    first = article.paragraphs[0].sentences[0]
    with TranslationMemory() as memory:
        memory.add(first.text, "The minister said in Beirut that the talks go on.", "ar", "en")
    assert main(["translate", str(article_file), "--to", "en", "--json"]) == 0
    pair = json.loads(capsys.readouterr().out)["paragraphs"][0][0]
    assert pair["id"] == first.id and pair["origin"] == "memory"
    assert pair["target"] == "The minister said in Beirut that the talks go on."

    assert main(["translate", str(article_file), "--to", "en", "--json", "--no-memory"]) == 0
    pair = json.loads(capsys.readouterr().out)["paragraphs"][0][0]
    assert pair["origin"] == "machine" and pair["target"] != "The minister said in Beirut that the talks go on."


def test_translate_honours_settings_ini(installed: str, article_file: Path, desk_data_dir: Path,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """settings.ini (written by the window) sets the beam size the command line uses; --beam overrides it."""
    import desk.core.mt.engine as engine_module

    seen: list[int] = []
    original = engine_module.get_engine

    def spy(info, settings=None):  # noqa: ANN001, ANN202
        seen.append(settings.beam_size)
        return original(info, settings)

    monkeypatch.setattr("desk.core.application.get_engine", spy)
    (desk_data_dir / "settings.ini").write_text("[engine]\nbeam_size=1\ncompute_type=float32\n", encoding="utf-8")
    assert main(["translate", str(article_file), "--to", "en", "--json"]) == 0
    assert main(["translate", str(article_file), "--to", "en", "--json", "--beam", "3"]) == 0
    assert seen == [1, 3]
    capsys.readouterr()


def test_translate_applies_the_glossary_terms(installed: str, article_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Terms imported with `desk glossary import` are in the output of `desk translate` (names first);
    the random model's noise around them does not matter."""
    terms = tmp_path / "terms.csv"
    terms.write_text("ar,en\nبيروت,Beirut\nغزة,Gaza Strip\n",
                     encoding="utf-8")
    assert main(["glossary", "import", str(terms)]) == 0
    capsys.readouterr()
    assert main(["translate", str(article_file), "--to", "en", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pairs = {p["source"]: p for para in data["paragraphs"] for p in para}
    beirut = pairs["قال الوزير في بيروت إن المحادثات مستمرة."]
    gaza = pairs["الأمن في غزة."]
    assert "Beirut" in beirut["target"].split() and "glossary" not in beirut["flags"]
    assert "Gaza Strip" in gaza["target"] and "glossary" not in gaza["flags"]
    # the forced name is linked to its source word
    assert any(beirut["source"][slice(*w["source"])] == "بيروت" and beirut["target"][slice(*w["target"])] == "Beirut"
               for w in beirut["alignment"])

    assert main(["translate", str(article_file), "--to", "en", "--json", "--no-glossary"]) == 0
    data = json.loads(capsys.readouterr().out)
    plain = {p["source"]: p for para in data["paragraphs"] for p in para}
    assert "Beirut" not in plain["قال الوزير في بيروت إن المحادثات مستمرة."]["target"]
