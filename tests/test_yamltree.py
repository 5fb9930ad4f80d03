"""The fast YAML reader gives exactly what libyaml's events give, or leaves the text to them.

`yamltree._Simple` reads the plain YAML that front matter is made of; for anything else it
answers None and `parse` goes through libyaml. So the fast reader may decline anything, but
what it answers must equal libyaml's tree: the same scalars, styles, lines and columns.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from builder import yamltree
from builder.yamltree import Node, YamlProblem, _Simple

SEED = 20260101
DOCUMENTS = 4000

# Scalars and keys: most of them plain, the rest near the edges of what the fast reader takes.
PLAIN = ["a", "b-c", "Two words", "two  spaces", "x y z.", "8-10", "3", "1:30", "no", "é x", "😀"]
EDGES = [
    "~", "null", "", " ", "a: b", "a:b", "a #c", "a#b", "#c", "-a", "- a", "-", "?a", "? a",
    ":a", ",", "a,b", "a, b", "[a]", "{a}", "a]", "a}", "&x a", "*x", "!t a", "!!str a", "|",
    ">", "%a", "@a", "`a", "'q'", '"q"', "'q''r'", '"a\\"b"', '"a\\nb"', "'a", '"a', "a'b",
    'a"b', "don't", "x\\y", "\u2028", "\x85", "\t", "a\tb", "\ufeff", "a  ", "  a", "a : b",
    "---", "...", "a -", "é: x", "C# x", "x\u00a0y", "\x7f", "\r",
]  # fmt: skip
CUTS = ["\n", "\n  ", ": ", "- ", "{", "}", "[", "]", ",", " "]
KEYS = ["title", "a", "b_c", "d-e", "x", "1", "no", "_k", "summary", "sets", "reps", "z9"]
ODD_KEYS = ["é", "a b", "'k'", '"k"', "? k", "title"]


def libyaml(text: str, first_line: int) -> Node | str:
    """The tree from libyaml's events, as `parse` builds it without the fast reader."""
    try:
        events = yaml.parse(text, Loader=yamltree._LOADER)
        return yamltree._build(events, first_line - 1) or yamltree.Map((), first_line, 1)
    except YamlProblem as err:
        return err.code
    except yaml.YAMLError:
        return "yaml-syntax"


def agrees(text: str, first_line: int = 2) -> bool:
    """Whether the fast reader answered; fails the test if its answer differs."""
    fast = _Simple(text, first_line).parse()
    if fast is not None:
        assert fast == libyaml(text, first_line), text
    return fast is not None


