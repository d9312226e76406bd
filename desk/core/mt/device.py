"""Which device and compute type CTranslate2 runs on: "automatic" picks the machine's GPU when
CTranslate2 sees one (CUDA), with a compute type that suits it, and the CPU otherwise.

``resolve(settings)`` is what the engine loads with; ``describe(settings)`` says it for people (the
status bar, Preferences). The GPU count is asked once per process (``cuda_device_count``); tests
replace it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from desk.core.mt.info import EngineSettings

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")
DEVICE_LABELS = {"auto": "Automatic (GPU when there is one)", "cpu": "CPU", "cuda": "GPU (CUDA)"}
# Compute types CTranslate2 runs on a CPU, and the GPU equivalents of those that only suit a CPU.
CPU_TYPES = {"int8", "int8_float32", "float32", "int16", "default"}
GPU_FOR_CPU_TYPE = {"int8": "int8_float16", "int8_float32": "int8_float16", "int16": "int8_float16"}
CPU_FOR_GPU_TYPE = {"int8_float16": "int8", "int8_bfloat16": "int8", "float16": "float32", "bfloat16": "float32"}


@dataclass(frozen=True)
class ResolvedDevice:
    device: str  # "cpu" | "cuda"
    compute_type: str
    automatic: bool  # chosen by "auto"

    def describe(self) -> str:
        where = "GPU (CUDA)" if self.device == "cuda" else "CPU"
        return f"{where} · {self.compute_type}" + (" (automatic)" if self.automatic else "")


@cache
def cuda_device_count() -> int:
    """GPUs CTranslate2 can use (0 when it was built without CUDA or the driver is missing)."""
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception as err:  # a broken CUDA install must not stop Desk from starting
        log.info("no CUDA device usable by CTranslate2: %s", err)
        return 0


def resolve(settings: EngineSettings) -> ResolvedDevice:
    """The device and compute type ``settings`` mean on this machine."""
    automatic = settings.device not in {"cpu", "cuda"}
    device = ("cuda" if cuda_device_count() > 0 else "cpu") if automatic else settings.device
    compute = settings.compute_type
    if device == "cuda":
        compute = GPU_FOR_CPU_TYPE.get(compute, compute)
    elif compute not in CPU_TYPES:
        compute = CPU_FOR_GPU_TYPE.get(compute, "default")
    return ResolvedDevice(device, compute, automatic)


def describe(settings: EngineSettings) -> str:
    """"CPU · int8 (automatic)", "GPU (CUDA) · int8_float16 (automatic)", "CPU · float32"."""
    return resolve(settings).describe()
