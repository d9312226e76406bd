"""Device "automatic": the GPU when CTranslate2 sees one (mocked here: these machines have none)."""
from __future__ import annotations

from collections.abc import Callable

import ctranslate2
import pytest

from desk.core.errors import ModelError
from desk.core.mt import device
from desk.core.mt.engine import get_engine, unload_all
from desk.core.mt.info import EngineSettings, ModelInfo
from tests import mtfactory


@pytest.fixture
def gpus(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Set how many CUDA devices CTranslate2 reports."""
    def set_count(n: int) -> None:
        monkeypatch.setattr(device, "cuda_device_count", lambda: n)
    return set_count


def test_automatic_is_the_default_and_means_cpu_without_a_gpu(gpus: Callable[[int], None]) -> None:
    gpus(0)
    assert EngineSettings().device == "auto"
    assert device.resolve(EngineSettings()) == device.ResolvedDevice("cpu", "int8", automatic=True)
    assert device.describe(EngineSettings()) == "CPU · int8 (automatic)"


def test_automatic_takes_the_gpu_with_a_compute_type_for_it(gpus: Callable[[int], None]) -> None:
    gpus(1)
    assert device.resolve(EngineSettings()) == device.ResolvedDevice("cuda", "int8_float16", automatic=True)
    assert device.describe(EngineSettings()) == "GPU (CUDA) · int8_float16 (automatic)"
    assert device.resolve(EngineSettings(compute_type="float32")).compute_type == "float32"  # valid on both


def test_an_explicit_device_is_kept(gpus: Callable[[int], None]) -> None:
    gpus(2)
    assert device.resolve(EngineSettings(device="cpu")) == device.ResolvedDevice("cpu", "int8", automatic=False)
    gpus(0)
    assert device.resolve(EngineSettings(device="cuda")).device == "cuda"
    assert device.resolve(EngineSettings(device="cpu", compute_type="int8_float16")).compute_type == "int8"


def test_the_real_count_on_this_machine_is_a_number() -> None:
    device.cuda_device_count.cache_clear()
    assert device.cuda_device_count() == ctranslate2.get_cuda_device_count() >= 0


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> ModelInfo:
    folder = mtfactory.build_ct2_folder(tmp_path_factory.mktemp("dev") / "ar-en", "ar", "en", seed=4)
    spm_src, spm_tgt = folder / "source.spm", folder / "target.spm"
    return ModelInfo("dev-ar-en", "ar", "en", "ctranslate2", folder, folder, spm_src, spm_tgt)


def test_engine_loads_on_the_resolved_device_and_falls_back_to_the_cpu(
    gpus: Callable[[int], None], model: ModelInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a GPU reported, the engine asks CTranslate2 for CUDA + int8_float16; when that load fails
    (as it does here: no GPU in fact), it loads on the CPU instead of failing."""
    calls: list[tuple[str, str]] = []
    real = ctranslate2.Translator

    def recording(path: str, device: str, compute_type: str, **kw: int) -> ctranslate2.Translator:
        calls.append((device, compute_type))
        if device == "cuda":
            raise RuntimeError("CUDA failed with error no CUDA-capable device is detected")
        return real(path, device=device, compute_type=compute_type, **kw)

    monkeypatch.setattr(ctranslate2, "Translator", recording)
    gpus(1)
    unload_all()
    try:
        out = get_engine(model, EngineSettings(beam_size=1)).translate_strings(["قال الوزير"])
        assert calls == [("cuda", "int8_float16"), ("cpu", "int8")] and isinstance(out[0], str)
        calls.clear()
        unload_all()
        with pytest.raises(ModelError, match="could not be loaded by CTranslate2.*CUDA"):
            get_engine(model, EngineSettings(device="cuda", beam_size=1)).load()  # chosen, not automatic
        assert calls == [("cuda", "int8_float16")]
    finally:
        unload_all()
