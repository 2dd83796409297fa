"""`python -m scripts kiosk`: the offline kiosk edition, as a folder and as one zip for clinics.

The folder (dist/kiosk/) opens straight from disk: start.html is the start screen, the
launcher (launch-kiosk.sh) and the installer guide (KIOSK.md) sit beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from . import content

CONFIG = "mkdocs.kiosk.yml"
ZIP_NAME = "si-joint-guide-kiosk.zip"
# The folder a clinic gets when it unzips the bundle.
ZIP_ROOT = "si-joint-guide-kiosk"
EXTRAS = {"launch-kiosk.sh": 0o755, "KIOSK.md": 0o644}
# The launcher and the installer guide ship together from their own folder.
BUNDLE = Path(__file__).resolve().parent / "kiosk_bundle"


def _zip_time() -> tuple:
    """Entry dates from the commit, so one commit always gives the same zip."""
    epoch = int(content.build_epoch())
    # Zip dates start in 1980 and have two-second steps.
    return max(time.gmtime(epoch)[:6], (1980, 1, 1, 0, 0, 0))


def write_zip(folder: Path, target: Path) -> Path:
    """Zip `folder` as ZIP_ROOT/..., entries sorted and dated from the commit."""
    stamp = _zip_time()
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = f"{ZIP_ROOT}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, path.read_bytes())
    return target


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def cmd_kiosk(args) -> int:
    """Build the offline kiosk edition into dist/kiosk/ and zip it as dist/si-joint-guide-kiosk.zip.

    Uses mkdocs.kiosk.yml (the public config plus Material's offline plugin and the kiosk hook).
    Open dist/kiosk/start.html, or run dist/kiosk/launch-kiosk.sh; KIOSK.md explains installing it.
    """
    if args.signed_off_only:
        # A waiting-room screen shows only what a clinician (and, for translations, a translator) signed off.
        from . import signoff

        langs = content.languages(content.ROOT / args.config)
        missing = signoff.unsigned([p for p in content.pages() if not p.error and p.lang in langs])
        if missing:
            for line in missing:
                print(line, file=sys.stderr)
            print(f"\nThe kiosk edition was not built: {len(missing)} page(s) are not signed off or changed since "
                  "their sign-off. A clinician (or translator) checks each one, then runs "
                  "`python -m scripts signoff PAGE --name … --role …`; then run `make kiosk SIGNED_OFF_ONLY=1` again.",
                  file=sys.stderr)
            return 1
    out = Path(args.out).resolve()
    folder = out / "kiosk"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    if args.idle_seconds is not None:
        env["KIOSK_IDLE_SECONDS"] = str(args.idle_seconds)
    # The same strict build as `make build`, with the kiosk config.
    command = [sys.executable, "-m", "scripts", "build", "--config", args.config, "--site-dir", str(folder)]
    started = time.monotonic()
    status = subprocess.call(command, cwd=content.ROOT, env=env)
    if status:
        print("The kiosk edition was not built; after fixing the above, run `make kiosk` again.", file=sys.stderr)
        return status
    for name, mode in EXTRAS.items():
        shutil.copyfile(BUNDLE / name, folder / name)
        os.chmod(folder / name, mode)
    archive = write_zip(folder, out / ZIP_NAME)
    pages = len(list(folder.rglob("*.html")))
    print(f"kiosk: {pages} HTML files, {_size(folder) / 1e6:.1f} MB in {content.rel(folder)}; "
          f"{_size(archive) / 1e6:.1f} MB zip {content.rel(archive)} ({time.monotonic() - started:.0f} s)")
    print(f"kiosk: open {(folder / 'start.html').as_uri()} or run {content.rel(folder / 'launch-kiosk.sh')}")
    return 0


def register(add) -> None:
    p = add("kiosk", cmd_kiosk)
    p.add_argument("--out", default="dist", help="folder for kiosk/ and the zip (default: dist)")
    p.add_argument("--config", default=CONFIG, help=f"MkDocs config (default: {CONFIG})")
    p.add_argument("--idle-seconds", type=int, help="override extra.kiosk.idle_seconds for this build")
    p.add_argument("--signed-off-only", action="store_true",
                   help="refuse to build unless every page's clinical content (and translation) is signed off")
