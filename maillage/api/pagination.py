from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of 50 rows (``?page=2``; ``?page_size=`` up to 100), with the count and links."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
