"""What the model manager's tables say, computed without Qt."""
from __future__ import annotations

from pathlib import Path

from desk.core.mt.catalog import load_catalog
from desk.core.mt.record import update_record
from desk.core.mt.store import ModelStore
from desk.gui.models.rows import catalog_rows, installed_rows
from tests import mtfactory

COMMIT = "a81dfb30ecb6f7309857c22c5679e92b6de045ea"


def test_installed_rows_show_the_version_installed_and_the_default(tmp_path: Path) -> None:
    store = ModelStore()
    names = ("src.spm.model", "tgt.spm.model")
    quick = store.install(mtfactory.build_ct2_folder(tmp_path / "q", "ar", "en", spm_names=names), "ar", "en",
                          model_id="quickmt-ar-en")
    update_record(quick.path, version=COMMIT)  # what a download of the pinned commit records
    argos = store.install(mtfactory.build_argos_package(tmp_path / "a.argosmodel", "ar", "en", package_version="1.1"))
    rows = {r.id: r for r in installed_rows(store)}
    assert rows[quick.id].version == COMMIT[:7]  # a CTranslate2 folder names no version: the pinned commit
    assert rows[argos.id].version == "1.1"  # the package's own version, not the catalog's 1.0
    assert rows[quick.id].default_for == "Arabic → English" and rows[argos.id].default_for == ""
    assert rows[quick.id].published == "42.8 / 67.0 (FLORES-200)"


def test_catalog_rows_mark_installed_and_non_commercial() -> None:
    rows = catalog_rows(load_catalog(), {"quickmt-en-ar"})
    nllb = [r for r in rows if r.id == "nllb-200-distilled-600m-int8"]
    assert len(nllb) == 2 and all(r.noncommercial and "(non-commercial)" in r.licence for r in nllb)
    assert [r.installed for r in rows if r.id == "quickmt-en-ar"] == [True]
    assert rows[0].direction == "Arabic → English" and rows[0].quality.startswith("42.8 / 67.2")
