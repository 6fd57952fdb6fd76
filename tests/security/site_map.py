"""Every page of the app, as concrete URLs with real ids: what the need-to-know and hostile-input
tests walk. The map itself is the app's (opencsc/benchmarks/site_map.py), which `opencsc bench
pages` also walks; `ALL_URL_NAMES` is read from the URL resolver when the tests load."""

from opencsc.benchmarks.site_map import OPENS, PageUrl, UrlName, page_urls, url_names

__all__ = ["ALL_URL_NAMES", "OPENS", "PageUrl", "UrlName", "page_urls", "url_names"]

ALL_URL_NAMES = [item.name for item in url_names()]
