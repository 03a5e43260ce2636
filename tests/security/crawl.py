"""Walk the public site as a visitor would: from / and the sitemap, following every link of our own."""

import re
from urllib.parse import urljoin, urlsplit

HREF = re.compile(r'(?:href|src)="([^"#]+)')
LOC = re.compile(r"<loc>([^<]+)</loc>")
NOT_PAGES = ("/admin/", "/documents/", "/media/", "/static/", "/api/")


def _local(url):
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or (
        parts.netloc and parts.hostname not in {"testserver", "localhost"}
    ):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(NOT_PAGES):
        return None
    # One filter or one page number at a time: every value is reached, the combinations are not walked.
    if parts.query.count("&") > 0:
        return None
    return path


def crawl(client, start=("/",), limit=2000):
    """Every public URL reachable from ``start`` and the sitemap: {url: (status, content type, body)}; bounded."""
    queue = list(start)
    sitemap = client.get("/sitemap.xml").content.decode()
    queue += [path for path in map(_local, LOC.findall(sitemap)) if path]
    seen = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode("utf-8", errors="replace") if response.content else ""
        seen[url] = (response.status_code, response.get("Content-Type", ""), body)
        if response.status_code in {301, 302}:
            queue.append(_local(urljoin(url, response["Location"])) or url)
        if "html" in response.get("Content-Type", ""):
            for link in HREF.findall(body):
                path = _local(urljoin(url, link.replace("&amp;", "&")))
                if path and path not in seen:
                    queue.append(path)
    return seen
