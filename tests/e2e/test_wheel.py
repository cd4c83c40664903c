"""The built wheel, installed in a fresh venv, carries seeds/ and styles/ and opens the app."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_TITLE, SEEDS

pytestmark = pytest.mark.slow


def test_wheel_installs_and_opens_bundled_seeds(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("reader_tui-*.whl"))  # the distribution's name: reader-tui
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        assert "reader_tui-0.1.0.dist-info/licenses/LICENSE" in names
        assert "Name: reader-tui" in wheel.read("reader_tui-0.1.0.dist-info/METADATA").decode()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from this test run's environment (a .pth line, which does not
    # pull in the editable checkout); the wheel itself is unpacked into the fresh venv.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            site,
            str(wheels[0]),
        ],
        check=True,
        capture_output=True,
    )
    script = textwrap.dedent(
        """
        import asyncio
        from reader.tui.app import ReaderApp
        from reader.core.resources import seeds_dir, styles_dir
        assert "site-packages" in str(seeds_dir()), seeds_dir()
        assert (styles_dir() / "reader.tcss").is_file()

        async def main():
            app = ReaderApp(seeds_dir())
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(3):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                for summary in app.query_one("ArticleList").summaries:
                    print(summary.title)

        asyncio.run(main())
        """
    )
    out = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    titles = out.stdout.splitlines()
    assert SEED_TITLE in titles
    assert len(titles) == len(list(SEEDS.iterdir()))  # every sample shipped, the note too
    version = subprocess.run(
        [python, "-m", "reader", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert version.stdout.strip() == "reader 0.1.0"
    assert version.stderr == ""
    # the feed-reader library, also owning reader/, installed over it: said first, in a line
    other = Path(site, "reader-3.26.dist-info")
    other.mkdir()
    (other / "top_level.txt").write_text("reader\n")
    version = subprocess.run(  # the `reader` command's module (`python -m reader` skips it)
        [python, "-m", "reader_tui", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert version.stderr.startswith("reader: warning: the package reader 3.26 is installed")
    assert version.stderr.count("\n") == 1 and "pipx install reader-tui" in version.stderr
