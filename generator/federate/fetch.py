"""One province's published file over HTTP(S): bounded in time and size, never from another scheme."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

CHUNK = 1024 * 1024
USER_AGENT = "directive-tracker-federate/1 (+https://github.com/)"


class FetchFailed(Exception):
    """Why a province's file could not be had, in Vietnamese, for the national page."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to another http(s) address (urllib would also follow one to ftp://)."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        if urlsplit(target).scheme not in ("http", "https"):
            fp.close()
            raise FetchFailed(f"bị chuyển hướng tới địa chỉ không phải http(s): {target[:200]}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


# Only HTTP and HTTPS handlers: no file://, ftp:// or data: whatever the configuration or a redirect says.
_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.HTTPHandler(),
    urllib.request.HTTPSHandler(),
    _HttpOnlyRedirects(),
    urllib.request.HTTPErrorProcessor(),
    urllib.request.HTTPDefaultErrorHandler(),
):
    _OPENER.add_handler(_handler)


def fetch(url: str, timeout: float, max_bytes: int) -> bytes:
    """The body at `url`, or FetchFailed saying why not (no answer, an HTTP error, too large, cut short)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchFailed(f"địa chỉ không phải http(s): {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"tệp quá lớn ({int(declared):,} byte, tối đa {max_bytes:,})")
            return _read(response, max_bytes)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"máy chủ trả lỗi HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchFailed(f"không trả lời sau {timeout:g} giây") from None
        raise FetchFailed(f"không kết nối được ({exc.reason})") from None
    except TimeoutError:
        raise FetchFailed(f"không trả lời hết trong {timeout:g} giây") from None
    except http.client.IncompleteRead as exc:
        raise FetchFailed(f"tệp bị cắt giữa chừng (nhận {len(exc.partial):,} byte)") from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchFailed(f"kết nối bị lỗi ({type(exc).__name__}: {exc})") from None


def _read(response, max_bytes: int) -> bytes:
    parts, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed(f"tệp quá lớn (hơn {max_bytes:,} byte)")
        parts.append(chunk)
    return b"".join(parts)
