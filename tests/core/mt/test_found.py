"""Models already on the computer: folders built in the layouts Argos Translate, LibreTranslate, the
Hugging Face hub cache and OPUS-CAT use, found, described and installed through the real store."""
from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.jobs import run_job
from desk.core.mt import found
from desk.core.mt.integrity import verify_job
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory

COMMIT = "a81dfb30ecb6f7309857c22c5679e92b6de045ea"


def make_argos_folder(packages: Path, src: str, tgt: str) -> Path:
    archive = factory.build_argos_package(packages.parent / f"{src}_{tgt}.argosmodel", src, tgt)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages)  # Argos unpacks each package into its own folder: translate-ar_en-1_0/
    archive.unlink()
    return packages / f"translate-{src}_{tgt}-1_0"


def make_hf_cache(hub: Path, org: str, name: str, src: str, tgt: str) -> Path:
    """models--ORG--NAME/{blobs/<sha256>, snapshots/<commit>/<file> -> ../../blobs/<sha256>, refs/main}."""
    names = ("src.spm.model", "tgt.spm.model")
    model = factory.build_ct2_folder(hub.parent / f"build-{name}", src, tgt, spm_names=names)
    repo = hub / f"models--{org}--{name}"
    (repo / "blobs").mkdir(parents=True)
    snapshot = repo / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    for f in model.iterdir():
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        shutil.copyfile(f, repo / "blobs" / digest)
        os.symlink(Path("..") / ".." / "blobs" / digest, snapshot / f.name)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    shutil.rmtree(model)
    return snapshot


def make_opuscat(models: Path, src: str, tgt: str) -> Path:
    folder = factory.build_opus_mt_folder(models / f"{src}-{tgt}" / "opus-2019-12-18", src, tgt, readme=False)
    return folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for var in ("ARGOS_PACKAGES_DIR", "HF_HUB_CACHE", "HF_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def computer(home: Path) -> dict[str, Path]:
    """A home folder where three other programs left models."""
    return {
        "argos": make_argos_folder(home / ".local" / "share" / "argos-translate" / "packages", "ar", "en"),
        "hf": make_hf_cache(home / ".cache" / "huggingface" / "hub", "quickmt", "quickmt-en-ar", "en", "ar"),
        "opuscat": make_opuscat(home / "AppData" / "Local" / "opuscat" / "models", "ar", "en"),
    }


def test_places_follow_each_programs_conventions(home: Path) -> None:
    env = {"HOME": str(home), "ARGOS_PACKAGES_DIR": "/srv/argos", "HF_HOME": "/srv/hf", "LOCALAPPDATA": "C:/Users/x"}
    places = found.search_places(env)
    assert (found.ARGOS, Path("/srv/argos")) in places
    assert (found.ARGOS, home / ".local" / "share" / "argos-translate" / "packages") in places
    assert (found.LIBRE, Path("/home/libretranslate/.local/share/argos-translate/packages")) in places
    assert (found.HF, Path("/srv/hf/hub")) in places and (found.HF, home / ".cache" / "huggingface" / "hub") in places
    assert (found.OPUSCAT, Path("C:/Users/x").absolute() / "opuscat" / "models") in places


def test_finds_models_in_other_programs_folders(computer: dict[str, Path]) -> None:
    models = {m.program: m for m in found.find_models()}
    assert set(models) == {found.ARGOS, found.HF, found.OPUSCAT}
    argos, hf, opuscat = models[found.ARGOS], models[found.HF], models[found.OPUSCAT]
    assert (argos.path, argos.format, argos.source_lang, argos.target_lang) == (computer["argos"], "argos", "ar", "en")
    assert (hf.path, hf.format, hf.source_lang, hf.target_lang) == (computer["hf"], "ctranslate2", "en", "ar")
    assert hf.name == "quickmt/quickmt-en-ar"
    blobs = computer["hf"].parent.parent / "blobs"
    assert hf.size_bytes == sum(f.stat().st_size for f in blobs.iterdir())  # links followed inside the repo
    assert (opuscat.format, opuscat.source_lang, opuscat.target_lang) == ("opus-mt", "ar", "en")  # from "ar-en/"
    assert all(m.size_bytes > 0 for m in models.values())


def test_libretranslate_folder_and_unrelated_hf_repos(tmp_path: Path) -> None:
    packages = tmp_path / "libre" / "packages"
    make_argos_folder(packages, "en", "ar")
    hub = tmp_path / "hub"
    (hub / "models--bert--base" / "snapshots" / COMMIT).mkdir(parents=True)  # transformers weights, no model.bin
    (hub / "models--bert--base" / "snapshots" / COMMIT / "pytorch_model.bin").write_bytes(b"x")
    models = found.find_models([(found.LIBRE, packages), (found.HF, hub), (found.OPUSCAT, tmp_path / "absent")])
    assert [(m.program, m.source_lang, m.target_lang) for m in models] == [(found.LIBRE, "en", "ar")]


def test_every_found_model_installs_and_is_recorded(computer: dict[str, Path]) -> None:
    store = ModelStore()
    infos = [run_job(found.install_job(store, m.path)) for m in found.find_models()]
    pairs = sorted((i.format, i.source_lang, i.target_lang) for i in infos)
    assert pairs == [("argos", "ar", "en"), ("ctranslate2", "en", "ar"), ("opus-mt", "ar", "en")]
    hf = next(i for i in infos if i.format == "ctranslate2")
    assert not any(p.is_symlink() for p in hf.path.rglob("*"))  # real files in the store
    assert all(run_job(verify_job(store, i.id)).ok for i in infos)
    assert not any(store.tmp_dir.glob("found-*"))  # the resolved copy is gone
    assert computer["hf"].is_dir() and any(p.is_symlink() for p in computer["hf"].iterdir())  # the cache untouched


def test_a_link_leaving_the_hf_repository_is_refused(computer: dict[str, Path], tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not a model file")
    (computer["hf"] / "extra.txt").symlink_to(secret)
    with pytest.raises(ModelError, match="points outside its repository folder"):
        run_job(found.install_job(ModelStore(), computer["hf"]))
