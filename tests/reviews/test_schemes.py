"""reviews.domain.schemes: a category says whether its items are process or results items, cited by the scheme's
`bands`; GB/T 19580's categories 4.1–4.6 are process, 4.7 results; sheets whose basis has no such distinction
say nothing (the sheet then shows the generic bands)."""

import pytest
from pydantic import ValidationError

from cities.scoring_bands import ItemKind
from reviews.domain import schemes


def test_gbt19580_has_process_categories_4_1_to_4_6_and_results_4_7_cited():
    scheme = schemes.load("gbt19580")
    assert scheme.bands.source == "GB/Z 19579-2012"
    assert {c.code: c.kind for c in scheme.categories} == {
        **{f"4.{n}": ItemKind.PROCESS for n in range(1, 7)}, "4.7": ItemKind.RESULTS}
    assert scheme.kind_of("4.1.1") is ItemKind.PROCESS and scheme.kind_of("4.7.6") is ItemKind.RESULTS
    assert [c.results for c in scheme.categories] == [False] * 6 + [True]


@pytest.mark.parametrize("key", ["chenzhou_criteria", "individual_criteria", "individual_site_criteria",
                                 "wuhan_individual_100", "hearing"])
def test_sheets_without_the_distinction_name_no_kind(key):
    scheme = schemes.load(key)
    assert scheme.bands is None and all(c.kind is None for c in scheme.categories)


def test_a_kind_needs_the_citation_and_a_citation_needs_every_kind():
    data = schemes.load("gbt19580").model_dump(mode="json")
    uncited = {**data, "bands": None}
    with pytest.raises(ValidationError, match="needs the scheme's `bands"):
        schemes.Scheme.model_validate(uncited)
    partial = {**data, "categories": [{**data["categories"][0], "kind": None}, *data["categories"][1:]]}
    with pytest.raises(ValidationError, match="every category needs `kind"):
        schemes.Scheme.model_validate(partial)
    with pytest.raises(ValidationError):
        schemes.Scheme.model_validate({**data, "categories": [{**data["categories"][0], "kind": "outcome"},
                                                              *data["categories"][1:]]})
