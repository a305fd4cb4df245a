"""Real nginx and Apache from Debian, started on loopback with the server files a build wrote
(site/deploy/, site/.htaccess), changed only where they say SET — as IT would."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port

APACHE_MODULES = ["mpm_event", "authz_core", "authz_host", "alias", "dir", "mime", "headers", "deflate", "filter",
                  "expires", "autoindex"]


def binary(name: str, *fallbacks: str) -> str:
    for candidate in (shutil.which(name), *fallbacks):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(f"{name} is missing: `make test` installs it from Debian (scripts/system-deps.sh)")


def workdir(prefix: str) -> Path:
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(work, 0o755)  # the servers' workers run unprivileged and must read the site
    return work


def self_signed(work: Path) -> tuple[Path, Path]:
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    os.chmod(key, 0o644)
    return cert, key


def set_lines(conf: str, replacements: dict[str, str]) -> str:
    """Change the lines between the SET marks, each found by its start; nothing else."""
    start = conf.index("# ----- SET:")
    end = conf.index("# ----- end of SET", start)
    marked = conf[start:end]
    for old, new in replacements.items():
        assert len(re.findall(r"^\s*" + re.escape(old), marked, re.M)) == 1, f"{old!r} once in the SET place"
        marked = re.sub(r"^(\s*)" + re.escape(old) + r".*$", lambda m: m.group(1) + new, marked, count=1, flags=re.M)
    return conf[:start] + marked + conf[end:]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    context = ssl._create_unverified_context()
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1, context=context)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    pytest.fail(f"the server did not start: {log.read_text() if log.exists() else ''}")


@contextlib.contextmanager
def run_nginx(built: Path, tls: bool = False, server_conf: str | None = None):
    """nginx serving a copy of the site `built` (with its own deploy/nginx.conf unless
    `server_conf`); yields (http(s)://127.0.0.1:port, the served folder)."""
    nginx = binary("nginx", "/usr/sbin/nginx")
    work = workdir("btr-nginx-")
    site = work / "site"
    shutil.copytree(built, site)
    port = free_port()
    conf = server_conf if server_conf is not None else (site / "deploy" / "nginx.conf").read_text()
    conf = set_lines(conf, {"listen ": f"listen 127.0.0.1:{port};",
                            "server_name ": "server_name 127.0.0.1;",
                            "set $rapport_site ": f"set $rapport_site {site};",
                            "include ": f"include {site}/deploy/headers.conf;"})
    if tls:  # the example's https lines, in place of `listen`
        cert, key = self_signed(work)
        tls_lines = [line.split("#TLS ", 1)[1] for line in conf.splitlines() if "#TLS " in line]
        assert tls_lines, "the nginx file has an https example"
        tls_lines = [line.replace("listen 443", f"listen 127.0.0.1:{port}")
                     .replace("/etc/ssl/certs/training.example.org.pem", str(cert))
                     .replace("/etc/ssl/private/training.example.org.key", str(key)) for line in tls_lines]
        conf = conf.replace(f"listen 127.0.0.1:{port};", "\n    ".join(tls_lines), 1)
    (work / "server.conf").write_text(conf)
    nginx_main(work, f"include {work}/server.conf;")
    yield from running([nginx, "-p", str(work), "-c", str(work / "nginx.conf")], ["-t"],
                       f"{'https' if tls else 'http'}://127.0.0.1:{port}", work, site, signal.SIGQUIT)


def nginx_main(work: Path, http_body: str) -> Path:
    """nginx's main file in `work`, its temporary folders, and `http_body` inside its http block."""
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / d).mkdir(exist_ok=True)
    (work / "nginx.conf").write_text(f"""
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    {http_body}
}}
""")
    return work / "nginx.conf"


def running(cmd: list[str], test: list[str], origin: str, work: Path, site: Path, stop: int, env=None):
    """Check the configuration (`cmd` + `test`), start the server in the foreground, yield
    (origin, served folder) once it answers; stop it and remove its folder afterwards."""
    check = subprocess.run([cmd[0], *test, *cmd[1:]], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(cmd, env=env)
    try:
        wait_until_up(origin + "/", proc, work / "error.log")
        yield origin, site
    finally:
        proc.send_signal(stop)
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def apache_main(work: Path, port: int, body: str) -> str:
    modules = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in APACHE_MODULES)
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    return f"""
ServerRoot {work}
PidFile {work}/apache.pid
DefaultRuntimeDir {work}
ErrorLog {work}/error.log
LogLevel warn
Mutex file:{work}
{modules}
{user}
ServerName 127.0.0.1
TypesConfig /etc/mime.types
<Directory />
    AllowOverride None
    Require all denied
</Directory>
{body}
"""


@contextlib.contextmanager
def run_apache(built: Path, base: str, mode: str = "vhost"):
    """Apache serving a copy of the site `built` under `base`: with its deploy/apache.conf
    ("vhost"), or with the folder's own .htaccess in a document root that holds the site at
    `base` ("htaccess"); yields (http://127.0.0.1:port, the served folder)."""
    apache = binary("apache2", "/usr/sbin/apache2")
    work = workdir("btr-apache-")
    port = free_port()
    if mode == "vhost":
        site = work / "site"
        shutil.copytree(built, site)
        conf = set_lines((site / "deploy" / "apache.conf").read_text(),
                         {"Define RAPPORT_LISTEN ": f"Define RAPPORT_LISTEN 127.0.0.1:{port}",
                          "Define RAPPORT_SERVER ": "Define RAPPORT_SERVER 127.0.0.1",
                          "Define RAPPORT_SITE ": f"Define RAPPORT_SITE {site}"})
        body = f"Listen 127.0.0.1:{port}\n{conf}"
    else:  # a document root, the site copied into it at the sub-path, AllowOverride All
        docroot = work / "www"
        site = docroot / base.strip("/") if base != "/" else docroot
        site.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(built, site)
        body = f"""Listen 127.0.0.1:{port}
ServerTokens Prod
ServerSignature Off
DocumentRoot {docroot}
<Directory {docroot}>
    Require all granted
    AllowOverride All
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
"""
    (work / "apache.conf").write_text(apache_main(work, port, body))
    env = dict(os.environ, APACHE_RUN_DIR=str(work), APACHE_LOCK_DIR=str(work))
    yield from running([apache, "-f", str(work / "apache.conf"), "-DFOREGROUND"], ["-t"],
                       f"http://127.0.0.1:{port}", work, site, signal.SIGTERM, env)


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))


def get(url: str, **headers) -> Response:
    """One request, redirects not followed, errors returned as responses."""
    request = urllib.request.Request(url, headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with _opener.open(request, timeout=5) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.headers, err.read())
