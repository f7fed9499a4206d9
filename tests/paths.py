"""What a test wrote, for the tests that check a write stays inside its folder."""

from __future__ import annotations

from pathlib import Path


def tree(root: Path) -> set[Path]:
    """Every file and folder under *root* (*root* itself left out)."""
    return set(root.rglob("*"))


def written_outside(folder: Path, root: Path, before: set[Path]) -> list[Path]:
    """What appeared under *root* since *before* (a :func:`tree` of it) and is not *folder* or inside it."""
    return sorted(p for p in tree(root) - before if p != folder and folder not in p.parents)
