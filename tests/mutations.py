"""Mutations of edition files for fuzzing: what damage or strangeness a registry file can meet.

Each mutation takes a seeded random generator and a file's text and returns the altered
text: byte flips, deleted and duplicated lines, indentation changes, swapped keys,
Unicode oddities, very long lines, deep nesting, anchors and aliases, tags, huge
numbers, duplicate ids, self links and a cyclic ``derives_from``. `mutate` applies one
to three of them. Used by ``tests/test_fuzz.py`` (a few hundred cases) and
``fuzz/run.py`` (thousands).
"""

from __future__ import annotations

import random
import re

# Text that looks like data but is not what recreg reads, and Unicode a reader stumbles on.
ODDITIES = (
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\ud7ff",
    "\U0001f600",
    "e\u0301",
    "\u2028",
    "\u0085",
    "\t",
    "İ",
    "ß",
    "\uffff",
    "'",
    '"',
    "\\",
    "#",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "%YAML 1.1",
    "---",
    "...",
    "? ",
    ": ",
    "- ",
    "|",
    ">",
    "{",
    "}",
    "[",
    "]",
    ",",
    "<script>alert(1)</script>",
    "[^9]",
)


def flip_bytes(rng: random.Random, text: str) -> str:
    """Flip a few bytes of the UTF-8 encoding (decoded back leniently: a bad byte stays bad)."""
    raw = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        if raw:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return raw.decode("utf-8", errors="surrogateescape")


def delete_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    start = rng.randrange(len(lines))
    del lines[start : start + rng.randint(1, 3)]
    return "\n".join(lines)


def duplicate_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(1, 4)]
    lines[start:start] = chunk
    return "\n".join(lines)


def reindent(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    change = rng.choice([-4, -2, -1, 1, 2, 4])
    line = lines[index]
    lines[index] = " " * max(0, len(line) - len(line.lstrip(" ")) + change) + line.lstrip(" ")
    return "\n".join(lines)


def swap_keys(rng: random.Random, text: str) -> str:
    keys = ["id", "number", "label", "text", "statement", "actions", "items", "footnotes", "links", "status", "title"]
    first, second = rng.sample(keys, 2)
    return re.sub(
        rf"\b({first}|{second}):",
        lambda m: (second if m.group(1) == first else first) + ":",
        text,
        count=rng.randint(1, 3),
    )


def insert_oddity(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(ODDITIES) + text[at:]


def long_line(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    lines[index] += " " + "word " * rng.randint(1_000, 40_000)
    return "\n".join(lines)


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([50, 70, 500, 5_000, 100_000])
    nest = rng.choice([("[" * depth, "]" * depth), ("{a: " * depth, "}" * depth)])
    return text.replace("recommendations:", f"recommendations: {nest[0]}{nest[1]}\nx-recommendations:", 1)


def anchors_and_aliases(rng: random.Random, text: str) -> str:
    bomb = "bomb: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i - 1}'}]\n" for i in range(8)
    )
    return rng.choice([bomb + text, text.replace("status:", "status: &s", 1) + "\nagain: *s\n"])


def tags(rng: random.Random, text: str) -> str:
    tag = rng.choice(
        [
            "!!python/object/apply:os.system ['true']",
            "!!binary aGVsbG8=",
            "!custom x",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!!float nan",
            "!!timestamp 2024-02-30",
            "!!int 0x1F",
        ]
    )
    return re.sub(r"(title: )", rf"\g<1>{tag} #", text, count=1)


def huge_number(rng: random.Random, text: str) -> str:
    value = rng.choice(["9" * 5_000, "1e999", "-1", "0", "18446744073709551617", ".inf", "0o777", "1_000"])
    return re.sub(r"number: \d+", f"number: {value}", text, count=1)


def duplicate_id(rng: random.Random, text: str) -> str:
    ids = re.findall(r"(?m)^  - id: (\S+)", text)
    if len(ids) < 2:
        return text
    first, second = rng.sample(ids, 2)
    return text.replace(f"  - id: {second}\n", f"  - id: {first}\n", 1)


def self_link(rng: random.Random, text: str) -> str:
    edition = re.search(r"(?m)^id: (\S+)", text)
    if not edition:
        return text
    return (
        re.sub(r"target: \S+", f"target: {edition.group(1)}:R1", text, count=1)
        if "target:" in text
        else text.replace(
            "  - id: ", f"  - links:\n      - type: related-to\n        target: {edition.group(1)}:R1\n    id: ", 1
        )
    )


def cyclic_derivation(rng: random.Random, text: str) -> str:
    edition = re.search(r"(?m)^id: (\S+)", text)
    target = edition.group(1) if edition and rng.random() < 0.5 else rng.choice(["cws11", "cws12", "r40"])
    return re.sub(r"(?m)^derives_from: .*$", f"derives_from: {target}", text, count=1)


def crlf(rng: random.Random, text: str) -> str:
    return text.replace("\n", "\r\n") if rng.random() < 0.5 else text.replace("\n", "\r\n", rng.randint(1, 20))


_QUOTED = re.compile(r'(?m)^(\s*(?:-\s+)?(?:text|statement|title): ")((?:[^"\\]|\\.)*)"')


def text_oddity(rng: random.Random, text: str) -> str:
    """Put strange but legal content into one quoted text: the file stays valid, so it is diffed."""
    import json

    found = list(_QUOTED.finditer(text))
    if not found:
        return text
    chosen = rng.choice(found)
    words = chosen.group(2).split(" ")
    action = rng.choice(["insert", "delete", "swap"])
    if action == "insert" or len(words) < 3:
        words.insert(rng.randrange(len(words) + 1), json.dumps(rng.choice(ODDITIES), ensure_ascii=False)[1:-1])
    elif action == "delete":
        del words[rng.randrange(len(words))]
    else:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    body = " ".join(words) or "x"
    return text[: chosen.start(2)] + body + text[chosen.end(2) :]


MUTATIONS = (
    flip_bytes,
    delete_lines,
    duplicate_lines,
    reindent,
    swap_keys,
    insert_oddity,
    long_line,
    deep_nesting,
    anchors_and_aliases,
    tags,
    huge_number,
    duplicate_id,
    self_link,
    cyclic_derivation,
    crlf,
)


LEGAL = (text_oddity, crlf)


def mutate(rng: random.Random, text: str) -> tuple[str, list[str]]:
    """Apply one to three random mutations; return the text and the mutations' names.

    Half the cases only make strange but legal changes (`LEGAL`), so that the diff and
    every renderer see them; the other half damage the file for the reader and validator.
    """
    names = []
    chosen = (
        [rng.choice(LEGAL) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5
        else rng.sample(MUTATIONS, rng.randint(1, 3))
    )
    for mutation in chosen:
        text = mutation(rng, text)
        names.append(mutation.__name__)
    return text, names


def to_bytes(text: str) -> bytes:
    """Encode a mutated text, keeping the invalid bytes `flip_bytes` left in it."""
    return text.encode("utf-8", errors="surrogateescape")
