"""cop-bot: a Slack bot that runs a community of practice."""

__version__ = "0.1.0"
