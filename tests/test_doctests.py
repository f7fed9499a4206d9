"""The runnable examples in module docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["geo.app.snapshot", "geo.places.focus", "geo.sources.articles", "geo.text.lexicon", "geo.app.summaries", "gazetteer.normalize", "gazetteer.outlines"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0, result
