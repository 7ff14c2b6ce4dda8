"""Words for counts, so that every message says "1 pair" and "2 pairs"."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """Return a count with its noun in the right number (``1 pair``, ``2 pairs``, ``0 changes``).

    Args:
        number: how many.
        noun: the singular noun.
        plural: the plural, where adding ``s`` would be wrong.
    """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
