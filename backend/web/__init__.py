"""The public web chat: the landing page at `/` and the files it loads (served from here).

`templates/index.html` is rendered by `backend.api.routes.web_chat` in the page's language;
`static/` holds the stylesheet and the one small script (no framework, no inline script:
the Content-Security-Policy forbids it). The script talks to the REST channel.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
