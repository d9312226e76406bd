"""``desk models ...`` end to end, in process: install -> list --json -> remove, download, catalog."""
from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from desk.cli import main
from tests import mtfactory as factory


@pytest.fixture(scope="module")
def pkgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("cli-pkgs")
    return {
        "argos": factory.build_argos_package(base / "translate-en_ar-1_0.argosmodel", "en", "ar"),
        "opus_zip": factory.zip_folder(
            factory.build_opus_mt_folder(base / "opus", "ar", "en"), base / "opus-2020-01-01.zip"
        ),
        "ct2": factory.build_ct2_folder(
            base / "quickmt-ar-en", "ar", "en", spm_names=("src.spm.model", "tgt.spm.model")
        ),
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def list_json(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code, out, _ = run(capsys, "models", "list", "--json")
    assert code == 0
    return json.loads(out)


def test_install_list_remove_cycle(
    capsys: pytest.CaptureFixture[str], pkgs: dict[str, Path], desk_data_dir: Path
) -> None:
    assert list_json(capsys) == []
    code, out, err = run(capsys, "models", "install", str(pkgs["argos"]))
    assert code == 0 and "Installed argos-en-ar-1.0 (en->ar, argos)" in out
    assert "Unpacking" in err and "Checking the model" in err  # progress goes to stderr
    code, out, _ = run(capsys, "models", "install", str(pkgs["opus_zip"]))
    assert code == 0 and "opus-mt-ar-en" in out

    models = {m["id"]: m for m in list_json(capsys)}
    assert set(models) == {"argos-en-ar-1.0", "opus-mt-ar-en"}
    for m in models.values():
        assert {"id", "source_lang", "target_lang", "format", "path", "size_bytes", "name"} <= set(m)
        assert Path(m["path"]).is_relative_to(desk_data_dir) and m["size_bytes"] > 0
    assert (models["opus-mt-ar-en"]["source_lang"], models["opus-mt-ar-en"]["target_lang"]) == ("ar", "en")
    assert models["opus-mt-ar-en"]["format"] == "opus-mt"

    code, out, _ = run(capsys, "models", "list")
    assert code == 0 and "argos-en-ar-1.0" in out and "en->ar" in out

    code, out, _ = run(capsys, "models", "remove", "argos-en-ar-1.0")
    assert code == 0 and [m["id"] for m in list_json(capsys)] == ["opus-mt-ar-en"]
    code, _, err = run(capsys, "models", "remove", "argos-en-ar-1.0")
    assert code == 1 and "No installed model is called 'argos-en-ar-1.0'" in err


def test_install_without_pair_needs_flags(capsys: pytest.CaptureFixture[str], pkgs: dict[str, Path]) -> None:
    code, out, err = run(capsys, "models", "install", str(pkgs["ct2"]))
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1].startswith("desk: ") and "--from and --to" in err
    assert list_json(capsys) == []
    code, out, _ = run(capsys, "models", "install", str(pkgs["ct2"]), "--from", "ar", "--to", "en")
    assert code == 0 and "quickmt-ar-en (ar->en, ctranslate2)" in out
    code, _, err = run(capsys, "models", "install", str(pkgs["ct2"]), "--from", "ar", "--to", "en")
    assert code == 1 and "already installed" in err
    code, _, _ = run(capsys, "models", "install", str(pkgs["ct2"]), "--from", "ar", "--to", "en", "--replace")
    assert code == 0 and [m["id"] for m in list_json(capsys)] == ["quickmt-ar-en"]


def test_install_refusals_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "models", "install", str(tmp_path / "absent.zip"))
    assert code == 1 and "does not exist" in err
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    code, _, err = run(capsys, "models", "install", str(junk))
    assert code == 1 and "neither a model folder nor a zip archive" in err


def test_catalog_lists_known_models(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "catalog", "--json")
    entries = json.loads(out)
    assert code == 0 and {"opus-mt-ar-en-2019-12-18", "argos-en-ar-1.0", "quickmt-ar-en"} <= {e["id"] for e in entries}
    assert all(e["installed"] is False for e in entries)
    code, out, _ = run(capsys, "models", "catalog")
    assert code == 0 and "opus-mt-ar-en-2019-12-18" in out


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def test_download_from_url_installs_catalog_id(
    capsys: pytest.CaptureFixture[str], pkgs: dict[str, Path], file_server: tuple[str, Path]
) -> None:
    base, root = file_server
    (root / "pkg.argosmodel").write_bytes(pkgs["argos"].read_bytes())
    code, out, err = run(capsys, "models", "download", "argos-en-ar-1.0", "--url", f"{base}/pkg.argosmodel")
    assert code == 0, err
    assert "Installed argos-en-ar-1.0 (en->ar, argos)" in out
    digest = hashlib.sha256(pkgs["argos"].read_bytes()).hexdigest()
    assert f"sha256 {digest}" in err and "not verified" in err
    code, out, _ = run(capsys, "models", "catalog", "--json")
    assert next(e for e in json.loads(out) if e["id"] == "argos-en-ar-1.0")["installed"] is True

    code, _, err = run(capsys, "models", "download", "opus-mt-ar-en-2019-12-18", "--url", f"{base}/missing.zip")
    assert code == 1 and "404" in err
    code, _, err = run(capsys, "models", "download", "no-such-model")
    assert code == 1 and "not in the model catalog" in err


