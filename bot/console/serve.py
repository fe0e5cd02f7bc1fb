"""Serve the console with waitress (a pure-Python production WSGI server)."""

from __future__ import annotations

import logging

from bot.config import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, threads: int = 8) -> int:
    """Run until stopped; the address is printed by `make run`."""
    from waitress import serve as waitress_serve

    from bot.console.app import create_app

    app = create_app(settings)
    log.info("staff console listening on %s:%d", settings.console_host, settings.console_port)
    # trusted_proxy stays unset: behind a reverse proxy, set it in a deployment's own
    # launcher so X-Forwarded-For is believed only from that proxy.
    waitress_serve(app, host=settings.console_host, port=settings.console_port,
                   threads=threads, ident="console", clear_untrusted_proxy_headers=True,
                   max_request_body_size=25 * 1024 * 1024)
    return 0
