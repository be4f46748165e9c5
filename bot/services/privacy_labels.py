"""What each table and field of a person's data export means, in their language (``/cop privacy
export``). The JSON keeps the database's own names (what a privacy office checks against the system,
and what another program reads) with this legend beside them; the CSV, opened by the person in a
spreadsheet, shows these words first and the database's names in its last two columns.

A table or column added to the schema must get its words here: a test lists any that has none.
"""

from bot.i18n import N_

TABLES = {
    "communities": N_("Communities you founded"),
    "people": N_("What Slack told cop-bot about you"),
    "memberships": N_("Your memberships"),
    "role_assignments": N_("Your roles"),
    "role_changes": N_("Roles given or taken back"),
    "expertise": N_("Topics you know"),
    "topic_follows": N_("Topics you follow (watch)"),
    "help_requests": N_("Calls for help"),
    "help_offers": N_("Offers of help"),
    "help_answers": N_("Answers in the threads of calls for help"),
    "help_credits": N_("Thanks for help"),
    "lessons": N_("Lessons learned"),
    "meetings": N_("Meetings"),
    "rsvps": N_("Your answers to meeting invitations"),
    "reflections": N_("Your quarterly reflections"),
    "glossary_entries": N_("Glossary entries you added"),
    "audit_events": N_("Audit trail: what you did"),
    "dead_letters": N_("Your requests the bot could not complete"),
    "last_said": N_("What your last digest said"),
}

# A column's meaning wherever it appears, unless FIELDS_IN names it for its table.
FIELDS = {
    "id": N_("Number in its table"),
    "community": N_("Community"),
    "community_id": N_("Community (number)"),
    "channel_id": N_("Slack channel (identifier)"),
    "message_ts": N_("Slack message (time stamp)"),
    "source_channel_id": N_("Channel of the original message (identifier)"),
    "source_ts": N_("Original message (time stamp)"),
    "user_id": N_("Person (Slack identifier)"),
    "home_team_id": N_("Your own workspace, when it is another organization's (identifier)"),
    "created_at": N_("Created"),
    "created_by": N_("Created by (Slack identifier)"),
    "updated_at": N_("Last updated"),
    "help_request_id": N_("Call for help (number)"),
    "meeting_id": N_("Meeting (number)"),
    "name": N_("Name"),
    "language": N_("Language"),
    "timezone": N_("Time zone"),
    "charter": N_("Charter"),
    "quiet_start_hour": N_("Quiet hours: start"),
    "quiet_end_hour": N_("Quiet hours: end"),
    "quiet_weekends": N_("Quiet on weekends"),
    "nudge_offsets": N_("Meeting reminders"),
    "hourly_rate": N_("Hourly rate for the value of time saved"),
    "currency": N_("Currency"),
    "retention_months": N_("History kept (months)"),
    "review_months": N_("Lessons reviewed every (months)"),
    "receipt": N_("Slack request (receipt)"),
    "listener": N_("What the bot was doing"),
    "body": N_("The request as Slack sent it"),
    "bot_user_id": N_("The bot (Slack identifier)"),
    "received_at": N_("Received"),
    "failed_at": N_("Failed"),
    "error": N_("Error"),
    "runs": N_("Attempts"),
    "locale": N_("Your Slack language"),
    "is_bot": N_("A bot"),
    "display_name": N_("Your name as Slack shows it"),
    "ranking_opt_in": N_("Takes part in rankings of helpers"),
    "asker_prompts": N_("Questions sent to the asker after the call was resolved"),
    "kind": N_("Kind"),
    "said": N_("What the last message said (for the next one to say only what changed)"),
    "said_at": N_("When the last message was sent"),
    "action": N_("What was done"),
    "detail": N_("Details"),
    "at": N_("When"),
    "terms": N_("Terms"),
    "topic": N_("Topic"),
    "topics": N_("Topics"),
    "source": N_("How it was recorded"),
    "status": N_("Status"),
    "asker_id": N_("Asked by (Slack identifier)"),
    "question": N_("Question"),
    "urgent": N_("Urgent"),
    "first_answer_at": N_("First answer"),
    "first_answer_by": N_("First answer by (Slack identifier)"),
    "resolved_at": N_("Resolved"),
    "resolved_by": N_("Resolved by (Slack identifier)"),
    "time_saved": N_("Time saved (as answered)"),
    "time_saved_minutes": N_("Time saved (minutes)"),
    "value_story": N_("What the answer made possible, in the asker's words"),
    "applied": N_("Answer applied (asked a month later)"),
    "applied_at": N_("Said whether the answer was applied"),
    "change_story": N_("What changed, in the asker's words"),
    "reopened": N_("Reopened"),
    "quoted_user_id": N_("Person quoted (Slack identifier)"),
    "author_id": N_("Written by (Slack identifier)"),
    "title": N_("Title"),
    "context": N_("Context"),
    "what_happened": N_("What happened"),
    "recommendation": N_("Lesson / recommendation"),
    "credited_user_id": N_("Person credited (Slack identifier)"),
    "consent": N_("Consent to share"),
    "owner_id": N_("Kept up to date by (Slack identifier)"),
    "standing": N_("Standing (current, validated or obsolete)"),
    "reviewed_by": N_("Reviewed by (Slack identifier)"),
    "reviewed_at": N_("Reviewed"),
    "resource_type": N_("Type of resource"),
    "evidence_level": N_("Level of evidence"),
    "source_date": N_("Date of the source"),
    "watch_at": N_("Posted as a watch item"),
    "starts_at": N_("Starts"),
    "duration_minutes": N_("Duration (minutes)"),
    "speaker_id": N_("Speaker (Slack identifier)"),
    "video_url": N_("Video link"),
    "agenda": N_("Agenda"),
    "repeat": N_("Repeats"),
    "repeat_every": N_("Repeats every"),
    "series_id": N_("Series (number)"),
    "version": N_("Version"),
    "joined_at": N_("Joined"),
    "newcomer": N_("Joined as a newcomer"),
    "mentor_id": N_("Sponsor or mentor (Slack identifier)"),
    "mentor_acted_at": N_("Introduced by the sponsor or mentor"),
    "role": N_("Role"),
    "assigned_by": N_("Given by (Slack identifier)"),
    "assigned_at": N_("Given"),
    "changed_by": N_("Changed by (Slack identifier)"),
    "changed_at": N_("Changed"),
    "credited_by": N_("Thanked by (Slack identifier)"),
    "answer": N_("Answer"),
    "quarter": N_("Quarter"),
    "got": N_("What did you get from the community this quarter?"),
    "brought": N_("What did you bring to it?"),
    "change": N_("What should change?"),
    "answered_at": N_("Answered"),
}

