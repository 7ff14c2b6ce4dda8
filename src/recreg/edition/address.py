"""Addresses: one grammar for every node of every edition.

Grammar (zero padding, as in the sources' ``R06``, is accepted on input and never printed)::

    address   = [edition ":"] recommendation [ "/" action [ "/" item ] | "/" footnote ]
    edition   = [a-z][a-z0-9-]*          e.g. cws12, r40
    recommendation = "R" number          e.g. R5, R06 (read as R6); numbers start at 1
    action    = a lower-case letter      e.g. d
    item      = a lower-case roman numeral  e.g. ii
    footnote  = "fn" number              e.g. fn2

Examples: ``cws12:R5/d``, ``cws11:R7/a/ii``, ``cws12:R6/fn2``, ``R3`` (edition implied).
An edition on its own (``cws12``) addresses the whole edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering

from ..errors import Problem, RecregError
from ..limits import excerpt

EDITION_RE = r"[a-z][a-z0-9-]*"
# Numbers start at 1. Leading zeros are read past, and ASCII digits are capped at 18 so
# that int() neither refuses the text nor turns a typo into a huge number.
_ADDRESS = re.compile(
    rf"""^(?:(?P<edition>{EDITION_RE})(?::|$))?
    (?:R0*(?P<number>[1-9][0-9]{{0,17}})
       (?:/(?:fn0*(?P<footnote>[1-9][0-9]{{0,17}})|(?P<action>[a-z])(?:/(?P<item>[ivxlc]+))?))?
    )?$""",
    re.VERBOSE,
)


@total_ordering
@dataclass(frozen=True)
class Address:
    """Where a node stands: edition, recommendation number, action label, item label or footnote."""

    edition: str | None = None
    number: int | None = None
    action: str | None = None
    item: str | None = None
    footnote: int | None = None
    # The labels as the source prints them (``AC-2(3)``, ``a.``, ``1.``), for people to read;
    # not part of the address's identity.
    printed: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self._key() < other._key()

    def _key(self) -> tuple:
        # Field by field as the dataclass would, but None sorts first instead of failing
        # against a value: a recommendation comes before its actions (R6 < R6/a < R6/a/i).
        parts = (self.edition, self.number, self.action, self.item, self.footnote)
        return tuple((0, "") if part is None else (1, part) for part in parts)

    @property
    def local(self) -> str:
        """Return the address without its edition (``R5/d``)."""
        if self.number is None:
            return ""
        text = f"R{self.number}"
        if self.footnote is not None:
            return f"{text}/fn{self.footnote}"
        if self.action:
            text += f"/{self.action}"
            if self.item:
                text += f"/{self.item}"
        return text

    @property
    def shown(self) -> str:
        """Return the address as a reader of its source knows it: ``AC-2(3)/a/1``, else the local address (``R5/d``)."""
        if not self.printed or self.footnote is not None:
            return self.local
        number, *parts = self.printed
        return "/".join([number, *(label.strip("().") or label for label in parts)])

    @property
    def display(self) -> str:
        """Return the address with its edition, as `shown` gives it (``rev5:AC-2(3)/a``)."""
        if self.edition is None or self.number is None:
            return self.shown or str(self)
        return f"{self.edition}:{self.shown}"

    @property
    def kind(self) -> str:
        """Return which model type the address names."""
        if self.number is None:
            return "edition"
        if self.footnote is not None:
            return "footnote"
        if self.item:
            return "item"
        if self.action:
            return "action"
        return "recommendation"

    def parent(self) -> Address:
        """Return the node this one is part of: an item's action, an action's or footnote's recommendation."""
        if self.item is not None:
            return Address(self.edition, self.number, self.action, printed=self.printed and self.printed[:2])
        return self.recommendation()

    def recommendation(self) -> Address:
        """Return the address of the recommendation this node belongs to."""
        if self.action is None and self.item is None and self.footnote is None:
            return self
        found = self.__dict__.get("_recommendation")
        if found is None:
            found = Address(self.edition, self.number, printed=self.printed and self.printed[:1])
            object.__setattr__(self, "_recommendation", found)  # asked for again and again by the engine
        return found

    def __hash__(self) -> int:
        # Addresses key most of the engine's mappings: hashed once, not field by field at every lookup.
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.edition, self.number, self.action, self.item, self.footnote))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict:
        # The fields alone: a string's hash differs from one process to the next, so a cached
        # hash must never reach a pickle (the edition cache) or a copy.
        return {
            "edition": self.edition,
            "number": self.number,
            "action": self.action,
            "item": self.item,
            "footnote": self.footnote,
            "printed": self.printed,
        }

    def child(self, label: str, printed: str | None = None) -> Address:
        """Return the address of an action (on a recommendation) or item (on an action).

        Args:
            label: the action's letter or the item's numeral.
            printed: its label as the source prints it (``(a)``, ``1.``), where the parent has one.
        """
        labels = self.printed + (printed,) if self.printed and printed else None
        if self.action is None:
            return Address(self.edition, self.number, label, printed=labels)
        return Address(self.edition, self.number, self.action, label, printed=labels)

    def with_edition(self, edition: str | None) -> Address:
        """Return the same node in another edition (or with the edition dropped)."""
        return Address(edition, self.number, self.action, self.item, self.footnote, self.printed)

    def __str__(self) -> str:
        if self.edition is None:
            return self.local
        return f"{self.edition}:{self.local}" if self.number is not None else self.edition


