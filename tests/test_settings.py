"""Settings as an admin pastes them: whatever is put in any setting, an error names the setting and
what is wrong on one line, and never quotes the value (it may be a secret, or a URL with a password)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.settings import Settings, SettingsError

ONE_WORKSPACE = {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32}
ANY_WORKSPACE = {"SLACK_CLIENT_ID": "1234.5678", "SLACK_CLIENT_SECRET": "c" * 32, "SLACK_SIGNING_SECRET": "s" * 32}
SETTINGS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET",
            "SLACK_API_URL", "DATABASE_URL", "PORT", "COP_PUBLIC_URL", "COP_LOG_LEVEL", "COP_DEPARTED_RETENTION_DAYS",
            "COP_JOURNAL"]
# What a setting may start with, so that the value reaches each check (a URL's, a token's shape...).
PREFIXES = ["", " ", "https://", "http://", "https://admin:", "postgresql://cop:", "postgresql://cop@h:",
            "sqlite:///", "xoxb-", "xapp-", "xoxp-", "1234.", "30", "DEBUG"]


@given(name=st.sampled_from(SETTINGS), prefix=st.sampled_from(PREFIXES),
       secret=st.from_regex(r"[A-Za-z0-9]{8,24}", fullmatch=True),
       suffix=st.text(max_size=12), distributed=st.booleans())
def test_whatever_a_setting_holds_its_error_never_quotes_it(name, prefix, secret, suffix, distributed):
    environ = {**(ANY_WORKSPACE if distributed else ONE_WORKSPACE), name: prefix + secret + suffix}
    try:
        Settings.from_env(environ, dotenv=None)
    except SettingsError as e:
        line = str(e)
        assert secret not in line
        assert "\n" not in line and "\r" not in line
        assert any(setting in line for setting in SETTINGS)


@pytest.mark.parametrize(("name", "value"), [
    ("SLACK_API_URL", "ftp://slack.com/api/"), ("COP_PUBLIC_URL", "https://u:p@cop.example.org"),
    ("COP_PUBLIC_URL", "cop.example.org"), ("PORT", "0"), ("COP_LOG_LEVEL", "LOUD"),
    ("COP_DEPARTED_RETENTION_DAYS", "-1"), ("DATABASE_URL", "postgresql://u@h:abc/db"),
    ("DATABASE_URL", "postgresql://u@h:70000/db"), ("DATABASE_URL", "garbage"),
])
def test_each_malformed_setting_is_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**ONE_WORKSPACE, name: value}, dotenv=None)
