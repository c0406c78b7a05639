"""govreply's spiders. Each only routes; parsing is in ``corpus.discovery``."""
