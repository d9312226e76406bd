"""Model package formats, one module each, behind one protocol (``base.PackageFormat``).

Importing this package registers the formats (Argos Translate, OPUS-MT / Tatoeba-MT, NLLB-style
multilingual CTranslate2, plain CTranslate2); ``registry.detect_package`` asks them in their ``order``.
A new format is one new module here (a ``PackageFormat`` subclass that registers itself) plus
its import below and its tests.
"""
from desk.core.mt.packages import argos, ct2, nllb, opusmt  # noqa: F401  (each registers itself)
