"""The model store: layout, ids, replace, cancel, and hostile packages refused with nothing left behind."""
from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from desk.core.errors import AlreadyInstalledError, Cancelled, ModelError
from desk.core.jobs import CancelToken, Job, Progress, run_job
from desk.core.mt.info import ModelInfo
from desk.core.mt.store import ModelStore
from desk.core.mt.unpack import InstallLimits
from tests import mtfactory as factory
from tests.core.mt.support import AR_TEXT, EN_TEXT


@pytest.fixture(scope="module")
def opus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return factory.build_opus_mt_folder(tmp_path_factory.mktemp("opus") / "opus-ar-en", "ar", "en")


@pytest.fixture(scope="module")
def argos_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return factory.build_argos_package(tmp_path_factory.mktemp("argos") / "translate-ar_en-1_0.argosmodel", "ar", "en")


def assert_nothing_left(store: ModelStore) -> None:
    assert [p.name for p in store.root.iterdir()] in ([], [".tmp"])
    assert list((store.root / ".tmp").iterdir()) == [] if (store.root / ".tmp").exists() else True


def copy_zip(src: Path, dest: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (), drop: str = "") -> Path:
    """A copy of zip ``src`` without members ending in ``drop`` and with ``extra`` members added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if not (drop and info.filename.endswith(drop)):
                zout.writestr(info, zin.read(info))
        for info, data in extra:
            zout.writestr(info, data)
    return dest


# --- layout, ids, queries ---------------------------------------------------------------------


def test_default_root_honours_desk_data_dir(desk_data_dir: Path) -> None:
    store = ModelStore()
    assert store.root == desk_data_dir / "models" and store.root.is_dir()
    assert store.list() == []


def test_install_layout_and_manifest(opus_dir: Path) -> None:
    store = ModelStore()
    info = store.install(opus_dir)
    folder = store.root / "opus-mt-ar-en"
    assert info.path == folder and (folder / "desk-model.json").is_file()
    assert (folder / "model" / "model.bin").is_file() and (folder / "source.spm").is_file()
    model_files = [f for f in folder.rglob("*") if f.is_file() and f.name != "desk-model.json"]
    assert info.size_bytes == sum(f.stat().st_size for f in model_files) > 0
    assert store.get("opus-mt-ar-en") == info
    assert info.to_json()["id"] == "opus-mt-ar-en"
    assert_nothing_left_in_staging(store)


def assert_nothing_left_in_staging(store: ModelStore) -> None:
    assert list((store.root / ".tmp").iterdir()) == []


def test_unknown_ids_are_clear_errors(opus_dir: Path) -> None:
    store = ModelStore()
    store.install(opus_dir)
    with pytest.raises(ModelError, match="No installed model is called 'nope'.*opus-mt-ar-en"):
        store.get("nope")
    with pytest.raises(ModelError, match="No installed model"):
        store.remove("../models")
    with pytest.raises(ModelError, match="No installed model"):
        store.remove(".tmp")
    assert [m.id for m in store.list()] == ["opus-mt-ar-en"]


def test_installing_twice_is_refused_unless_replace(opus_dir: Path, tmp_path: Path) -> None:
    store = ModelStore()
    first = store.install(opus_dir)
    with pytest.raises(AlreadyInstalledError, match="already installed. To install it again, remove it first"):
        store.install(opus_dir)
    other = factory.zip_folder(opus_dir, tmp_path / "again.zip")
    second = store.install(other, replace=True)
    assert second.id == first.id and [m.id for m in store.list()] == [first.id]
    manifest = (second.path / "desk-model.json").read_text()
    assert "again.zip" in manifest
    assert_nothing_left_in_staging(store)


def test_explicit_model_id_and_invalid_ids(opus_dir: Path) -> None:
    store = ModelStore()
    assert store.install(opus_dir, model_id="my-model").id == "my-model"
    with pytest.raises(ModelError, match="not a valid model id"):
        store.install(opus_dir, model_id="../escape")
    assert [m.id for m in store.list()] == ["my-model"]


def test_broken_installed_folder_is_skipped_in_list(opus_dir: Path) -> None:
    store = ModelStore()
    store.install(opus_dir)
    (store.root / "junk").mkdir()
    (store.root / "junk" / "desk-model.json").write_text("{broken")
    assert [m.id for m in store.list()] == ["opus-mt-ar-en"]


def test_install_job_yields_progress_and_returns_info(argos_zip: Path) -> None:
    store = ModelStore()
    job = store.install_job(argos_zip)
    seen: list[Progress] = []
    while True:
        try:
            seen.append(next(job))
        except StopIteration as stop:
            info = stop.value
            break
    assert info.id == "argos-ar-en-1.0"
    unpack = [p for p in seen if p.message.startswith("Unpacking")]
    assert unpack and unpack[-1].done == unpack[-1].total > 0
    assert [p.done for p in unpack] == sorted(p.done for p in unpack)
    assert any(p.message == "Checking the model" for p in seen)


def test_cancel_leaves_nothing(argos_zip: Path) -> None:
    store = ModelStore()
    cancel = CancelToken()
    job = store.install_job(argos_zip, cancel=cancel)
    next(job)
    cancel.cancel()
    with pytest.raises(Cancelled):
        for _ in job:
            pass
    assert store.list() == []
    assert_nothing_left(store)


def test_missing_path_and_non_archive(tmp_path: Path) -> None:
    store = ModelStore()
    with pytest.raises(ModelError, match="does not exist"):
        store.install(tmp_path / "nothing.zip")
    junk = tmp_path / "model.argosmodel"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(ModelError, match="neither a model folder nor a zip archive"):
        store.install(junk)
    assert_nothing_left(store)


# --- hostile and broken zips --------------------------------------------------------------------


@pytest.fixture
def sentinel_name() -> str:
    return f"desk-escaped-{uuid.uuid4().hex}"


def assert_not_written_anywhere(name: str, tmp_path: Path) -> None:
    base = tmp_path.parents[1]  # pytest's base temp: holds every test's folders and data dirs
    assert not list(base.rglob(f"*{name}*")), "a hostile entry was written"
    assert not Path("/tmp", name).exists()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../../../../../{name}", "escaping its folder"),
        ("translate-ar_en-1_0/../../../../{name}", "escaping its folder"),
        ("/tmp/{name}", "absolute path"),
        ("C:/{name}", "absolute path"),
        ("..\\..\\..\\..\\{name}", "escaping its folder"),
    ],
)
def test_zip_slip_and_absolute_entries_are_refused(
    argos_zip: Path, tmp_path: Path, sentinel_name: str, entry: str, message: str
) -> None:
    bad = copy_zip(argos_zip, tmp_path / "evil.argosmodel", [(entry.format(name=sentinel_name), b"owned")])
    store = ModelStore()
    with pytest.raises(ModelError, match=message):
        store.install(bad)
    assert_nothing_left(store)
    assert_not_written_anywhere(sentinel_name, tmp_path)


def test_symlink_entry_is_refused(argos_zip: Path, tmp_path: Path) -> None:
    link = zipfile.ZipInfo("translate-ar_en-1_0/sentencepiece.model.link")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = copy_zip(argos_zip, tmp_path / "link.argosmodel", [(link, b"/etc/passwd")])
    store = ModelStore()
    with pytest.raises(ModelError, match="symbolic link"):
        store.install(bad)
    assert_nothing_left(store)


def test_symlink_in_source_folder_is_refused(opus_dir: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(opus_dir, tmp_path / "linked")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    os.symlink(secret, folder / "notes.txt")
    store = ModelStore()
    with pytest.raises(ModelError, match="symbolic link"):
        store.install(folder)
    assert_nothing_left(store)
    dir_link = shutil.copytree(opus_dir, tmp_path / "dirlinked")
    os.symlink(tmp_path, dir_link / "outside", target_is_directory=True)
    with pytest.raises(ModelError, match="symbolic link"):
        store.install(dir_link)
    assert_nothing_left(store)


def test_zip_bomb_ratio_is_refused(argos_zip: Path, tmp_path: Path) -> None:
    bomb = copy_zip(argos_zip, tmp_path / "bomb.argosmodel", [("translate-ar_en-1_0/zeros.bin", bytes(4 << 20))])
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("translate-ar_en-1_0/zeros.bin")
        assert info.file_size / info.compress_size > 200  # really a bomb-like entry
    store = ModelStore()
    with pytest.raises(ModelError, match="zip bomb"):
        store.install(bomb)
    assert_nothing_left(store)


def test_total_size_and_entry_limits(argos_zip: Path, opus_dir: Path) -> None:
    small = ModelStore(limits=InstallLimits(max_total_bytes=100_000))
    with pytest.raises(ModelError, match="would unpack to .* more than the limit"):
        small.install(argos_zip)
    with pytest.raises(ModelError, match="would unpack to"):
        small.install(opus_dir)
    assert_nothing_left(small)
    few = ModelStore(limits=InstallLimits(max_entries=3))
    with pytest.raises(ModelError, match="more than a model package can have"):
        few.install(argos_zip)
    assert_nothing_left(few)


def test_member_larger_than_declared_is_refused(argos_zip: Path, tmp_path: Path) -> None:
    bad = copy_zip(argos_zip, tmp_path / "liar.argosmodel", [("translate-ar_en-1_0/extra.txt", b"x" * 5000)])
    data = bad.read_bytes()
    # Central-directory header of that entry: the uncompressed size sits 24 bytes in; claim 10 bytes.
    header = data.rfind(b"PK\x01\x02", 0, data.rfind(b"translate-ar_en-1_0/extra.txt"))
    assert int.from_bytes(data[header + 24 : header + 28], "little") == 5000
    bad.write_bytes(data[: header + 24] + (10).to_bytes(4, "little") + data[header + 28 :])
    store = ModelStore()
    with pytest.raises(ModelError, match="damaged|larger than it claims"):
        store.install(bad)
    assert_nothing_left(store)


def test_corrupt_member_data_is_refused(argos_zip: Path, tmp_path: Path) -> None:
    data = bytearray(argos_zip.read_bytes())
    with zipfile.ZipFile(argos_zip) as zf:
        info = max(zf.infolist(), key=lambda i: i.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 200):
        data[i] ^= 0xFF
    bad = tmp_path / "corrupt.argosmodel"
    bad.write_bytes(bytes(data))
    store = ModelStore()
    with pytest.raises(ModelError, match="damaged"):
        store.install(bad)
    assert_nothing_left(store)


def test_duplicate_entries_are_refused(argos_zip: Path, tmp_path: Path) -> None:
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate name
        bad = copy_zip(argos_zip, tmp_path / "dup.argosmodel", [("translate-ar_en-1_0/metadata.json", b"{}")])
    store = ModelStore()
    with pytest.raises(ModelError, match="twice"):
        store.install(bad)
    assert_nothing_left(store)


@pytest.mark.parametrize(
    ("drop", "message"),
    [("sentencepiece.model", "missing sentencepiece.model"), ("model/model.bin", "missing model/model.bin")],
)
def test_argos_missing_files(argos_zip: Path, tmp_path: Path, drop: str, message: str) -> None:
    bad = copy_zip(argos_zip, tmp_path / "partial.argosmodel", drop=drop)
    store = ModelStore()
    with pytest.raises(ModelError, match=message):
        store.install(bad)
    assert_nothing_left(store)


@pytest.mark.parametrize("missing", ["target.spm", "decoder.yml", factory.OPUS_MODEL_NAME, factory.OPUS_VOCAB_NAME])
def test_opus_missing_files(opus_dir: Path, tmp_path: Path, missing: str) -> None:
    folder = shutil.copytree(opus_dir, tmp_path / "partial")
    (folder / missing).unlink()
    store = ModelStore()
    with pytest.raises(ModelError, match="missing"):
        store.install(folder)
    assert_nothing_left(store)


def test_garbage_and_empty_zips(tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    store = ModelStore()
    with pytest.raises(ModelError, match="not a translation model Desk knows"):
        store.install(empty)
    text_zip = tmp_path / "docs.zip"
    with zipfile.ZipFile(text_zip, "w") as zf:
        zf.writestr("docs/readme.txt", "hello")
        zf.writestr("docs/other.txt", "world")
    with pytest.raises(ModelError, match="not a translation model Desk knows"):
        store.install(text_zip)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x" * 1000)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(buf.getvalue()[:-30])
    with pytest.raises(ModelError):
        store.install(truncated)
    assert_nothing_left(store)


# --- a store Desk cannot write to -------------------------------------------------------------------


def test_read_only_store_is_a_clear_error(argos_zip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The final rename into a read-only store fails: ModelError, no staging folder left."""
    store = ModelStore()
    real_rename = os.rename

    def refuse_into_store(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if Path(str(dst)).parent == store.root:
            raise PermissionError(13, "Permission denied", str(dst))
        real_rename(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", refuse_into_store)
    with pytest.raises(ModelError, match=r"(?i)permission denied"):
        store.install(argos_zip)
    monkeypatch.undo()
    assert store.list() == []
    assert_nothing_left(store)


def test_store_folder_that_cannot_be_written(argos_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No room for the staging folder (read-only or full disk): ModelError naming the folder."""
    import tempfile

    store = ModelStore(tmp_path / "store")

    def no_space(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device", str(store.root / ".tmp"))

    monkeypatch.setattr(tempfile, "mkdtemp", no_space)
    with pytest.raises(ModelError, match=r"No space left on device.*\.tmp"):
        store.install(argos_zip)


def test_store_root_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "models"
    blocker.write_text("not a folder")
    with pytest.raises(ModelError, match=r"models"):
        ModelStore(blocker)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_really_read_only_store(argos_zip: Path, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "ro")
    assert store.tmp_dir.is_dir()  # created while writable
    store.root.chmod(0o555)
    (store.root / ".tmp").chmod(0o555)
    try:
        with pytest.raises(ModelError, match=r"(?i)permission denied"):
            store.install(argos_zip)
    finally:
        (store.root / ".tmp").chmod(0o755)
        store.root.chmod(0o755)
    assert store.list() == []


# --- two installs at once, side by side ----------------------------------------------------------


def _until(job: Job[ModelInfo], message: str) -> None:
    while next(job).message != message:
        pass


def test_second_install_of_a_package_being_installed_says_so(opus_dir: Path) -> None:
    """The first install is paused while it checks the model; a second one (another Desk process,
    here another open of the lock file) is told at once, and the first one finishes normally."""
    store = ModelStore()
    first = store.install_job(opus_dir)
    _until(first, "Checking the model")
    with pytest.raises(ModelError, match="opus-mt-ar-en is being installed by another Desk process"):
        ModelStore().install(opus_dir)
    info = run_job(first)
    assert info.id == "opus-mt-ar-en" and [m.id for m in store.list()] == ["opus-mt-ar-en"]
    with pytest.raises(ModelError, match="already installed"):
        store.install(opus_dir)
    assert_nothing_left_in_staging(store)


@pytest.mark.skipif(sys.platform == "win32", reason="the holder process uses fcntl")
def test_install_lock_is_held_across_processes(opus_dir: Path) -> None:
    """A real second process: while it holds the model id, this one is refused with the same words."""
    store = ModelStore()
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(store.tmp_dir / 'opus-mt-ar-en.lock')!r}, os.O_CREAT | os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\nsys.stdin.read()\n"
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ModelError, match="being installed by another Desk process"):
            store.install(opus_dir)
    finally:
        holder.communicate("")
    assert store.install(opus_dir).id == "opus-mt-ar-en"


def test_another_version_of_an_installed_package_installs_beside_it(opus_dir: Path, tmp_path: Path) -> None:
    store = ModelStore()
    first = store.install(opus_dir)
    newer = factory.build_opus_mt_folder(tmp_path / "newer", "ar", "en", seed=7)  # a later release: other weights
    readme = (newer / "README.md").read_text(encoding="utf-8")
    (newer / "README.md").write_text(readme.replace("opus-2020-01-01", "opus-2021-02-23"), encoding="utf-8")
    second = store.install(newer)
    assert (first.id, second.id) == ("opus-mt-ar-en", "opus-mt-ar-en-opus-2021-02-23")
    assert sorted(m.id for m in store.find("ar", "en")) == [first.id, second.id]
    with pytest.raises(ModelError, match="already installed"):
        store.install(newer)


# --- choosing among installed models -----------------------------------------------------------------


def test_find_prefers_pair_models_and_route_pivots(pkgs: dict[str, Path], tmp_path: Path) -> None:
    store = ModelStore()
    store.install(pkgs["nllb"])
    store.install(pkgs["opus"])
    assert [m.id for m in store.find("ar", "en")] == ["opus-mt-ar-en", "nllb-tiny-ct2"]
    assert [m.id for m in store.route("ar", "en")] == ["opus-mt-ar-en"]
    # A Latin-script model standing in for en -> tr (the script check only knows ar and en).
    en_xx = factory.build_ct2_folder(tmp_path / "en-tr", "en", "fr")
    store.install(en_xx, "en", "tr")
    route = store.route("ar", "tr")
    assert [m.id for m in route] == ["opus-mt-ar-en", "en-tr"]
    with pytest.raises(ModelError, match="No installed model translates"):
        store.route("tr", "de")


def test_installed_models_run_through_the_engine(pkgs: dict[str, Path]) -> None:
    from desk.core.mt.engine import get_engine, unload_all

    store = ModelStore()
    for key in ("opus_zip", "argos", "ct2_manifest", "tatoeba"):
        store.install(pkgs[key])
    try:
        for src, tgt, text in (("ar", "en", AR_TEXT), ("en", "ar", EN_TEXT)):
            models = store.find(src, tgt)
            assert len(models) == 2
            for info in models:
                out = get_engine(info).translate_strings([text, ""])
                assert len(out) == 2 and out[1] == "" and isinstance(out[0], str)
    finally:
        unload_all()


def test_other_weights_under_the_same_release_name_install_beside_it(tmp_path: Path) -> None:
    """Two OPUS-MT folders with the same README (same release name) but other weights are two models;
    the same folder again is one."""
    first = factory.build_opus_mt_folder(tmp_path / "a", "ar", "en", seed=1)
    second = factory.build_opus_mt_folder(tmp_path / "b", "ar", "en", seed=5)
    third = factory.build_opus_mt_folder(tmp_path / "c", "ar", "en", seed=6)
    store = ModelStore(check_load=False)
    ids = [store.install(folder).id for folder in (first, second, third)]
    assert ids == ["opus-mt-ar-en", "opus-mt-ar-en-opus-2020-01-01", "opus-mt-ar-en-2"]
    for folder in (first, second, third):
        with pytest.raises(AlreadyInstalledError):
            store.install(folder)
    assert len(store.list()) == 3
