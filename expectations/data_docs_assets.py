"""The styles and scripts of the GX Data Docs, served from beside the site instead of CDNs.

GX 1.x writes pages that load Bootstrap, bootstrap-table, jQuery, Font Awesome, Vega… from
unpkg, jsDelivr, cdnjs and an S3 bucket; offline, the index's tables (drawn by bootstrap-table from
data inlined in the page) stay empty. The same files ship in npm packages, pinned here to the
versions GX asks for (the two files GX pins by SRI hash are byte-identical to the npm ones):

    python -m expectations.data_docs_assets     # `npm pack` them once into ASSETS_DIR (make install)

`vendor(site)` then copies what the pages load to `<site>/static/vendor/<package>/…` and rewrites
every CDN address in the site's HTML and CSS to a relative path, so the site works from file://.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# npm package -> version: the versions in GX 1.24's templates (`vega@5` etc. resolved to the newest 5.x / 6.x)
PACKAGES = {
    "jquery": "3.7.1",
    "popper.js": "1.12.9",
    "bootstrap": "4.3.1",
    "bootstrap-table": "1.19.1",
    "bootstrap-datepicker": "1.9.0",
    "vega": "5.33.1",
    "vega-lite": "5.23.0",
    "vega-embed": "6.29.0",
    "@fortawesome/fontawesome-free": "6.6.0",
    "@forevolve/bootstrap-dark": "1.1.0",
}

# address in GX's templates -> (npm package, file in it)
CDN_FILES = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": ("popper.js", "dist/umd/popper.min.js"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": ("bootstrap", "dist/js/bootstrap.min.js"),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": ("bootstrap", "dist/css/bootstrap.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        ("bootstrap-table", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        ("bootstrap-table", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        ("bootstrap-table", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    # GX asks for 1.19.0's stylesheet of the extension beside 1.19.1's script: 1.19.1's is served for both
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        ("bootstrap-table", "dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        ("bootstrap-table", "dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        ("bootstrap-datepicker", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        ("bootstrap-datepicker", "dist/css/bootstrap-datepicker.min.css"),
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed", "build/vega-embed.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        ("@fortawesome/fontawesome-free", "css/all.min.css"),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        ("@forevolve/bootstrap-dark", "dist/css/bootstrap-prefers-dark.css"),
}
CDN_DIRS = {"@fortawesome/fontawesome-free": ["webfonts"]}  # loaded by a stylesheet above, relative to it

# GX's logo from its S3 bucket (with a tracking query string): the copy GX ships in static/images
S3_LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/[\w-]+\.png(\?[^\"')\s]*)?")
LOCAL_LOGO = "static/images/logo-long.png"
# SRI and CORS attributes: a file:// page cannot load a `crossorigin` script (its origin is opaque)
SRI_ATTRS = re.compile(r'\s+(integrity="[^"]*"|crossorigin="[^"]*")')
REMOTE_LOAD = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["'](https?://[^"']+)|url\(\s*['"]?(https?://[^'")]+)""")


def assets_dir() -> Path:
    """Where the packages are unpacked: OGI_DATA_DOCS_ASSETS, else <python prefix>/share/ogi-data-docs (the .venv)."""
    return Path(os.environ.get("OGI_DATA_DOCS_ASSETS") or Path(sys.prefix) / "share" / "ogi-data-docs")


def installed(root: Path | None = None) -> bool:
    stamp = (root or assets_dir()) / "packages.json"
    return stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == PACKAGES


def install(root: Path | None = None) -> Path:
    """`npm pack` each pinned package (npm checks its integrity) and unpack it to <root>/<package>/."""
    root = root or assets_dir()
    if installed(root):
        return root
    if shutil.which("npm") is None:
        raise RuntimeError("npm is needed once to fetch the Data Docs' styles and scripts (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
        out = subprocess.run(["npm", "pack", "--json", "--pack-destination", tmp, *specs],
                             check=True, capture_output=True, text=True, cwd=tmp)
        packed = {entry["name"]: Path(tmp) / entry["filename"] for entry in json.loads(out.stdout)}
        for name, tarball in packed.items():
            dest = root / name
            shutil.rmtree(dest, ignore_errors=True)
            with tarfile.open(tarball) as tar, tempfile.TemporaryDirectory(dir=tmp) as unpacked:
                tar.extractall(unpacked, filter="data")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(Path(unpacked) / "package"), dest)
    (root / "packages.json").write_text(json.dumps(PACKAGES, indent=1), encoding="utf-8")
    return root


def _copy_assets(root: Path, vendor_dir: Path) -> None:
    for package, path in CDN_FILES.values():
        target = vendor_dir / package / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / package / path, target)
    for package, dirs in CDN_DIRS.items():
        for d in dirs:
            shutil.copytree(root / package / d, vendor_dir / package / d, dirs_exist_ok=True)


def _localise(text: str, to_site: str) -> str:
    """`text` of a page or stylesheet with CDN addresses made relative (`to_site`: its path to the site's root)."""
    for url, (package, path) in CDN_FILES.items():
        text = text.replace(f'"{url}"', f'"{to_site}static/vendor/{package}/{path}"')
    text = S3_LOGO.sub(to_site + LOCAL_LOGO, text)
    return SRI_ATTRS.sub("", text)


def remote_loads(text: str) -> list[str]:
    """Addresses a page or stylesheet would fetch from the network (links to follow do not count)."""
    return [a or b for a, b in REMOTE_LOAD.findall(text)]


def vendor(site: Path, root: Path | None = None) -> list[str]:
    """Make the Data Docs site at `site` load nothing from the network; return what still would."""
    root = root or assets_dir()
    if not installed(root):
        return [f"(styles and scripts not installed in {root}: run `make install` "
                "or `python -m expectations.data_docs_assets`)"]
    _copy_assets(root, site / "static" / "vendor")
    left: list[str] = []
    for page in [*site.rglob("*.html"), *(site / "static" / "styles").glob("*.css")]:
        to_site = os.path.relpath(site, page.parent).replace(os.sep, "/") + "/"
        text = _localise(page.read_text(encoding="utf-8"), "" if to_site == "./" else to_site)
        page.write_text(text, encoding="utf-8")
        left += [f"{page.relative_to(site)}: {url}" for url in remote_loads(text)]
    return left


if __name__ == "__main__":
    print(f"Data Docs styles and scripts: {install()}")
