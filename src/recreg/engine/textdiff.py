"""Prose comparison: tokens, normative phrases (modality), editorial folding and word diffs.

Texts are split into words and punctuation marks, so that a changed comma or a changed
capital shows as its own edit. A normative phrase ("should be encouraged to") is one
token, so that softening a recommendation is one substitution, not three edits.

Two texts differ *editorially* when they are equal after folding case, punctuation,
articles, hyphenation and spelling variants (`fold`); otherwise they are *reworded*.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

# Footnote markers, words (with inner hyphens, dots and apostrophes: "AI-powered",
# "ST.37", "offices’"), then any single other non-space character.
_TOKEN = re.compile(r"\[\^\d+\]|\w+(?:[-.’']\w+)*|[^\w\s]")


class Modality(NamedTuple):
    """One row of the modality lexicon: a normative phrase and what it asks."""

    name: str  # the row's name, also the class the aligner compares (singular and plural alike)
    category: str  # obligation, recommendation, encouragement, permission, prohibition, ...
    strength: int  # how strongly it binds; compared only between rows of the same polarity
    polarity: int  # +1: do it; -1: do not (or need not) do it
    forms: tuple[str, ...]  # the written forms, singular and plural


# The modality lexicon, ONE ordered table: positive phrases strongest first, then negative
# ones. The direction of a change of phrase is computed from it (`direction`): to a row of
# the same polarity and lower strength is weakened, higher strengthened, equal changed; a
# change of polarity is its own direction, `prohibited` into a prohibition (must not,
# shall not), `negated` otherwise. Forms of one row are one phrase ("is encouraged to",
# "are encouraged to"). "should ensure" is "should" governing the verb "ensure", not a
# phrase of its own: "should ensure" -> "may ensure" is a weakening, "should make sure" ->
# "should ensure" rewording, and the word diff shows only the words that changed. The
# docs/diff-engine.md prints this table.
MODALITY_LEXICON: tuple[Modality, ...] = (
    Modality("must", "obligation", 7, +1, ("must",)),
    Modality("shall", "obligation", 7, +1, ("shall",)),
    Modality("are required to", "obligation", 7, +1, ("are required to", "is required to")),
    Modality("should", "recommendation", 6, +1, ("should",)),  # also in "should ensure": see above
    Modality("should be encouraged to", "encouragement", 5, +1, ("should be encouraged to",)),
    Modality("are encouraged to", "encouragement", 4, +1, ("are encouraged to", "is encouraged to")),
    Modality("are invited to", "encouragement", 3, +1, ("are invited to", "is invited to")),
    Modality("may", "permission", 2, +1, ("may",)),
    Modality("can", "possibility", 2, +1, ("can",)),
    Modality("could", "possibility", 2, +1, ("could",)),
    Modality("might", "possibility", 2, +1, ("might",)),
    Modality("must not", "prohibition", 7, -1, ("must not",)),
    Modality("shall not", "prohibition", 7, -1, ("shall not",)),
    Modality("should not", "discouragement", 6, -1, ("should not",)),
    Modality("are not required to", "exemption", 2, -1, ("are not required to", "is not required to")),
)
MODALITIES: dict[str, Modality] = {row.name: row for row in MODALITY_LEXICON}
MODAL_CLASS: dict[tuple[str, ...], str] = {
    tuple(form.split()): row.name for row in MODALITY_LEXICON for form in row.forms
}

ARTICLES = frozenset({"a", "an", "the"})

# British and American spellings and other variants an editor does not count as rewording.
_VARIANT_ENDINGS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("our", "or"),
    ("ogue", "og"),
    ("tre", "ter"),
    ("mme", "m"),
)


class Token(NamedTuple):
    """A word, punctuation mark, footnote marker or normative phrase, as written."""

    text: str
    modal: str | None = None  # the modality class, for normative phrases
    gap: bool = False  # white space stood before it in the text


def _modal_regex() -> str:
    phrases = sorted((" ".join(words) for words in MODAL_CLASS), key=len, reverse=True)
    # Longest first, so "should not" wins over "should". A negation is not one before
    # "only" ("should not only ... but also" asks for more, not for nothing).
    alternatives = "|".join(
        r"\s+".join(map(re.escape, phrase.split())) + (r"(?!\s+only\b)" if " not" in phrase else "")
        for phrase in phrases
    )
    # A phrase is a token only where it is not part of a longer word ("may-day", "non-shall").
    return rf"(?<![\w])(?<!\w[-.’'])(?P<modal>(?i:{alternatives}))(?![\w]|[-.’']\w)"


# A scan yields (white space before, normative phrase, other token) for each token: the
# space says whether a gap stood before it, so one pass serves the word diff and the
# matcher's words. Every phrase starts with one of a few letters: asking that first (under
# the same case rules) spares the phrase alternatives at most words.
_MODAL_START = "(?=(?i:[" + "".join(sorted({" ".join(words)[0] for words in MODAL_CLASS})) + "]))"
_TOKENS = re.compile(r"(\s*)(?:" + _MODAL_START + _modal_regex() + "|(" + _TOKEN.pattern + "))")


def _modal_class(phrase: str) -> str:
    """Return the class of a normative phrase as written (any case, any white space between its words)."""
    found = MODAL_CLASS.get(tuple(phrase.lower().split()))
    if found is None:
        # A letter that only matches under Unicode case rules ("ſhould", "İs encouraged to"):
        # the phrase the scan matched, found by the same rules.
        found = next(
            row
            for words, row in MODAL_CLASS.items()
            if re.fullmatch(r"\s+".join(map(re.escape, words)), phrase, re.IGNORECASE)
        )
    return found


def tokenize(text: str) -> list[Token]:
    """Split a text into tokens, joining each normative phrase into one token."""
    return [
        Token(" ".join(modal.split()), _modal_class(modal), bool(space)) if modal else Token(other, None, bool(space))
        for space, modal, other in _TOKENS.findall(text)
    ]


# The matcher's words of each text, kept while a diff runs (`word_cache`): most texts are the
# same in both editions, and each is read once however many steps ask for its words.
_STEMS: dict[str, tuple[str, ...]] = {}
_CACHING = [0]  # how many `word_cache` scopes are open
_OUTSIDE_LIMIT = 65536  # words kept outside any scope (a library caller's own loop)


def stems(text: str) -> tuple[str, ...]:
    """Return the words the aligner compares, read once per text while a diff runs.

    The meaningful words of `fold` (normative phrases kept, by class), each stripped of its
    plural or third-person ``-s`` (`stem`); read straight from the scan, without building
    tokens, because the aligner needs them for every text of both editions.
    """
    found = _STEMS.get(text)
    if found is not None:
        return found
    words: list[str] = []
    for _, modal, other in _TOKENS.findall(text):
        if modal:
            words.append(_modal_class(modal))
        else:
            words.extend(_stemmed_token(other))
    if not _CACHING[0] and len(_STEMS) >= _OUTSIDE_LIMIT:
        _STEMS.clear()
        _stemmed_token.cache_clear()
    found = _STEMS[text] = tuple(words)
    return found


def known_words(texts: Iterable[str], words: Iterable[tuple[str, ...]]) -> None:
    """Take the words of texts read in an earlier run (`stems` of each text, as this module reads them)."""
    _STEMS.update(zip(texts, words))


@lru_cache(maxsize=1)
def reading_digest() -> str:
    """Return a digest of this module's source: words remembered from another run count only if it is unchanged."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@contextmanager
