"""Counselor handoff: a person asks for a human, agrees to what is shared, talks to a
counselor in the same Telegram chat, and ends it whenever they want."""
