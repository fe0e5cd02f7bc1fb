"""Staff accounts, sign-in throttling and the audit trail: who may change what, and who did.

No web code here; the console (bot/console) is one user of it, the command line another."""
