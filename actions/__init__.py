"""rasa-sdk custom actions: thin adapters over `bot`, one module per capability."""
