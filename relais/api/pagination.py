"""The one pagination shared by every list endpoint: `?page=N&page_size=M`, total in `count`."""

import math
from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 200


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(settings.API_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


class PagePagination(PaginationBase):
    # Named at module level: the OpenAPI document names components after the class ("Input" says nothing).
    Input = PageQuery

    class Output(Schema):
        count: int
        page: int
        pages: int
        next: int | None
        previous: int | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params):
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / pagination.page_size))
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": count,
            "page": pagination.page,
            "pages": pages,
            "next": pagination.page + 1 if pagination.page < pages else None,
            "previous": pagination.page - 1 if pagination.page > 1 else None,
            "results": list(queryset[start : start + pagination.page_size]),
        }