def word_cache() -> Iterator[None]:
    """Keep every text's words (`stems`) until the outermost scope closes, then let them go.

    A diff asks for the words of each text at several steps (recommendations, actions,
    relations); within the scope each text is read once, whatever the edition's size.
    """
    _CACHING[0] += 1
    try:
        yield
    finally:
        _CACHING[0] -= 1
        if not _CACHING[0]:
            _STEMS.clear()
            _stemmed_token.cache_clear()


@cache
def _stemmed_token(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _fold_token(text))


def modalities(tokens: list[Token]) -> list[str]:
    """Return the modality classes of the normative phrases, in order."""
    return [token.modal for token in tokens if token.modal]


def direction(before: str, after: str) -> str:
    """Say how a change of normative phrase (by class) changes what is asked, from the lexicon's order.

    Returns:
        ``weakened`` or ``strengthened`` (same polarity, lower or higher strength),
        ``changed`` (same polarity and strength, another phrase), ``prohibited`` (into a
        prohibition: must not, shall not) or ``negated`` (any other change of polarity).
    """
    old, new = MODALITIES[before], MODALITIES[after]
    if old.polarity != new.polarity:
        return "prohibited" if new.category == "prohibition" else "negated"
    if new.strength < old.strength:
        return "weakened"
    if new.strength > old.strength:
        return "strengthened"
    return "changed"


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold a lower-case word to its spelling-variant-free form (``catalogue`` -> ``catalog``)."""
    for british, american in _VARIANT_ENDINGS:
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + american
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip a folded word's plural or third-person ``-s`` (``policies`` -> ``policy``, ``reviews`` -> ``review``).

    For matching only, never for classifying: "The organization reviews the accounts" and
    "Review the account" ask for the same thing, yet a reader still sees the change. A
    conservative S-stemmer (after Harman, 1991): ``-ies`` -> ``-y``; ``-sses``, ``-xes``,
    ``-ches``, ``-shes``, ``-zes`` lose ``-es``; any other final ``-s`` goes unless the word
    ends in ``-ss``, ``-us`` or ``-is`` (access, status, analysis) or is that short.
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


def fold(tokens: list[Token], keep_modals: bool = False) -> list[str]:
    """Return the words that carry meaning: case, punctuation, articles, hyphens and variants folded.

    Args:
        tokens: the text's tokens.
        keep_modals: keep normative phrases (by class); by default they are dropped,
            because modality is compared on its own.
    """
    return _fold_pairs(((t.modal, t.text) for t in tokens), keep_modals)


def _fold_pairs(pairs, keep_modals: bool) -> list[str]:
    """Fold (modality class or None, token text) pairs into meaningful words (see `fold`)."""
    found: list[str] = []
    for modal, text in pairs:
        if modal:
            if keep_modals:
                found.append(modal)
        else:
            found.extend(_fold_token(text))
    return found


@lru_cache(maxsize=65536)
def _fold_token(text: str) -> tuple[str, ...]:
    """Fold one token as written into its meaningful words (none for punctuation and markers)."""
    if not (text[0].isalnum() or text[0] == "_"):
        return ()
    return tuple(fold_word(part) for part in text.lower().replace("’", "'").split("-") if part and part not in ARTICLES)


@dataclass(frozen=True, slots=True)
class Edit:
    """One run of a word diff: ``op`` is ``equal``, ``delete`` or ``insert``."""

    op: str
    text: str


def opcodes(before: list[Token], after: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """Return difflib's opcodes between two token lists (compared as written)."""
    matcher = difflib.SequenceMatcher(None, [t.text for t in before], [t.text for t in after], autojunk=False)
    return matcher.get_opcodes()


