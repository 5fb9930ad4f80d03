"""Fuzz smoke test: random bytes and YAML fragments through `check`, seeded and small.

Every input must end in a clean report (each line `path:line:col: [code] message. hint:
...`, exit 0 or 1) and never in a traceback. The whole run happens in one subprocess with
a timeout, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import TINY

ROUNDS = 300
SEED = 20240606

DRIVER = r"""
import random, re, shutil, sys, traceback
from pathlib import Path
from builder import pipeline

site, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
LINE = re.compile(r"^.+:\d+:\d+: (warning )?\[[a-z-]+\] .+\. hint: .+$", re.DOTALL)
FRAGMENTS = [
    "---", "...", "- ", ": ", "? ", "&a ", "*a", "!!python/object:os.system", "!!binary",
    "!!set", "{", "}", "[", "]", "'", '"', "|", ">", "#", "%YAML 1.1", "\t", "\n", "\r\n",
    "  ", "title", "summary", "equipment", "none", "no", "yes", "1:30", "010", "2024-02-30",
    "~", "null", "<script>", "<kbd>", "javascript:", "[x](", "](", "```", "# h", "{: onclick=x}",
    "\u202e", "\ufeff", "\x00", "é", "😀", "<!--", "-->", "sets: 3", "reps: 8-10",
]
clean = (site / "content/exercises/bridge.md").read_bytes()

def mutate() -> bytes:
    kind = rng.randrange(4)
    if kind == 0:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    if kind == 1:  # a fence and a stew of YAML fragments
        return ("---\n" + "".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 60)))
                + "\n---\n\nBody.\n").encode("utf-8", "surrogatepass")
    data = bytearray(clean)
    for _ in range(rng.randrange(1, 8)):  # point mutations of a valid page
        at = rng.randrange(len(data))
        if kind == 2:
            data[at:at + rng.randrange(1, 5)] = rng.choice(FRAGMENTS).encode()
        else:
            data[at] = rng.randrange(256)
    return bytes(data)

seen = set()
for i in range(rounds):
    target = site / rng.choice(["content/exercises/bridge.md", "content/index.md",
                                "content/muscles/semitendinosus.md", "content/_data/goals.yml"])
    original = target.read_bytes()
    target.write_bytes(mutate())
    try:
        result = pipeline.run(site / "content", site)
    except Exception:
        print(f"round {i}: {target}\n{traceback.format_exc()}")
        sys.exit(2)
    for p in result.problems:
        if not LINE.match(str(p)) or p.line < 0 or p.col < 0:
            print(f"round {i}: badly formed problem: {p!r}")
            sys.exit(3)
        seen.add(p.code)
    if result.ok != (result.rendered is not None):
        print(f"round {i}: ok={result.ok} but rendered={result.rendered is not None}")
        sys.exit(4)
    target.write_bytes(original)
print("codes:", " ".join(sorted(seen)))
"""


def test_random_input_never_crashes_check(tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "tiny"
    shutil.copytree(TINY, site)
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(site), str(ROUNDS), str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    codes = set(proc.stdout.split("codes:", 1)[1].split())
    # the fuzzing reached the loader, the YAML guard and the validator
    assert {"encoding", "yaml-syntax", "unknown-key"} <= codes, codes
