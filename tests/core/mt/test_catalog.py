"""The shipped catalog: pinned addresses, licences, published scores; ranking; ids validated on reading."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desk.core.errors import DeskError, DownloadError
from desk.core.mt.catalog import (
    FLORES,
    catalog_entry,
    check_model_id,
    installed_score,
    load_catalog,
    rank_key,
    ranked,
)
from desk.core.mt.info import ModelInfo
from desk.core.mt.record import update_record


def test_shipped_catalog_has_the_public_records() -> None:
    entries = {e.id: e for e in load_catalog()}
    assert len(entries) >= 10
    for e in entries.values():
        urls = [e.url] if e.url else [f.url for f in e.files]
        assert urls and all(u.startswith("https://") for u in urls), e.id
        assert not any("/resolve/main/" in u for u in urls), e.id  # never a moving branch
        for u in urls:
            if "huggingface.co" in u:
                assert re.search(r"/resolve/[0-9a-f]{40}/", u), u  # pinned to a full commit id
        assert e.license and e.name and e.speed_class in {"base", "big", "600M"}
        assert e.scores or "No FLORES-200 figure" in e.note, e.id
        for s in e.scores:
            assert s.direction in e.directions and s.record and (s.bleu or s.chrf)
    tc_ar_en = entries["opus-mt-tc-big-ar-en-2022-03-09"]
    assert tc_ar_en.url.endswith("ara-eng/opusTCv20210807+bt_transformer-big_2022-03-09.zip")
    assert (tc_ar_en.score("ar-en").bleu, tc_ar_en.score("ar-en").chrf) == (42.8, 67.2)
    assert entries["opus-mt-tc-big-en-ar-2022-02-25"].speed_class == "big"
    nllb = entries["nllb-200-distilled-600m-int8"]
    assert nllb.noncommercial and nllb.license == "CC-BY-NC-4.0" and nllb.speed_class == "600M"
    archive = next(f for f in nllb.files if f.path.endswith(".zip"))
    assert archive.size == 578_586_670
    assert archive.sha256 == "a1dede18a91665b4670fd1e18942317226f3a3a8a1f96fca7099551f065ce224"
    assert set(nllb.directions) == {"ar-en", "en-ar"} and nllb.score("en-ar").bleu == 23.0
    assert entries["tatoeba-mt-en-ar-2021-02-23"].score("en-ar").test_set != FLORES
    assert "opus-mt-en-ar" not in entries  # that id named Hugging Face's older release, not this one
    assert entries["argos-ar-en-1.0"].license == "not stated in the package"


def test_ranked_is_best_first_per_direction() -> None:
    rows = ranked(load_catalog())
    ar_en = [e.id for d, e in rows if d == "ar-en"]
    en_ar = [e.id for d, e in rows if d == "en-ar"]
    assert ar_en[:3] == ["opus-mt-tc-big-ar-en-2022-03-09", "quickmt-ar-en", "nllb-200-distilled-600m-int8"]
    assert ar_en[-1] == "tatoeba-mt-ar-en-2021-02-23"  # no published FLORES figure: last
    assert en_ar[0] == "quickmt-en-ar" and en_ar[-1] == "tatoeba-mt-en-ar-2021-02-23"


def test_installed_models_rank_by_recorded_or_catalog_score(tmp_path: Path) -> None:
    def info(model_id: str, **record: object) -> ModelInfo:
        folder = tmp_path / model_id
        folder.mkdir()
        if record:
            update_record(folder, **record)
        return ModelInfo(model_id, "ar", "en", "ctranslate2", folder, folder, folder / "s", folder / "t")

    score = {"direction": "ar-en", "test_set": FLORES, "bleu": 10.0, "chrf": 40.0, "record": "x"}
    recorded = info("whatever", published_scores=[score])
    assert installed_score(recorded, "ar-en").chrf == 40.0
    assert installed_score(info("quickmt-ar-en"), "ar-en").chrf == 67.0  # by catalog id
    assert installed_score(info("renamed", catalog_id="argos-ar-en-1.0"), "ar-en").chrf == 56.4
    own = info("my-own-model")
    assert installed_score(own, "ar-en") is None
    def key(model_id: str) -> tuple[float, ...]:
        folder = tmp_path / model_id
        return rank_key(ModelInfo(model_id, "ar", "en", "", folder, folder, folder, folder), "ar", "en")

    ranked_ids = sorted(["my-own-model", "quickmt-ar-en", "renamed"], key=key)
    assert ranked_ids == ["quickmt-ar-en", "renamed", "my-own-model"]


def test_catalog_lookup_and_broken_catalog(tmp_path: Path) -> None:
    assert catalog_entry("opus-mt-ar-en-2019-12-18").format == "opus-mt"
    with pytest.raises(DownloadError, match="not in the model catalog"):
        catalog_entry("no-such-model")
    broken = tmp_path / "catalog.json"
    base = {"id": "x", "name": "x", "format": "argos", "source_lang": "ar", "target_lang": "en"}
    broken.write_text(json.dumps({"models": [base]}))
    with pytest.raises(DeskError, match="neither url nor files"):
        load_catalog(broken)
    broken.write_text("{oops")
    with pytest.raises(DeskError, match="catalog .* is broken"):
        load_catalog(broken)


@pytest.mark.parametrize("bad", ["../evil", "a/b", "UPPER", "", ".hidden", "x" * 97])
def test_hostile_ids_and_paths_are_refused_on_reading(tmp_path: Path, bad: str) -> None:
    with pytest.raises(DownloadError, match="not a valid model id"):
        check_model_id(bad)
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"models": [{"id": bad, "name": "x", "format": "argos", "source_lang": "ar",
                                               "target_lang": "en", "url": "https://example.org/x.zip"}]}))
    with pytest.raises(DeskError, match="broken.*not a valid model id"):
        load_catalog(catalog)


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../b", "sub/./x", "bad\\name"])
def test_hostile_file_paths_are_refused(tmp_path: Path, path: str) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"models": [{"id": "ok", "name": "x", "format": "ctranslate2", "source_lang": "ar",
                                               "target_lang": "en", "files": [{"path": path, "url": "https://e.org/x"}]}]}))
    with pytest.raises(DeskError, match="bad file path"):
        load_catalog(catalog)


def test_default_model_is_the_best_installed_by_published_score_unless_chosen(tmp_path: Path) -> None:
    """Three ar→en models side by side; the store ranks them by published score (not by size), and
    the application layer takes the user's choice over that ranking."""
    from desk.core.application import Application
    from desk.core.mt.store import ModelStore
    from desk.core.settings import UserSettings
    from tests import mtfactory

    store = ModelStore()
    small = mtfactory.build_opus_mt_folder(tmp_path / "small", "ar", "en", d_model=32)
    big = mtfactory.build_opus_mt_folder(tmp_path / "big", "ar", "en", d_model=64, ffn=128)
    store.install(big, model_id="argos-ar-en-1.0")  # bigger, but published 29.4 / 56.4
    store.install(small, model_id="quickmt-ar-en")  # smaller, published 42.8 / 67.0
    store.install(small, model_id="my-own-ar-en")  # no published score: last
    assert [m.id for m in store.find("ar", "en")] == ["quickmt-ar-en", "argos-ar-en-1.0", "my-own-ar-en"]
    assert [m.id for m in Application(UserSettings(), store).route("ar", "en")] == ["quickmt-ar-en"]
    chosen = Application(UserSettings(preferred_models={"ar-en": "my-own-ar-en"}), store)
    assert [m.id for m in chosen.route("ar", "en")] == ["my-own-ar-en"]