def word_diff(before: list[Token], after: list[Token], ops: list | None = None) -> list[Edit]:
    """Diff two token lists word by word; a replacement is a deletion then an insertion.

    Each edit keeps the white space before its first token, so concatenating the
    ``equal`` and ``delete`` edits gives the old text and ``equal`` and ``insert`` the new.
    """
    edits: list[Edit] = []
    for op, i1, i2, j1, j2 in ops if ops is not None else opcodes(before, after):
        if op == "equal":
            edits.append(Edit("equal", join(after[j1:j2], leading=j1 > 0)))
            continue
        if i2 > i1:
            edits.append(Edit("delete", join(before[i1:i2], leading=i1 > 0)))
        if j2 > j1:
            edits.append(Edit("insert", join(after[j1:j2], leading=j1 > 0)))
    return edits


def modal_changes(before: list[Token], after: list[Token], ops: list) -> tuple[list[tuple[Token, Token]], bool]:
    """Find the normative phrases replaced by others, following the word diff.

    A phrase deleted in one changed region and one inserted in the same region are a
    replacement (paired in order); a phrase only deleted or only inserted is rewording.
    Forms of one row ("is encouraged to", "are encouraged to") are the same phrase.

    Returns:
        The (before, after) phrase tokens whose classes differ, and whether any phrase was
        inserted or deleted without a counterpart.
    """
    replaced: list[tuple[Token, Token]] = []
    unpaired = False
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        old = [token for token in before[i1:i2] if token.modal]
        new = [token for token in after[j1:j2] if token.modal]
        replaced.extend((b, a) for b, a in zip(old, new) if b.modal != a.modal)
        unpaired = unpaired or len(old) != len(new)
    return replaced, unpaired


