"""Deploy anywhere: the configurations `headers --for nginx|caddy|apache` prints, run in the real servers (from
Debian's packages), serve the sample published below a domain's root with every security header, on pages,
assets and the 404 page alike; and the GitHub Pages workflow builds strictly and publishes output/."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

import pytest
import yaml
from browser.gate_tools import command
from conftest import REPO, SUB_PATH, run_build

from site_builder.render.headers import ASSET_HEADERS, SECURITY_HEADERS, apache_config, caddy_config, nginx_config

WORKFLOW = REPO / "deploy" / "github-pages.yml"
APACHE_MODULES = ("mpm_event", "authz_core", "headers", "dir", "mime", "alias", "filter", "deflate")
POLL = 0.02  # seconds between tries of a starting server: a test goes on as soon as it answers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of a GET, errors included."""
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers.items()), response.read().decode("utf-8", "replace")
    except HTTPError as error:
        return error.code, dict(error.headers.items()), error.read().decode("utf-8", "replace")


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            urlopen(url, timeout=1)
            return
        except HTTPError:
            return
        except (URLError, ConnectionError, OSError):
            time.sleep(POLL)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def fetch_gzipped(url: str) -> tuple[str, bytes]:
    """The Content-Encoding of a GET that accepts gzip alone, and its body as sent."""
    with urlopen(Request(url, headers={"Accept-Encoding": "gzip"}), timeout=5) as response:
        return response.headers.get("Content-Encoding", ""), response.read()


@contextmanager
def running(args: list[str], url: str) -> Iterator[None]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(url, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(built_sample_sub_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built for /transparency/, copied where a server that drops root's rights can read it."""
    folder = tmp_path_factory.mktemp("www")
    folder.chmod(0o755)
    for parent in folder.parents:
        if parent.owner() == "root" and parent.stat().st_mode & 0o005 != 0o005 and parent != Path("/"):
            parent.chmod(parent.stat().st_mode | 0o005)
    site = folder / "output"
    shutil.copytree(built_sample_sub_path, site)
    return site


def nginx(site: Path, port: int, work: Path) -> list[str]:
    conf = work / "nginx.conf"
    conf.write_text(f"""daemon off; pid {work}/nginx.pid; error_log {work}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types; access_log off;
  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  server {{
    listen 127.0.0.1:{port};
{nginx_config(SUB_PATH, str(site))}
  }}
}}
""", encoding="utf-8")
    return [command("nginx", "nginx deployment test"), "-p", str(work), "-c", str(conf)]


def caddy(site: Path, port: int, work: Path) -> list[str]:
    conf = work / "Caddyfile"
    conf.write_text("{\n\tadmin off\n}\n" + caddy_config(SUB_PATH, str(site), f":{port}"),
                    encoding="utf-8")
    return [command("caddy", "Caddy deployment test"), "run", "--config", str(conf), "--adapter", "caddyfile"]


def apache(site: Path, port: int, work: Path) -> list[str]:
    (site / ".htaccess").write_text(apache_config(SUB_PATH), encoding="utf-8")
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    conf = work / "httpd.conf"
    conf.write_text(f"""{modules}
ServerName localhost
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
ErrorLog {work}/error.log
User nobody
Group nogroup
TypesConfig /etc/mime.types
DirectoryIndex index.html
Alias {SUB_PATH.rstrip("/")} {site}
<Directory {site}>
  AllowOverride All
  Require all granted
</Directory>
""", encoding="utf-8")
    return [command("apache2", "Apache deployment test"), "-f", str(conf), "-DFOREGROUND"]


SERVERS: dict[str, Callable[[Path, int, Path], list[str]]] = {"nginx": nginx, "caddy": caddy, "apache": apache}


@pytest.mark.parametrize("server", list(SERVERS))
def test_the_printed_configuration_serves_the_site_with_its_headers(server: str, published: Path,
                                                                     tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    css = next((published / "assets").glob("site.*.css")).name
    svg = next(published.glob("charts/**/*.svg")).relative_to(published).as_posix()
    with running(SERVERS[server](published, port, tmp_path), base):
        page, asset, missing = fetch(base), fetch(f"{base}assets/{css}"), fetch(f"{base}no-such-page/")
        compressed = {name: fetch_gzipped(base + name) for name in ("index.html", f"assets/{css}", svg)}
    assert page[0] == 200 and "<h1>" in page[2]
    assert asset[0] == 200 and missing[0] == 404 and "Page not found" in missing[2]
    for status, headers, _ in (page, asset, missing):
        sent = {name.lower(): value for name, value in headers.items()}
        wrong = {name: sent.get(name.lower()) for name, value in SECURITY_HEADERS.items()
                 if sent.get(name.lower()) != value}
        assert not wrong, f"{server} sent, for a {status} response: {wrong}"
    assert {k.lower(): v for k, v in asset[1].items()}["cache-control"] == ASSET_HEADERS["Cache-Control"]
    for name, (encoding, body) in compressed.items():
        assert encoding == "gzip", f"{server} sent {name} with Content-Encoding {encoding!r}, not gzip"
        assert gzip.decompress(body) == (published / name).read_bytes(), f"{server} sent {name} changed"


def test_the_headers_command_prints_each_hosts_configuration() -> None:
    for host, expected in (("nginx", nginx_config(SUB_PATH)), ("caddy", caddy_config(SUB_PATH)),
                           ("apache", apache_config(SUB_PATH))):
        run = run_build("headers", "--for", host, "--base-path", SUB_PATH)
        assert (run.returncode, run.stdout) == (0, expected), run.stderr


def test_the_github_pages_workflow_builds_strictly_and_publishes_output() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "build.py build --strict" in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in steps)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
