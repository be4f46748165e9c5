"""French and English: message catalogs (gettext .po files read with Babel) and
locale-aware formatting of dates and numbers.

English strings in the code are the message ids; ``locales/fr/LC_MESSAGES/cop.po``
translates them. The catalogs are compiled in memory at first use, so there is no
binary .mo file to forget to rebuild.
"""

from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent, parse_pattern
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
_BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def N_(message: str) -> str:
    """Marks a message id defined away from its gettext call, so extraction (and the test) sees it."""
    return message


def language_from_locale(locale: str | None) -> str:
    """``fr-CA``, ``fr_FR``, ``fr`` → ``fr``; anything else → ``en``."""
    if locale and locale.lower().replace("_", "-").split("-")[0] == "fr":
        return "fr"
    return DEFAULT_LANGUAGE


def normalise_language(word: str) -> str | None:
    """A language the user typed (``fr``, ``français``, ``English``…) or ``None``."""
    word = word.strip().lower()
    if word in ("fr", "fr-ca", "francais", "français", "french"):
        return "fr"
    if word in ("en", "en-ca", "english", "anglais"):
        return "en"
    return None


class Translator:
    """Translations for one language plus its formatters."""

    def __init__(self, language: str, translations: NullTranslations):
        self.language = language
        self.locale = Locale.parse(_BABEL_LOCALES[language])
        self._translations = translations

    def gettext(self, message: str, **values) -> str:
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        return self._translations.ngettext(singular, plural, n).format(n=self.number(n), **values)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, ratio: float) -> str:
        """0.615 → "62%" in English, "62 %" (a non-breaking space) in French."""
        return format_percent(ratio, locale=self.locale)

    def currency(self, value: float, currency: str) -> str:
        """``13 125,00 $`` / ``$13,125.00``."""
        return format_currency(value, currency, locale=self.locale)

    def whole_currency(self, value: float, currency: str) -> str:
        """An amount with no cents, written as the currency is in this language: ``75 $`` / ``$75``,
        ``80 $ US`` / ``US$80`` (an hourly rate is a whole amount)."""
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        return pattern.apply(round(value), self.locale, currency=currency, currency_digits=False)

    def date(self, moment: datetime, timezone: str) -> str:
        """``17 juin 2027``, ``1er février 2027`` / ``June 17, 2027``: the day, in the community's time zone."""
        local = moment.astimezone(ZoneInfo(timezone))
        if self.language == "fr" and local.day == 1:  # the OQLF's « 1er », which CLDR does not write
            return format_date(local, "d'er' MMMM y", locale=self.locale)
        return format_date(local, "long", locale=self.locale)

    def time(self, moment: datetime, timezone: str) -> str:
        """``9 h``, ``14 h 30`` / ``9:00 a.m.``, ``2:30 p.m.``: the hour, in the community's time zone
        (the OQLF writes no zero minutes and no leading zero, where CLDR writes ``09 h 00``)."""
        local = moment.astimezone(ZoneInfo(timezone))
        if self.language == "fr":
            return format_time(local, "H 'h'" if local.minute == 0 else "H 'h' mm", locale=self.locale)
        return format_time(local, "short", locale=self.locale)

    def datetime(self, moment: datetime, timezone: str) -> str:
        """``jeudi 17 juin 2027 à 14 h`` / ``Thursday, June 17, 2027, 2:00 p.m.``: people plan by the
        weekday and the minute, not the second."""
        local = moment.astimezone(ZoneInfo(timezone))
        pattern = "EEEE d'er' MMMM y" if self.language == "fr" and local.day == 1 else "full"
        return self.gettext("{day}, {time}", day=format_date(local, pattern, locale=self.locale),
                            time=self.time(moment, timezone))

    def quarter(self, quarter: str) -> str:
        """``2027-Q2`` (as stored) → ``2e trimestre 2027`` / ``Q2 2027``."""
        year, number = quarter.split("-Q")
        first = date(int(year), 3 * int(number) - 2, 1)
        return format_date(first, "QQQQ y" if self.language == "fr" else "QQQ y", locale=self.locale)


@cache
def translator(language: str) -> Translator:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    po = LOCALES_DIR / language / "LC_MESSAGES" / "cop.po"
    if not po.is_file():
        return Translator(language, NullTranslations())
    with po.open("rb") as f:
        catalog = read_po(f, locale=_BABEL_LOCALES[language])
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translator(language, Translations(fp=compiled, domain="cop"))
