"""Delivery on Telegram with python-telegram-bot: the bridge between Telegram and Rasa."""
