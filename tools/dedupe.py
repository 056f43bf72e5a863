"""Find exact and near-duplicate articles.

Texts are compared after removing everything but letters and digits, as
sets of character 5-grams (shingles); two articles whose Jaccard similarity
reaches ``THRESHOLD`` are the same article published twice.
"""

from __future__ import annotations

import re

SHINGLE = 5
THRESHOLD = 0.8
NOISE_RE = re.compile(r"[\W_]+")


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character n-grams of the text's letters and digits."""
    text = NOISE_RE.sub("", text)
    return {text[i:i + size] for i in range(max(len(text) - size + 1, 1))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' shingles (1.0 for identical text)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def group_duplicates(texts: list[str], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of texts grouped by duplicates, each group in input order."""
    sets = [shingles(t) for t in texts]
    groups: list[list[int]] = []
    for i, s in enumerate(sets):
        for group in groups:
            first = sets[group[0]]
            if len(s & first) / max(len(s | first), 1) >= threshold:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups
