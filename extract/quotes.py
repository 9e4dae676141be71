"""Where a quotation runs on: one rule for the coreference's quote regions and the extractors' quote spans."""

from __future__ import annotations

__all__ = ["reopens_quotation"]

_SENTENCE_ENDS = (".", "!", "?", "…")


def reopens_quotation(words: list[str], spaces: list[int], i: int) -> bool:
    """Whether the straight quote ``words[i]``, met inside an open quotation, opens the next part of it.

    A quotation that runs over several paragraphs reopens each one without
    closing the last; a corpus that lost its paragraph breaks shows it as
    ``nowhere. "He's part of our squad``: a quote after the end of a sentence
    and a space, glued to the word after it. Taken as a closing quote, it
    would turn the rest of the speech into narration and the narration after
    it into speech. ``spaces[k]`` is the Doc's trailing-space flag of token ``k``.
    """
    if words[i] != '"' or i == 0 or i + 1 >= len(words) or spaces[i] or not spaces[i - 1]:
        return False
    return words[i - 1].endswith(_SENTENCE_ENDS) and words[i + 1][:1].isalnum()
