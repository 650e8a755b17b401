"""The fast YAML reader must build exactly the exact reader's tree, or step aside.

Every test compares `fastyaml` with `yamlread` (the libyaml-based reference) on
the same bytes: the same text, lines, columns, quoting and key lines, or None
so that the exact reader reads the file and words its problems. Where the fast
path is expected to do the work, the tests also insist it did not decline, so
a fast reader that quietly handed everything back would fail them.
"""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator.data import fastyaml, yamlread
from generator.data.yamlnodes import Map, Node, Scalar, Seq

ROOT = Path(__file__).resolve().parent.parent


def exact(data: bytes) -> tuple[Node | None, list[str]]:
    root, found = yamlread.parse_bytes(data, "test.yaml")
    return root, [p.message for p in found]


def same_or_declined(data: bytes) -> Node | None:
    """The fast tree equals the exact one, or the fast reader declined; returns the fast tree."""
    tree, problems = exact(data)
    fast = fastyaml.read_fast(data, parallel=False)
    if problems or tree is None:
        assert fast is None, f"fast reader accepted what the exact reader refuses: {problems}"
    elif fast is not None:
        assert fast == tree, data.decode("utf-8", "replace")
    return fast


def assert_fast(text: str | bytes) -> Node:
    """The fast reader handles this itself, and agrees with the exact reader."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    tree, problems = exact(data)
    assert not problems and tree is not None
    fast = fastyaml.read_fast(data, parallel=False)
    assert fast is not None, "the fast reader declined a clean, common file"
    assert fast == tree
    return fast


# --- What editors write: the fast path must take these, and agree -------------------

CLEAN = {
    "plain and quoted": (
        "services:\n"
        "  - id: sunflower-play\n"
        "    name: Sunflower Play Scheme\n"
        "    summary: 'Holiday play, for disabled children aged 5 to 11.'\n"
        '    phone: "0161 496 0123"\n'
        "    note: It's open 9:30 to 5, mostly\n"
        "    email: play@example.org\n"
    ),
    "yaml 1.1 traps stay text": (
        "opens: 17:00\nfree: no\nyes: Yes\ncode: 010101\nphone: +441234567890\n"
        "nothing: ~\nnull: null\ndate: 2024-13-01\nfloat: 1e3\nneg: -2.2412\n"
    ),
    "empty values": "a:\nb:   \nc: # a comment\nd:\n  e:\nf: x\n",
    "comments everywhere": (
        "# top\nservices:   # the list\n  # before\n  - id: a   # id\n    # inside\n"
        "    name: A#1 not a comment\n\n  # between\n  - id: b\n# end\n"
    ),
    "literal blocks": (
        "a: |\n  one\n  two\n\n  four\nb: |-\n  kept\n\n\nc: |+\n  keep\n\n\nd: |\n"
        "    indented\n      more\n    back\ne: x\n"
    ),
    "folded blocks": (
        "a: >\n  one\n  two\n\n  four\nb: >-\n  folded\n  line\nc: >\n  more\n"
        "    indented\n  back\nd: x\n"
    ),
    "flow collections": (
        "themes: [education, health]\nempty: []\nnone: {}\n"
        "ages: {min: 5, max: 11}\n"
        'contact: {phone: "0161 496 0123", email: a@example.org, website: https://www.example.org/a}\n'
        'schedule: [{days: [monday, friday], opens: "09:30", closes: "15:00", note: Term only}]\n'
        "spaced: [ a ,b,  c ]\ntrailing: [a, b, ]\nquoted: ['a, b', \"c\\td\"]\n"
        "urls: [https://www.example.org/x?y, http://a.b]\n"
    ),
    "nested lists of maps": (
        "services:\n- id: a\n  contacts:\n  - name: A\n    role: B\n  - {name: C}\n"
        "  locations:\n    - name: D\n      accessibility: [lift]\n    -\n    - - x\n      - y\n"
    ),
    "unicode": "name: Café Ünïcode 😀\nsummary: 'Ŵelsh — “quotes” ‘here’'\nlist: [日本, ü]\n",
    "long strings": "text: " + "word " * 4000 + "end\nnext: " + "x" * 20000 + "\n",
    "leading zeros and times": 'a: 007\nb: "09:30"\nc: 12:30\nd: 0.50\n',
    "escapes in double quotes": (
        'a: "tab\\there"\nb: "quote \\" and \\\\ and \\u00e9 \\x41 \\U0001F600"\n'
        "c: 'single '' quote'\n"
    ),
    "multi-line plain and quoted": (
        "summary: a plain value\n  that goes on\n\n  after a blank line\n"
        "blank first: x\n\n  y\n  # a comment ends it\n"
        "quoted: \"a quoted value\n  over two lines\"\nsingle: 'one\n\n  two'\n"
        'joined: "no \\\n  space"\nnext: x\n'
    ),
    "document start": "---\nservices:\n  - id: a\n",
    "key with spaces and dashes": "opening times: 9 to 5\nhow-to: x\nKey_2: y\n",
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_yaml_is_read_fast_and_the_same(name: str) -> None:
    assert_fast(CLEAN[name])


def test_crlf_line_endings_read_the_same() -> None:
    for text in CLEAN.values():
        assert_fast(text.replace("\n", "\r\n").encode("utf-8"))


def test_byte_order_mark_is_skipped_without_moving_columns() -> None:
    tree = assert_fast(b"\xef\xbb\xbfname: x\nlist: [a]\n")
    assert isinstance(tree, Map)
    assert tree.entries["name"] == Scalar("x", 1, 7)


def test_lines_columns_and_quoting_are_as_an_editor_counts_them() -> None:
    tree = assert_fast('a:\n  - "x"\n  - {k: v}\nb: |\n  t\n')
    assert isinstance(tree, Map)
    seq = tree.entries["a"]
    assert isinstance(seq, Seq) and (seq.line, seq.column) == (2, 3)
    assert seq.items[0] == Scalar("x", 2, 5, plain=False)
    flow = seq.items[1]
    assert isinstance(flow, Map) and (flow.line, flow.column) == (3, 5)
    assert flow.entries["k"] == Scalar("v", 3, 9)
    assert tree.entries["b"] == Scalar("t\n", 4, 4, plain=False)
    assert tree.key_lines == {"a": 1, "b": 4}


def test_empty_value_is_a_plain_empty_scalar_after_the_colon() -> None:
    tree = assert_fast("key:\nnext: 1\n")
    assert isinstance(tree, Map)
    assert tree.entries["key"] == Scalar("", 1, 5, plain=True)


# --- Anything unusual: None, so the exact reader words it ----------------------------

UNUSUAL = {
    "anchor": "a: &x 1\nb: 2\n",
    "alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !thing 1\n",
    "yaml directive": "%YAML 1.1\n---\na: 1\n",
    "tag directive": "%TAG !e! tag:example.org,2002:\n---\na: 1\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key in a list item": "s:\n  - id: x\n    id: y\n",
    "duplicate key in flow": "a: {b: 1, b: 2}\n",
    "tab indentation": "a:\n\tb: 1\n",
    "unquoted colon": "a: b: c\n",
    "bad indentation": "a:\n    b: 1\n  c: 2\n",
    "unclosed quote": 'a: "open\nb: 1\n',
    "unclosed flow": "a: [x, y\nb: 1\n",
    "second document": "a: 1\n---\nb: 2\n",
    "list after scalar": "a: 1\n- b\n",
    "control character": "a: b\x07c\n",
    "complex key": "? a\n: b\n",
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_input_is_left_to_the_exact_reader(name: str) -> None:
    data = UNUSUAL[name].encode("utf-8")
    assert fastyaml.read_fast(data, parallel=False) is None


def test_invalid_utf8_is_left_to_the_exact_reader() -> None:
    assert fastyaml.read_fast(b"a: caf\xe9\n") is None


def test_an_odd_listing_is_read_by_libyaml_alone_and_the_rest_fast() -> None:
    """A multi-line flow list in one listing: that listing goes to libyaml, the file stays fast."""
    text = (
        "services:\n  - id: a\n    needs: [autism,\n      adhd]\n"
        "  - id: b\n    literal: |\n      x\n      \ta tab inside a block\n  - id: c\n"
    )
    assert_fast(text)


# --- Whole files: the sample data and the benchmark generator -----------------------


def sample_files() -> list[Path]:
    return sorted((ROOT / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_sample_data_reads_the_same(path: Path) -> None:
    assert_fast(path.read_bytes())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/make_services.py"), "--count", "1300",
         "--out", str(out / "one")],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/make_services.py"), "--count", "1300",
         "--split", "7", "--out", str(out / "split")],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def test_generated_listings_read_the_same(generated: Path) -> None:
    assert_fast((generated / "one/services.yaml").read_bytes())


def test_two_processes_build_the_same_tree(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (generated / "one/services.yaml").read_bytes()
    monkeypatch.setattr(fastyaml, "PARALLEL_MIN_BYTES", len(data) // 2)
    assert fastyaml.read_fast(data, parallel=True) == exact(data)[0]


def test_two_processes_with_tabs_an_indentless_list_and_a_key_after(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's half holds a tab (read by libyaml there); a key follows the list."""
    text = (generated / "one/services.yaml").read_text(encoding="utf-8")
    body = text.split("services:\n", 1)[1]
    listings = body.replace("\n  ", "\n").replace("  - id:", "- id:")  # the list, indentless
    at = listings.rindex("\n- id:")
    listings = listings[:at] + "\n- id: tabbed\n  note: |\n    a\ttab\n" + listings[at:]
    data = ("services:\n" + listings + "feedback_note: x\n").encode()
    tree = exact(data)[0]
    assert tree is not None
    monkeypatch.setattr(fastyaml, "PARALLEL_MIN_BYTES", len(data) // 2)
    assert fastyaml.read_fast(data, parallel=True) == tree
    assert fastyaml.read_fast(data, parallel=False) == tree


def test_split_that_lands_inside_a_block_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's half starts at a line that is really inside a literal block: unused."""
    text = "intro: |\n" + "  - not a list item\n" * 3000 + "services:\n  - id: a\n"
    data = text.encode()
    monkeypatch.setattr(fastyaml, "PARALLEL_MIN_BYTES", 1000)
    assert fastyaml.read_fast(data, parallel=True) == exact(data)[0]


def test_many_files_on_two_cores(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((generated / "split/services").glob("*.yaml"))
    monkeypatch.setattr(fastyaml, "PARALLEL_MIN_BYTES", 100_000)
    trees = fastyaml.read_many(paths, parallel=True)
    assert list(trees) == paths
    for path in paths:
        assert trees[path] is not None
        assert trees[path] == exact(path.read_bytes())[0]


def test_many_files_with_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("services:\n  - id: a\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("services:\n  - id: a\n    id: b\n")
    missing = tmp_path / "missing.yaml"
    trees = fastyaml.read_many([good, bad, missing])
    assert trees[good] == exact(good.read_bytes())[0]
    assert trees[bad] is None and trees[missing] is None


def test_read_yaml_after_read_many_declined_gives_the_exact_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("services:\n  - id: a\n    id: b\n")
    assert fastyaml.read_many([bad])[bad] is None
    assert fastyaml.read_yaml(bad, "bad.yaml") == yamlread.read_yaml(bad, "bad.yaml")
    bad.write_text("services:\n  - id: a\n    name: b\n")  # fixed: read fast again
    assert fastyaml.read_yaml(bad, "bad.yaml") == (exact(bad.read_bytes())[0], [])


def test_cache_gives_the_same_tree_and_refuses_foreign_pickles(tmp_path: Path) -> None:
    path = tmp_path / "services.yaml"
    path.write_text(CLEAN["plain and quoted"])
    cache = tmp_path / "cache"
    first = fastyaml.read_many([path], cache_dir=cache)[path]
    stored = list(cache.glob("*.pickle"))
    assert first is not None and len(stored) == 1
    assert fastyaml.read_many([path], cache_dir=cache)[path] == first
    # A planted pickle that would run code is treated as a miss, never loaded.
    stored[0].write_bytes(pickle.dumps(print))
    assert fastyaml.read_many([path], cache_dir=cache)[path] == first


def test_read_yaml_matches_the_exact_reader_with_problems_and_all(tmp_path: Path) -> None:
    for name, text in {**CLEAN, **UNUSUAL}.items():
        path = tmp_path / f"{abs(hash(name))}.yaml"
        path.write_text(text, encoding="utf-8")
        assert fastyaml.read_yaml(path, "f.yaml") == yamlread.read_yaml(path, "f.yaml"), name
    too_big = tmp_path / "big.yaml"
    too_big.write_text("a: 1\n" * 100)
    assert fastyaml.read_yaml(too_big, "b.yaml", max_bytes=10) == yamlread.read_yaml(
        too_big, "b.yaml", max_bytes=10
    )


# --- A seeded fuzzer: random documents, fast reader against exact reader ------------

_ATOMS = [
    "word", "two words", "a:b", "a: b", "a #b", "a#b", "-1", "- x", "-", "17:00", "no", "~",
    "", " lead", "trail ", "it's", 'say "hi"', "back\\slash", "tab\there", "ü😀", "[x]", "{y}",
    "a, b", "%x", "@x", "`x", "&x", "*x", "!x", "?x", ":x", "x:", "#x", "|", ">", "'", '"',
    "http://a.b/c?d=e", "a  b", "0.5", "---", "...", "x # y", "a\\nb", "é",
]  # fmt: skip
_KEYS = ["id", "name", "a", "b", "key two", "x-y", "k:", "1", "ü", "'q'", "dup", "dup"]


def _scalar(rng: random.Random, indent: int) -> str:
    atom = rng.choice(_ATOMS)
    style = rng.random()
    if style < 0.45:
        return atom
    if style < 0.6:
        return "'" + atom.replace("'", "''") + "'"
    if style < 0.75:
        return '"' + atom.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style < 0.85:
        pad = " " * (indent + rng.choice([1, 2]))
        body = "\n".join(pad + rng.choice(_ATOMS) if rng.random() < 0.8 else "" for _ in range(3))
        return rng.choice(["|", ">", "|-", ">+", "|+"]) + "\n" + body
    if rng.random() < 0.5:
        return "[" + ", ".join(rng.choice(_ATOMS[:6]) for _ in range(rng.randint(0, 3))) + "]"
    pairs = (f"k{i}: {rng.choice(_ATOMS[:6])}" for i in range(rng.randint(0, 3)))
    return "{" + ", ".join(pairs) + "}"


def _node(rng: random.Random, indent: int, depth: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    kind = rng.random() if depth < 3 else 1.0
    if kind < 0.35:
        for _ in range(rng.randint(1, 4)):
            key = rng.choice(_KEYS)
            if rng.random() < 0.3 and depth < 3:
                lines.append(f"{pad}{key}:" + rng.choice(["", "  # c"]))
                lines += _node(rng, indent + rng.choice([2, 4]), depth + 1)
            else:
                lines.append(f"{pad}{key}: {_scalar(rng, indent)}" + rng.choice(["", "", " # c"]))
                if rng.random() < 0.1:  # a continuation line, perhaps after a blank one
                    lines += [""] * rng.randint(0, 1) + [pad + " " * rng.randint(0, 3) + "more"]
            if rng.random() < 0.1:
                lines.append(rng.choice(["", pad + "# comment", "   "]))
    elif kind < 0.6:
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5 and depth < 3:
                inner = _node(rng, indent + 2, depth + 1)
                lines.append(f"{pad}- " + inner[0].lstrip(" "))
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_scalar(rng, indent)}")
    else:
        lines.append(f"{pad}leaf: {_scalar(rng, indent)}")
    return lines


def _mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.4 and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, rng.choice([" ", "\n", ":", "-", "#", "'", '"', "\t", "  ", "[", "}"]))
    return "".join(chars)


def test_random_documents_agree_with_the_exact_reader() -> None:
    rng = random.Random(20261123)
    read_fast = 0
    for _ in range(3000):
        text = "\n".join(_node(rng, 0, 0)) + rng.choice(["\n", "", "\n\n"])
        if rng.random() < 0.3:
            text = _mutate(rng, text)
        if same_or_declined(text.encode("utf-8")) is not None:
            read_fast += 1
    assert read_fast > 1000  # the fast path really ran, not just declined


def test_deep_nesting_does_not_crash() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "v: 1\n"
    same_or_declined(text.encode())
    same_or_declined(("[" * 5000 + "]" * 5000).encode())


def test_wire_pickles_rebuild_real_nodes() -> None:
    """The worker's `_Wire` tuples unpickle as the real node classes."""
    lines = fastyaml._Lines("a: [x, y]\nb: {c: d}\n", wire=True)
    data = fastyaml._dumps(lines.document())
    assert fastyaml._loads(data) == assert_fast("a: [x, y]\nb: {c: d}\n")
