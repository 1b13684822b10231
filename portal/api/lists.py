"""Publicity lists (open and past, with their entries) and winners by year and city."""

from __future__ import annotations

from ninja import Router

from portal.shared import page_cache

from . import caching, rows, schemas

router = Router(tags=["公示与获奖"])
PUBLICITY_KINDS = (page_cache.PUBLICITY, page_cache.RULES)
WINNER_KINDS = (page_cache.AWARDS, page_cache.CERTIFICATES, page_cache.RULES)


@router.get("/publicity", response=list[schemas.Publicity], url_name="publicity_list", summary="公示列表")
def publicity_list(request, city: str = "", open: bool = False):  # noqa: A002 -- the query parameter's name
    return caching.cached(request, PUBLICITY_KINDS,
                          lambda: caching.json_of(list[schemas.Publicity], rows.publicities(city, open)))


@router.get("/publicity/{pk}", response={200: schemas.PublicityDetail, 404: schemas.Error},
            url_name="publicity_detail", summary="公示名单")
def publicity_detail(request, pk: int):
    return caching.cached(request, PUBLICITY_KINDS,
                          lambda: caching.json_of(schemas.PublicityDetail, rows.publicity(pk)))


@router.get("/winners", response=list[schemas.Winner], url_name="winners", summary="获奖名单（按年度、城市）")
def winners(request, city: str = "", year: int | None = None):
    return caching.cached(request, WINNER_KINDS,
                          lambda: caching.json_of(list[schemas.Winner], rows.winner_rows(city, year)))
