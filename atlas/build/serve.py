"""`atlas serve`: build, serve on localhost, rebuild on every change and reload the open pages."""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
import time
import traceback
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from atlas.build.memory import BuildMemory
from atlas.build.project import ROOT, SETTINGS
from atlas.build.runner import build_site

LIVE_RELOAD_STAMP = "live-reload.txt"  # rewritten by every serve build; pages poll it


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        if LIVE_RELOAD_STAMP not in self.path:  # the pages' once-a-second poll would drown the log
            super().log_message(format, *args)


def serve(port: int, assessments: Path, output: Path, as_of: str | None) -> None:
    """Rebuilds are incremental and run in this process, which remembers the files it has already
    parsed; open pages reload themselves after each one. A change to Python code restarts the process."""
    import watchfiles

    memory = BuildMemory()  # the files this process has validated, for quick rebuilds

    def rebuild(always: bool = False) -> None:
        started = time.perf_counter()
        try:
            build_site(
                assessments, output, as_of, SETTINGS, always, memory, ATLAS_LIVE_RELOAD=LIVE_RELOAD_STAMP
            )
            print(f"Rebuilt in {time.perf_counter() - started:.1f} s.", flush=True)
        except SystemExit as failed:
            print(f"{failed}\nBuild failed; the previous site is still served.", flush=True)
        except Exception:
            traceback.print_exc()
            print("Build failed; the previous site is still served.", flush=True)
        gc.collect()  # while waiting for the next change, so the next rebuild does not pay for this one

    rebuild(always=True)
    handler = functools.partial(_QuietHandler, directory=str(output.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{port}/ — edit a file to rebuild, Ctrl-C to stop.", flush=True)
    watched = [assessments, ROOT / "content", ROOT / "theme", ROOT / "atlas", ROOT / "plugins"]
    try:
        for changes in watchfiles.watch(*watched):
            if any(path.endswith(".py") for _, path in changes):  # this process runs the old code
                print("Code changed: restarting.", flush=True)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.argv])
            rebuild()
    except KeyboardInterrupt:
        server.shutdown()
