"""Test support shared by the tests and the benchmarks: a fake Telegram Bot API, the real
stack on loopback, throwaway PostgreSQL/Redis servers, a headless browser. Not shipped with
the product (nothing in bot/ or actions/ imports it)."""