def apportion(before: str, parts: list[str]) -> list[str]:
    """Cut an old text into the stretches that became each of several new texts (a split).

    The old text is diffed against the parts laid end to end; each old token goes to the
    part its aligned new position falls in (an equal or replaced run that straddles two
    parts is cut where the parts meet; a deleted run goes to the part being written at
    that point). The stretches, in order, make up the whole old text.

    Args:
        before: the old text.
        parts: the new texts it was split into, in order.

    Returns:
        One stretch of the old text per part (possibly empty), white space as written.
    """
    old = tokenize(before)
    pieces = [tokenize(part) for part in parts]
    ends, total = [], 0
    for piece in pieces:
        total += len(piece)
        ends.append(total)
    joined = [token for piece in pieces for token in piece]
    owner = [0] * len(old)

    def part_at(position: int) -> int:
        return next((k for k, end in enumerate(ends) if position < end), len(ends) - 1)

    for op, i1, i2, j1, j2 in opcodes(old, joined):
        if op == "equal":
            for offset in range(i2 - i1):
                owner[i1 + offset] = part_at(j1 + offset)
        elif op == "replace":
            # Spread the old run over the new run in proportion, so a rewrite spanning
            # the cut hands each part the old words at its own end.
            for offset in range(i2 - i1):
                owner[i1 + offset] = part_at(j1 + (offset * (j2 - j1)) // (i2 - i1))
        elif op == "delete":
            for offset in range(i2 - i1):
                owner[i1 + offset] = part_at(max(j1 - 1, 0)) if j1 > 0 else 0
    stretches: list[list[Token]] = [[] for _ in parts]
    for token, part in zip(old, owner):
        stretches[part].append(token)
    return [join(stretch) for stretch in stretches]


def join(tokens: list[Token], leading: bool = False) -> str:
    """Rebuild text from tokens with the white space the source had between them."""
    return "".join((" " if token.gap and (k or leading) else "") + token.text for k, token in enumerate(tokens))


# rapidfuzz computes the similarity in C, but importing it costs more (10 ms) than a small
# diff's few hundred comparisons take in Python: the first ones are made here, by the same
# arithmetic (tests/test_align_paths.py checks both give the same float), the rest by rapidfuzz.
_BEFORE_RAPIDFUZZ = [2000]


def similarity(a: Sequence, b: Sequence) -> float:
    """Return the normalised Indel similarity of two sequences (1.0 when equal): rapidfuzz's, to the last bit."""
    if not a and not b:
        return 1.0
    if _BEFORE_RAPIDFUZZ[0]:
        _BEFORE_RAPIDFUZZ[0] -= 1
        total = len(a) + len(b)
        return 1.0 - (total - 2 * _common_length(a, b)) / total
    return _indel()(a, b)


def _common_length(a: Sequence, b: Sequence) -> int:
    """Return the length of the longest common subsequence, by the bit-parallel algorithm (Hyyrö 2004)."""
    masks: dict = {}
    for position, item in enumerate(a):
        masks[item] = masks.get(item, 0) | (1 << position)
    row = (1 << len(a)) - 1
    for item in b:
        matched = row & masks.get(item, 0)
        row = (row + matched) | (row - matched)
    return len(a) - bin(row & ((1 << len(a)) - 1)).count("1")


@lru_cache(maxsize=1)
def _indel():
    # Imported on first use, not at start-up; cached so that each of many calls is cheap.
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity


def _segments(text: str) -> list[tuple[str, str, str]]:
    """Split a text into (key, white space before, token as written); trailing space is a last segment."""
    found, position = [], 0
    for space, modal, other in _TOKENS.findall(text):
        token = modal or other
        found.append((" ".join(token.split()), space, token))
        position += len(space) + len(token)
    if position < len(text):
        found.append(("", text[position:], ""))
    return found


def exact_diff(before: str, after: str) -> list[Edit]:
    """Diff two texts word by word so that the edits rebuild both exactly, white space included.

    Unlike `word_diff`, which writes one space wherever the texts had any, every character
    is kept: concatenating the ``equal`` and ``delete`` edits gives `before` and the
    ``equal`` and ``insert`` edits give `after`, non-breaking spaces and double spaces
    included. A changed space before an unchanged word is a change of its own.

    Returns:
        The edits, consecutive edits of one kind joined.
    """
    old, new = _segments(before), _segments(after)
    matcher = difflib.SequenceMatcher(None, [k for k, _, _ in old], [k for k, _, _ in new], autojunk=False)
    edits: list[Edit] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if edits and edits[-1].op == op:
            edits[-1] = Edit(op, edits[-1].text + text)
        else:
            edits.append(Edit(op, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            add("delete", "".join(space + token for _, space, token in old[i1:i2]))
            add("insert", "".join(space + token for _, space, token in new[j1:j2]))
            continue
        for (_, old_space, old_token), (_, new_space, new_token) in zip(old[i1:i2], new[j1:j2]):
            if old_token != new_token:  # one normative phrase written with other spacing
                add("delete", old_space + old_token)
                add("insert", new_space + new_token)
                continue
            if old_space != new_space:
                add("delete", old_space)
                add("insert", new_space)
                add("equal", old_token)
            else:
                add("equal", old_space + old_token)
    return edits


def token_spans(text: str) -> list[tuple[int, int, Token]]:
    """Return each token of a text with where it stands: its first character and the one after its last.

    The tokens are `tokenize`'s; the places let a passage of the text (a quoted span) be
    followed through a word diff to the words that stand for it in another text.
    """
    found = []
    for match in _TOKENS.finditer(text):
        start = match.end(1)  # after the white space the scan takes with the token
        gap = bool(match.group(1))
        phrase = match.group("modal")
        token = (
            Token(" ".join(phrase.split()), _modal_class(phrase), gap)
            if phrase
            else Token(text[start : match.end()], None, gap)
        )
        found.append((start, match.end(), token))
    return found
