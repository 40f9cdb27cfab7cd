"""Open data catalogue: `/api/v1/datasets`, `/api/v1/datasets/{slug}` (published datasets)."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from relais.api.pagination import PagePagination
from relais.opendata import metadata
from relais.opendata.models import Dataset

router = Router(tags=["open data"])


class ResourceOut(Schema):
    name: str
    title: str
    format: str
    media_type: str
    url: str
    size: int
    checksum: str = Field(description="SHA-256 of the file.")
    published_at: datetime
    schema_reference: dict | None = Field(None, description="Published schema the file conforms to.")
    table_schema: dict | None = None

    @staticmethod
    def resolve_url(resource) -> str:
        return metadata.absolute(resource.get_absolute_url())


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    licence: str
    frequency: str
    temporal_start: date | None
    temporal_end: date | None
    spatial_granularity: str
    spatial_coverage: str
    keywords: list[str]
    origin: str
    publisher: str
    published_at: datetime | None
    url: str
    datapackage_url: str
    resources: list[ResourceOut]

    @staticmethod
    def resolve_url(dataset) -> str:
        return metadata.absolute(dataset.get_absolute_url())

    @staticmethod
    def resolve_datapackage_url(dataset) -> str:
        return metadata.absolute(f"{dataset.get_absolute_url()}datapackage.json")

    @staticmethod
    def resolve_resources(dataset) -> list:
        return list(dataset.resources.all())


@router.get("/datasets", response=list[DatasetOut], summary="List the published datasets")
@paginate(PagePagination)
def list_datasets(request):
    return Dataset.objects.published().prefetch_related("resources").order_by("origin", "title")


@router.get("/datasets/{slug}", response=DatasetOut, summary="Read a published dataset")
def get_dataset(request, slug: str):
    dataset = Dataset.objects.published().prefetch_related("resources").filter(slug=slug).first()
    if dataset is None:
        raise Http404
    return dataset
