"""What reader is, as installed: its version.

This app is distributed as `reader-tui`; its import package is `reader`, which the feed-reader
library on the package index (distributed as `reader`) owns too: reader/launch/reader_tui.py,
the command's first step, says so when both are installed together.
"""

VERSION = "0.1.0"  # pyproject.toml reads it from here (tool.hatch.version)
