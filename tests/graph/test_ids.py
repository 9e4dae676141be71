import pytest

from graph.ids import entity_id, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Donald Trump", "donald-trump"),
        ("Viktor Orbán", "viktor-orban"),
        ('Say "hi" <script>', "say-hi-script"),
        ("  --  ", None),
        ("Владимир Путин", "владимир-путин"),
        ("St. Petersburg", "st-petersburg"),
        ("snake_case name", "snake-case-name"),
    ],
)
def test_slugify(text, slug):
    result = slugify(text)
    if slug is None:
        assert result.startswith("x") and len(result) == 11
    else:
        assert result == slug


def test_slugify_is_stable_and_bounded():
    long = "word " * 100
    assert slugify(long) == slugify(long)
    assert len(slugify(long)) <= 60
    assert not slugify(long).endswith("-")


def test_entity_id_joins_type_and_slug():
    assert entity_id("place", "Kyiv") == "place/kyiv"