def test_catalog_shows_quality_licence_size_speed_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "catalog")
    assert code == 0
    ar_en = out[out.index("ar-en"):out.index("en-ar")]
    lines = [line for line in ar_en.splitlines()[1:] if line.strip()]
    assert lines[0].split()[0] == "opus-mt-tc-big-ar-en-2022-03-09" and "42.8 / 67.2" in lines[0] and "big" in lines[0]
    nllb = next(line for line in lines if "nllb" in line)
    assert "600M" in nllb and "CC-BY-NC-4.0" in nllb and "551.8 MB" in nllb
    code, out, _ = run(capsys, "models", "catalog", "--json")
    entries = {e["id"]: e for e in json.loads(out)}
    assert entries["nllb-200-distilled-600m-int8"]["noncommercial"] is True
    assert entries["quickmt-ar-en"]["scores"][0]["record"].startswith("quickmt model card")


def test_download_refusals_name_the_flags(
    capsys: pytest.CaptureFixture[str], pkgs: dict[str, Path], file_server: tuple[str, Path]
) -> None:
    base, root = file_server
    code, _, err = run(capsys, "models", "download", "nllb-200-distilled-600m-int8", "--url", f"{base}/never.zip")
    assert code == 1 and "non-commercial" in err and "--accept-licence" in err
    (root / "pkg.argosmodel").write_bytes(pkgs["argos"].read_bytes())
    assert run(capsys, "models", "download", "argos-en-ar-1.0", "--url", f"{base}/pkg.argosmodel")[0] == 0
    (root / "pkg.argosmodel").unlink()  # a second download would fail to fetch: it must be refused first
    code, _, err = run(capsys, "models", "download", "argos-en-ar-1.0", "--url", f"{base}/pkg.argosmodel")
    assert code == 1 and "already installed" in err and "--replace" in err and "404" not in err


def test_list_shows_recorded_sha256_and_verify_finds_damage(
    capsys: pytest.CaptureFixture[str], pkgs: dict[str, Path], file_server: tuple[str, Path]
) -> None:
    base, root = file_server
    (root / "pkg.argosmodel").write_bytes(pkgs["argos"].read_bytes())
    assert run(capsys, "models", "download", "argos-en-ar-1.0", "--url", f"{base}/pkg.argosmodel")[0] == 0
    assert run(capsys, "models", "install", str(pkgs["opus_zip"]))[0] == 0
    models = {m["id"]: m for m in list_json(capsys)}
    digest = hashlib.sha256(pkgs["argos"].read_bytes()).hexdigest()
    assert models["argos-en-ar-1.0"]["sha256"] == {"argos-en-ar-1.0.argosmodel": digest}
    assert models["opus-mt-ar-en"]["files_recorded"] > 0  # installed from a file: installed files recorded
    code, out, _ = run(capsys, "models", "verify")
    assert code == 0 and out.count("match the checksums") == 2
    model_bin = Path(models["opus-mt-ar-en"]["path"]) / "model" / "model.bin"
    data = bytearray(model_bin.read_bytes())
    data[-1] ^= 0xFF
    model_bin.write_bytes(bytes(data))
    code, out, _ = run(capsys, "models", "verify", "opus-mt-ar-en", "--json")
    [report] = json.loads(out)
    assert code == 1 and report["ok"] is False and report["changed"] == ["model/model.bin"]


def test_models_found_lists_and_install_takes_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.core.mt.test_found import make_argos_folder, make_hf_cache

    home = tmp_path / "home"
    for var in ("ARGOS_PACKAGES_DIR", "HF_HUB_CACHE", "HF_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    code, out, _ = run(capsys, "models", "found")
    assert code == 0 and "No translation models found" in out and "argos-translate" in out
    make_argos_folder(home / ".local" / "share" / "argos-translate" / "packages", "en", "ar")
    snapshot = make_hf_cache(home / ".cache" / "huggingface" / "hub", "quickmt", "quickmt-ar-en", "ar", "en")
    code, out, _ = run(capsys, "models", "found", "--json")
    listed = {m["program"]: m for m in json.loads(out)}
    assert code == 0 and set(listed) == {"Argos Translate", "Hugging Face cache"}
    assert (listed["Hugging Face cache"]["source_lang"], listed["Hugging Face cache"]["path"]) == ("ar", str(snapshot))
    code, out, err = run(capsys, "models", "install", str(snapshot))  # languages from the repository's name
    assert code == 0, err
    assert "(ar->en, ctranslate2)" in out


def test_install_nllb_with_separate_sentencepiece(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    archive, spm = factory.build_nllb_ct2(tmp_path / "nllb")
    code, out, _ = run(capsys, "models", "install", str(archive), "--sentencepiece", str(spm))
    assert code == 0 and "Installed nllb-200_600m_int8_ct2 (multi->multi, nllb)" in out
    assert [m["id"] for m in list_json(capsys)] == ["nllb-200_600m_int8_ct2"]


def test_install_warns_when_the_probe_translation_is_in_the_wrong_script(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An en→ar model (it writes Arabic) in a package labelled ar→en: installed, with a warning."""
    real = factory.build_argos_package(tmp_path / "real.argosmodel", "en", "ar", favour="ar")
    liar = tmp_path / "translate-ar_en-1_0.argosmodel"
    import zipfile

    with zipfile.ZipFile(real) as zin, zipfile.ZipFile(liar, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("metadata.json"):
                data = json.dumps(dict(json.loads(data), from_code="ar", to_code="en")).encode()
            zout.writestr(info, data)
    code, out, err = run(capsys, "models", "install", str(liar))
    assert code == 0 and "Installed argos-ar-en-1.0 (ar->en, argos)" in out
    assert "\nWarning: This model is labelled ar→en" in err and "Latin-script" in err