# Where a column means something else in one table.
FIELDS_IN = {
    ("role_changes", "change"): N_("Given or taken back"),
    ("people", "user_id"): N_("You (Slack identifier)"),
    ("lessons", "link"): N_("Link to the resource"),
    ("lessons", "kind"): N_("Lesson or resource"),
    ("people", "timezone"): N_("Your time zone"),
    ("communities", "timezone"): N_("The community's time zone"),
    ("communities", "language"): N_("The community's language"),
    ("help_answers", "message_ts"): N_("The answer (time stamp)"),
}


# What a code stored in a column means, for the person reading the CSV (the JSON keeps the code).
VALUES_IN = {
    ("help_requests", "status"): {"draft": N_("draft, not posted"), "library": N_("answered by the library"),
                                  "pending": N_("being posted"), "open": N_("still open"), "resolved": N_("resolved"),
                                  "closed": N_("closed without an answer")},
    ("lessons", "standing"): {"current": N_("current"), "validated": N_("validated"), "obsolete": N_("obsolete")},
    ("lessons", "consent"): {"given": N_("consented"), "pending": N_("awaited")},
    ("lessons", "kind"): {"lesson": N_("lesson"), "resource": N_("resource")},
    ("lessons", "resource_type"): {"tool": N_("Tool"), "template": N_("Template"), "guideline": N_("Guideline"),
                                   "article": N_("Article"), "evidence": N_("Evidence"), "training": N_("Training")},
    ("role_changes", "change"): {"added": N_("given"), "removed": N_("taken back")},
    ("rsvps", "answer"): {"yes": N_("coming"), "maybe": N_("maybe"), "no": N_("not coming")},
    ("expertise", "source"): {"declared": N_("declared by you"), "watch": N_("watched as content expert")},
    ("help_offers", "source"): {"reaction": N_("the ✋ reaction"), "button": N_("the “I can help” button")},
    ("meetings", "status"): {"scheduled": N_("planned"), "cancelled": N_("cancelled")},
    ("meetings", "repeat"): {"none": N_("does not repeat"), "monthly": N_("every month"),
                             "weeks": N_("every few weeks")},
}


def value_label(table: str, column: str, value) -> str | None:
    """The message id for a code stored in a column (``None``: shown as stored)."""
    return VALUES_IN.get((table, column), {}).get(value) if isinstance(value, str) else None


def table_label(table: str) -> str | None:
    """The message id describing a table (``None``: none written yet)."""
    return TABLES.get(table)


def field_label(table: str, column: str) -> str | None:
    """The message id describing a column of a table (``None``: none written yet)."""
    return FIELDS_IN.get((table, column)) or FIELDS.get(column)