class Generator:
    """Random front matter: nested blocks, flow lists and mappings, awkward scalars."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def odd(self, usual: str, *others: str) -> str:
        """Mostly the usual text, now and then another."""
        return self.rng.choice(others) if self.rng.random() < 0.08 else usual

    def scalar(self) -> str:
        rng = self.rng
        text = rng.choice(EDGES if rng.random() < 0.1 else PLAIN)
        if rng.random() < 0.2:
            quote = rng.choice(["'", '"'])
            text = quote + text + (quote if rng.random() < 0.9 else "")
        return text

    def keys(self, count: int) -> list[str]:
        """Distinct keys, now and then one odd or repeated."""
        keys = self.rng.sample(KEYS, count)
        if keys and self.rng.random() < 0.1:
            keys[-1] = self.rng.choice(ODD_KEYS + keys)
        return keys

    def flow(self, depth: int = 0) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            items = [
                self.flow(depth + 1) if depth < 2 and rng.random() < 0.2 else self.scalar()
                for _ in range(rng.randrange(0, 4))
            ]
            body = self.odd(", ", ",", " , ").join(items)
            return self.odd("[", "[ ") + body + self.odd("]", " ]", ",]", "")
        entries = [
            f"{key}:{self.odd(' ', '', '  ')}"
            + (self.flow(depth + 1) if depth < 2 and rng.random() < 0.2 else self.scalar())
            for key in self.keys(rng.randrange(0, 4))
        ]
        return self.odd("{", "{ ") + self.odd(", ", ",").join(entries) + self.odd("}", " }", "")

    def block(self, indent: int, depth: int, out: list[str]) -> None:
        rng = self.rng
        pad = " " * indent
        for key in self.keys(rng.randrange(1, 5)):
            r = rng.random()
            if r < 0.5 or depth > 3:
                value = self.flow() if rng.random() < 0.4 else self.scalar()
                tail = self.odd("", " ", " # c")
                out.append(f"{pad}{key}:{self.odd(' ', '  ', '')}{value}{tail}")
            elif r < 0.7:
                out.append(f"{pad}{key}:")
                self.block(indent + rng.choice([2, 2, 4, 1]), depth + 1, out)
            else:
                out.append(f"{pad}{key}:")
                sub = indent + rng.choice([0, 2, 3])
                for _ in range(rng.randrange(1, 4)):
                    if rng.random() < 0.5:
                        inner: list[str] = []
                        self.block(sub + 2, depth + 1, inner)
                        dash = " " * sub + "-" + self.odd(" ", "  ", "")
                        out += [dash + inner[0][sub + 2 :], *inner[1:]]
                    else:
                        out.append(" " * sub + "- " + self.scalar())
            out.append(self.odd("", "# comment", "   ", "  # x", "---", "a", "  b: c"))

    def document(self) -> str:
        out: list[str] = []
        self.block(0, 0, out)
        return "\n".join(out) + "\n"


def front_matters(root: Path) -> list[tuple[str, int]]:
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        parts = path.read_text("utf-8").split("---\n")
        if len(parts) > 2 and parts[0] == "":
            found.append((parts[1], 2))
    found += [(p.read_text("utf-8"), 1) for p in sorted((root / "content/_data").glob("*.yml"))]
    return found


def test_the_fast_reader_reads_the_whole_guide_as_libyaml_does() -> None:
    documents = front_matters(ROOT)
    assert len(documents) > 50
    assert all(agrees(text, first) for text, first in documents)


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_reader_agrees_with_libyaml_on_random_front_matter(seed: int) -> None:
    generator = Generator(SEED + seed)
    answered = sum(agrees(generator.document(), 1 + seed) for _ in range(DOCUMENTS // 4))
    assert answered > DOCUMENTS // 40  # the fast reader did take part


def test_the_fast_reader_agrees_with_libyaml_on_damaged_pages() -> None:
    rng = random.Random(SEED)
    documents = [text for text, _ in front_matters(ROOT)]
    answered = 0
    for _ in range(DOCUMENTS // 2):
        text = rng.choice(documents)
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(text) + 1)
            cut = rng.choice([*PLAIN, *EDGES, *CUTS])
            text = text[:at] + cut + text[at:]
        answered += agrees(text)
    assert answered > DOCUMENTS // 40


@pytest.mark.parametrize(
    "text",
    [
        "a: &x b\nc: *x\n",  # anchors and aliases
        "a: !!python/object:os.system b\n",  # tags
        "a: b\na: c\n",  # duplicate keys
        "a: {b: 1, b: 2}\n",
        "a:\n" + "".join(f"{' ' * 2 * i}b{i}:\n" for i in range(1, 12)) + "  " * 12 + "c: d\n",
        "a: [" * 12 + "b" + "]" * 12 + "\n",  # deeper than MAX_DEPTH
        "".join(f"{'  ' * i}k{i}:\n" for i in range(7)) + "  " * 7 + "k7: [x]\n",
        "a: b\n---\nc: d\n",  # a second document
        "a: 'b\n  c'\n",  # a scalar over two lines
        "a: b\n  c\n",
        "a:\n",  # an empty value
    ],
)
def test_what_the_fast_reader_leaves_to_libyaml(text: str) -> None:
    assert _Simple(text, 1).parse() is None


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
from builder.yamltree import _Simple
for path in sys.argv[1:]:
    _Simple(open(path, encoding="utf-8").read(), 1).parse()
"""


def test_the_fast_reader_takes_linear_time(tmp_path: Path) -> None:
    """Bounded by a subprocess timeout, never asserted: each would take minutes if quadratic."""
    paths = []
    for i, text in enumerate(HUGE.values()):
        paths.append(tmp_path / f"{i}.yml")
        paths[-1].write_text(text, "utf-8")
    subprocess.run(
        [sys.executable, "-c", PARSE_ALL, *map(str, paths)], check=True, cwd=ROOT, timeout=10
    )
