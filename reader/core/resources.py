"""Find the files shipped beside the code: the bundled seeds/ and the stylesheets in styles/."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _shipped(name: str) -> Path:
    # A wheel carries styles/ and seeds/ inside the package; an editable install or a checkout
    # has them at the top of the repository, beside the package.
    packaged = Path(str(files("reader"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def seeds_dir() -> Path:
    """The bundled sample corpus."""
    return _shipped("seeds")


def styles_dir() -> Path:
    """The folder of Textual stylesheets (.tcss)."""
    return _shipped("styles")
