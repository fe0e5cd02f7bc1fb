"""Serve the console with waitress (a pure-Python production WSGI server)."""

from __future__ import annotations

import logging
import os

from bot.config import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, threads: int = 8) -> int:
    """Run until stopped; the address is printed by `make run`."""
    from waitress import serve as waitress_serve

    from bot.console.app import create_app

    app = create_app(settings)
    log.info("staff console listening on %s:%d", settings.console_host, settings.console_port)
    # Behind a reverse proxy every request comes from the proxy: CONSOLE_TRUSTED_PROXY
    # (its address) lets waitress take the visitor's address from X-Forwarded-For, from
    # that proxy only, so sign-in throttling counts visitors, not the proxy.
    proxy = os.environ.get("CONSOLE_TRUSTED_PROXY", "").strip()
    options = {"trusted_proxy": proxy, "trusted_proxy_count": 1,
               "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}} if proxy else {}
    waitress_serve(app, host=settings.console_host, port=settings.console_port,
                   threads=threads, ident="console", clear_untrusted_proxy_headers=True,
                   max_request_body_size=25 * 1024 * 1024, **options)
    return 0