def split_ref(ref: str) -> tuple[str, str | None]:
    """Split ``EDITION@REV`` (or ``path.yaml@REV``) into the edition part and the revision."""
    if "@" not in ref:
        return ref, None
    edition, rev = ref.split("@", 1)
    return edition, rev


MAX_ID_LENGTH = 64


def edition_id(text: str, option: str) -> str:
    """Read a new edition's id as typed (any case: ``CWS13`` is ``cws13``), refusing one the grammar does not allow.

    Args:
        text: the id as typed.
        option: the option or argument it came from, named in the error.

    Raises:
        RecregError: not lower-case letters, digits and hyphens starting with a letter.
    """
    found = text.strip().lower()
    if not re.fullmatch(EDITION_RE, found):
        raise RecregError(
            Problem(
                f"{excerpt(repr(text), 80)} is not an edition id",
                file=option,
                expected="letters, digits and hyphens, starting with a letter",
            )
        )
    if len(found) > MAX_ID_LENGTH:
        # The id names the edition's file (and its cache entries): keep it well inside a file name's 255 bytes.
        raise RecregError(
            Problem(
                f"an edition id of {len(found)} characters", file=option, expected=f"at most {MAX_ID_LENGTH} characters"
            )
        )
    return found


def addresses(value: Address | tuple[Address, ...] | None) -> tuple[Address, ...]:
    """Return a change side's addresses as a tuple: none, one, or the parts of a split or merge."""
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


_LOCAL = re.compile(r"[Rr]0*[1-9][0-9]*(?:/.*)?")


def user_address(text: str, bare: str = "edition") -> str:
    """Bring an address a person typed to the grammar's case: ``CWS12:r5/D`` -> ``cws12:R5/d``.

    Edition ids, action letters, item numerals and ``fn`` are lower-case, the ``R`` upper;
    nobody should have to remember which. A text without a colon is ambiguous (``r40`` is
    an edition, ``R40`` a recommendation): `bare` says which the command expects.

    Args:
        text: the address as typed.
        bare: ``edition`` or ``node``: what a text without a colon names when its case does
            not say (``R5`` is always a recommendation).
    """
    text = text.strip()
    edition, colon, local = text.rpartition(":")
    if not colon:
        is_node = text[:1] == "R" and _LOCAL.fullmatch(text) or (bare == "node" and _LOCAL.fullmatch(text))
        if not is_node:
            return text.lower()
        edition, local = "", text
    local = local.lower()
    local = "R" + local[1:] if local.startswith("r") else local
    return f"{edition.lower()}{colon}{local}"


def parse_address(
    text: str, default_edition: str | None = None, option: str | None = None, typed: str | None = None
) -> Address:
    """Parse an address, accepting the sources' spellings (``R06`` and ``R6``).

    Args:
        text: the address in the grammar's case (a person's input goes through
            `user_address` first).
        default_edition: edition to use when the text names none.
        option: the option or argument the text came from, named in errors.
        typed: the text as the person wrote it, quoted in errors (default: `text`).

    Returns:
        The parsed `Address`.

    Raises:
        RecregError: the text does not follow the grammar.
    """
    match = _ADDRESS.match(text.strip())
    if not match or not text.strip() or text.strip().endswith(":"):
        raise RecregError(
            Problem(
                f"{typed if typed is not None else text!r} is not an address",
                file=option,
                expected="EDITION:R<n>[/<action>[/<item>]] or EDITION:R<n>/fn<N>, such as cws12:R5/d",
            )
        )
    groups = match.groupdict()
    return Address(
        edition=groups["edition"] or default_edition,
        number=int(groups["number"]) if groups["number"] else None,
        action=groups["action"],
        item=groups["item"],
        footnote=int(groups["footnote"]) if groups["footnote"] else None,
    )


# The forms people write an address in, in a header or a cell: R3(a), R3 (a), 3 a, 3.a.ii,
# Recommendation 3(a), Rec. 3 a, cws12:R3/a. What follows the address is returned with it.
_LOOSE_ADDRESS = re.compile(
    r"""^(?:(?P<edition>[a-z][a-z0-9-]*)\s*:\s*)?
    (?:recommendation|rec\.?|r)?\s*0*(?P<number>[1-9][0-9]{0,3})(?![0-9])
    (?:\s*(?:[/.\-]\s*|\(\s*|\s)(?P<action>[a-z])\s*\)?(?![a-z0-9]))?
    (?:\s*(?:[/.\-]\s*|\(\s*|\s)(?P<item>[ivx]{1,4})\s*[).]?(?![a-z0-9]))?
    (?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


def read_loose_address(text: str) -> tuple[Address, str] | None:
    """Read an address as people write it (``R3(a)``, ``3 a``, ``Recommendation 3 (a)``, ``cws12:R6/fn2``).

    Returns:
        The address (its edition if one is written) and the text after it, or None when
        the text does not start with an address.
    """
    stripped = text.strip()
    found = _LOOSE_ADDRESS.match(stripped)
    if found:
        edition = found["edition"].lower() if found["edition"] else None
        return (
            Address(
                edition,
                int(found["number"]),
                (found["action"] or "").lower() or None,
                (found["item"] or "").lower() or None,
            ),
            found["rest"],
        )
    try:  # a footnote, in the grammar's own spelling (cws12:R6/fn2)
        head, _, rest = stripped.partition(" ")
        address = parse_address(head)
    except RecregError:
        return None
    return (address, rest) if address.number is not None else None
