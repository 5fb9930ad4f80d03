"""Which Chrome or Chromium the browser tests and the audit drive: the one already on the
machine first, as on GitHub's runners (Google Chrome preinstalled), else Debian's chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# In this order; `make test` installs Debian's chromium only when none of them is there.
NAMES = ("google-chrome", "chromium")


def find_browser() -> Path | None:
    """$CHROME_PATH when set, else the first of NAMES on the PATH, else None."""
    if os.environ.get("CHROME_PATH"):
        return Path(os.environ["CHROME_PATH"])
    for name in NAMES:
        if found := shutil.which(name):
            return Path(found)
    return None
