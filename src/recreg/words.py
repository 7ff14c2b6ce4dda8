"""Words for counts, so that every message says "1 pair" and "2 pairs"."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """Return a count with its noun in the right number (``1 pair``, ``2 pairs``, ``0 changes``).

    Args:
        number: how many.
        noun: the singular noun.
        plural: the plural, where adding ``s`` would be wrong.
    """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


NO_EDITIONS = "an edition: the registry has none yet (recreg import FILE --as ID brings one in)"


def one_of(choices, when_none: str = NO_EDITIONS) -> str:
    """Say what was expected: ``one of cws11, cws12``, or `when_none` where there is nothing to choose from."""
    choices = list(choices)
    return "one of " + ", ".join(choices) if choices else when_none
