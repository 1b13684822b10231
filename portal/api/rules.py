"""Cities, their rules in force (each value with its article) and the calls open today."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from cities.models import City
from portal.shared import page_cache

from . import caching, rows, schemas

router = Router(tags=["规则与申报"])


@router.get("/cities", response=list[schemas.City], url_name="cities", summary="城市列表")
def cities(request):
    return caching.cached(request, (page_cache.RULES,), lambda: caching.json_of(list[schemas.City], rows.cities()))


@router.get("/cities/{code}/rules", response={200: schemas.CityRules, 404: schemas.Error}, url_name="city_rules",
            summary="城市现行评定规则（附条款）")
def city_rules(request, code: str):
    def build():
        found = rows.city_rules(get_object_or_404(City, code=code))
        if found is None:
            raise HttpError(404, _("该城市尚未载入规则。"))
        return caching.json_of(schemas.CityRules, found)

    return caching.cached(request, (page_cache.RULES,), build)


@router.get("/calls", response=list[schemas.OpenCall], url_name="calls", summary="正在受理申报的评定周期")
def calls(request, city: str = ""):
    return caching.cached(request, (page_cache.RULES,),
                          lambda: caching.json_of(list[schemas.OpenCall], rows.open_calls(city)))
