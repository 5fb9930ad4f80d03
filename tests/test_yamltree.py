"""The YAML reader reads even huge front matter in bounded time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Front matter near the 1 MB file limit that a careless pattern would read in quadratic time.
HUGE = {
    "spaces in a flow item": "a: ['q', x" + " " * 900_000 + "y]\n",
    "spaces in a flow mapping": "a: {k: x" + " " * 900_000 + "y, j: 'q'}\n",
    "many flow items": "a: [" + "x, " * 300_000 + "'q']\n",
    "spaces in a plain value": "a: x" + " " * 900_000 + "y\n",
    "many keys": "".join(f"k{i}: v\n" for i in range(90_000)),
    "an unclosed quote": "a: ['" + "x " * 450_000 + "\n",
}
PARSE_ALL = """
import sys
from builder.model.yamltree import YamlProblem, parse
for path in sys.argv[1:]:
    try:
        parse(open(path, encoding="utf-8").read(), 1)
    except YamlProblem:
        pass
"""


def test_the_reader_takes_linear_time(tmp_path: Path) -> None:
    """Bounded by a subprocess timeout, never asserted: each would take minutes if quadratic."""
    paths = []
    for i, text in enumerate(HUGE.values()):
        paths.append(tmp_path / f"{i}.yml")
        paths[-1].write_text(text, "utf-8")
    subprocess.run(
        [sys.executable, "-c", PARSE_ALL, *map(str, paths)], check=True, cwd=ROOT, timeout=10
    )
