"""Export the README's screenshot: the app itself saves an SVG of the seed article, searched.

Run: .venv/bin/python docs/make_screenshot.py   (writes docs/screenshot.svg)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from reader.core.resources import seeds_dir
from reader.tui.app import ReaderApp

OUT = Path(__file__).with_name("screenshot.svg")


async def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_CACHE_HOME"] = home  # a throwaway index, never the user's
        app = ReaderApp(seeds_dir())
        async with app.run_test(size=(110, 34)) as pilot:
            for keys in ((), ("slash", *"kursk")):
                await pilot.press(*keys)
                for _ in range(3):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
