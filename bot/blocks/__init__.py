"""Pure Block Kit builders: plain data in, Slack payload dicts out, one module per feature.

``from bot import blocks`` then ``blocks.call_for_help(...)``: every builder, dataclass and id is
available here whichever module it lives in. Slack's limits are in ``kit``.
"""

from bot.blocks.calls import *  # noqa: F403
from bot.blocks.follow_ups import *  # noqa: F403
from bot.blocks.gaps import *  # noqa: F403
from bot.blocks.home import *  # noqa: F403
from bot.blocks.intros import *  # noqa: F403
from bot.blocks.kit import *  # noqa: F403
from bot.blocks.lessons import *  # noqa: F403
from bot.blocks.meetings import *  # noqa: F403
from bot.blocks.missions import *  # noqa: F403
from bot.blocks.participation import *  # noqa: F403
from bot.blocks.people import *  # noqa: F403
from bot.blocks.practices import *  # noqa: F403
from bot.blocks.privacy import *  # noqa: F403
from bot.blocks.profiles import *  # noqa: F403
from bot.blocks.program import *  # noqa: F403
from bot.blocks.resources import *  # noqa: F403
from bot.blocks.value import *  # noqa: F403
from bot.blocks.watch import *  # noqa: F403
