import pytest

from extract.normalize import repair_glued_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WashingtonAfter a long call", "Washington\nAfter a long call"),
        ("MoscowThe pattern", "Moscow\nThe pattern"),
        ("Moscow / WashingtonA minimal agreement", "Moscow / Washington\nA minimal agreement"),
        ("Title line\nKYIV, MoscowThe pattern", "Title line\nKYIV, Moscow\nThe pattern"),
        ("talks in MoscowThe pattern", "talks in Moscow The pattern"),
        ("at a time whenRelations cooled", "at a time when Relations cooled"),
        ("the acronym forZa pobedu", "the acronym for Za pobedu"),
        ("YouTube, PayPal and TimeWarner", "YouTube, PayPal and TimeWarner"),
        ("McDonald met LeBron", "McDonald met LeBron"),
        ("an iPhone and eBay", "an iPhone and eBay"),
        ("plain text stays", "plain text stays"),
    ],
)
def test_repair_glued_words(text, expected):
    assert repair_glued_words(text) == expected
