"""One textual change to an RTL source, as the mutation checks (verif/test_mutations.py) and the
formal mutants (verif/formal/formal.py) make it: the original text must occur exactly once."""

from __future__ import annotations


def replace_once(text: str, old: str, new: str, what: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced by ``new``; ValueError naming ``what``
    (the mutation and its file) when ``old`` occurs zero or several times."""
    n = text.count(old)
    if n != 1:
        raise ValueError(f"{what}: the original text occurs {n} times (expected once); update it to the "
                         f"current RTL: {old!r}")
    return text.replace(old, new)
