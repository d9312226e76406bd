"""Fixtures of the workbench tests: a small Arabic/English glossary in memory."""
from __future__ import annotations

import pytest

from desk.core.workbench.glossary import Glossary


@pytest.fixture
def glossary() -> Glossary:
    g = Glossary(":memory:")
    g.add("بنيامين نتنياهو", "Benjamin Netanyahu", "ar", "en", "Israeli prime minister")
    g.add("الرياض", "Riyadh", "ar", "en")
    g.add("الأمم المتحدة", "United Nations", "ar", "en")
    g.add("الأمم المتحدة", "UN", "ar", "en")
    g.add("Mohammed Shia al-Sudani", "محمد شياع السوداني", "en", "ar")
    return g
