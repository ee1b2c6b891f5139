"""The HTTP headers every host should send with the site, from one source: written as `_headers` (Netlify,
Cloudflare Pages), given to `serve` and the tests, and shown for nginx, Caddy and Apache in docs/deploy.md.

The Content-Security-Policy allows nothing from another origin and no inline script or style; pages also carry
it in a `<meta>` element (without the directives a `<meta>` cannot hold) for hosts that cannot send headers.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
_NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")
POWERFUL_FEATURES = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "clipboard-read", "clipboard-write", "display-capture",
    "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort",
    "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in POWERFUL_FEATURES),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}
ASSET_HEADERS = {"Cache-Control": "public, max-age=31536000, immutable"}  # assets/ names change with their content
# What nginx and Apache are told to compress as they send it (Netlify, Cloudflare Pages and other static hosts
# compress by themselves): the site's text. Its PNGs and Pagefind's files are compressed already. nginx always
# compresses text/html once gzip is on, and warns if it is listed.
COMPRESSED_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                    "application/manifest+json", "image/svg+xml", "text/csv", "text/plain", "text/xml",
                    "application/xml", "application/atom+xml")


def header_rules(base_path: str = "/") -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) in the order hosts apply them: every path, then the fingerprinted assets."""
    return [(f"{base_path}*", SECURITY_HEADERS), (f"{base_path}assets/*", ASSET_HEADERS)]


def headers_file(base_path: str = "/") -> bytes:
    """The `_headers` file Netlify and Cloudflare Pages read from the published folder."""
    lines = []
    for pattern, values in header_rules(base_path):
        lines += [pattern, *(f"  {name}: {value}" for name, value in values.items()), ""]
    return "\n".join(lines).encode("utf-8")


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a `_headers` file: an unindented path pattern, then its indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if line.strip() and not line.startswith((" ", "\t")):
            rules.append((line.strip(), {}))
        elif ":" in line and rules:
            name, value = line.split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def matches(pattern: str, path: str) -> bool:
    """A rule's path pattern: an exact path, or a prefix when it ends in `*`."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """Every header sent for `path`: each matching rule in order, later ones adding to earlier ones."""
    sent: dict[str, str] = {}
    for pattern, values in rules:
        if matches(pattern, path):
            sent |= values
    return sent


def meta_policy() -> str:
    """The Content-Security-Policy as a `<meta>` element may carry it."""
    kept = [d.strip() for d in CONTENT_SECURITY_POLICY.split(";") if d.split()[0] not in _NOT_IN_META]
    return "; ".join(kept)


def nginx_config(base_path: str = "/", root: str = "/var/www/site/output") -> str:
    """`location` blocks for an nginx `server`: the output folder at `base_path`, with every header. nginx forgets
    a block's `add_header`s in a block that has its own, so the assets block repeats them."""

    compress = ["    gzip on;", "    gzip_vary on;",
                f"    gzip_types {' '.join(t for t in COMPRESSED_TYPES if t != 'text/html')};"]

    def block(where: str, folder: str, headers: dict[str, str], extra: tuple[str, ...] = ()) -> list[str]:
        sent = [f'    add_header {name} "{value}" always;' for name, value in headers.items()]
        return [f"location {where} {{", f"    alias {folder};", *sent, *compress, *extra, "}"]

    return "\n".join([*block(base_path, f"{root}/", SECURITY_HEADERS, (f"    error_page 404 {base_path}404.html;",)),
                      *block(f"{base_path}assets/", f"{root}/assets/", {**SECURITY_HEADERS, **ASSET_HEADERS}), ""])


def caddy_config(base_path: str = "/", root: str = "/srv/site/output", address: str = "example.org") -> str:
    """A Caddyfile site block: the output folder at `base_path`, every header, text compressed, and 404.html for
    what is missing."""
    headers = [f'\t\t\t{name} "{value}"' for name, value in SECURITY_HEADERS.items()]
    assets = [f'\t\theader /assets/* {name} "{value}"' for name, value in ASSET_HEADERS.items()]
    encode = ["\t\tencode zstd gzip"]  # Caddy's own list of types to compress holds every one of COMPRESSED_TYPES
    return "\n".join([
        f"{address} {{", f"\thandle_path {base_path}* {{", f"\t\troot * {root}", "\t\theader {", *headers, "\t\t}",
        *assets, *encode, "\t\tfile_server", "\t}", "\thandle_errors {", f"\t\troot * {root}", "\t\theader {",
        *headers, "\t\t}", *encode, "\t\trewrite * /404.html", "\t\tfile_server", "\t}", "}", ""])


def apache_config(base_path: str = "/") -> str:
    """An .htaccess for the output folder published at `base_path` (mod_headers; AllowOverride All), its text
    compressed where mod_deflate is enabled."""
    return "\n".join([
        *(f'Header always set {name} "{value}"' for name, value in SECURITY_HEADERS.items()),
        f"ErrorDocument 404 {base_path}404.html",
        "<IfModule mod_deflate.c>", "<IfModule mod_filter.c>",
        f"    AddOutputFilterByType DEFLATE {' '.join(COMPRESSED_TYPES)}", "</IfModule>", "</IfModule>",
        '<If "%{REQUEST_URI} =~ m#/assets/#">',
        *(f'    Header always set {name} "{value}"' for name, value in ASSET_HEADERS.items()), "</If>", ""])


HOSTS = {"netlify": headers_file, "cloudflare": headers_file, "nginx": nginx_config, "caddy": caddy_config,
         "apache": apache_config}
