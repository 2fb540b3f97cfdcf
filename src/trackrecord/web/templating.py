"""The one Jinja2 environment of the web app: templates in ``templates/``, autoescape always on.

Ingested articles are hostile input, so every value is escaped when rendered, in every template
(including ``.svg`` and ``.txt`` ones); nothing in the templates marks a value as safe.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

from trackrecord.web.views import band, quantity_text

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)

# The one place the pages get a mark's colour and a quantity's text from.
environment.globals["band"] = band
environment.filters["quantity"] = quantity_text

templates = Jinja2Templates(env=environment)
"""Render pages with ``templates.TemplateResponse(request, "name.html", context)``."""
