"""Words and characters of dates: month names, weekday names, letters and digits."""

from __future__ import annotations

import re

# Month names and abbreviations in the languages news pages commonly use
# (nominative and, where dates use it, genitive forms).  A spelling that
# means different months in two languages (Polish/Croatian "listopada") is
# left out.
_MONTH_WORDS = {
    1: "january jan janvier janv enero ene janeiro gennaio gen januar jänner januari "
       "ianuarie stycznia января январь січня ocak gener janar يناير",
    2: "february feb febr février fevrier févr fevr febrero febr fevereiro fev febbraio "
       "februar februari februarie lutego февраля февраль лютого şubat subat febrer "
       "shkurt فبراير",
    3: "march mar mars marzo março marco märz maerz mär maart martie marca марта март "
       "березня mart març marc مارس",
    4: "april apr avril avr abril abr aprile aprilie kwietnia апреля апрель квітня "
       "nisan prill أبريل ابريل",
    5: "may mai mayo maio maggio mei maja мая май травня mayıs mayis maig maj مايو",
    6: "june jun juin junio junho giugno juni iunie czerwca июня июнь червня haziran "
       "juny qershor يونيو",
    7: "july jul juillet juil julio julho luglio juli iulie lipca июля июль липня "
       "temmuz juliol korrik يوليو",
    8: "august aug août aout agosto ago augustus agustus sierpnia августа август "
       "серпня ağustos agustos agost gusht أغسطس اغسطس",
    9: "september sep sept septembre septiembre setiembre setembro settembre "
       "septembrie września wrzesnia сентября сентябрь вересня eylül eylul setembre "
       "shtator سبتمبر",
    10: "october oct octobre octubre outubro ottobre oktober okt octombrie "
        "października pazdziernika октября октябрь жовтня ekim tetor أكتوبر اكتوبر",
    11: "november nov novembre noviembre novembro noiembrie ноября ноябрь листопада "
        "kasım kasim nëntor nentor نوفمبر",
    12: "december dec décembre decembre déc diciembre dic dezembro dez dicembre "
        "dezember desember decembrie grudnia декабря декабрь грудня aralık aralik "
        "desembre dhjetor ديسمبر",
}
# (Cyrillic "листопада" is Ukrainian November; the Latin spelling is left out
# because it is November in Polish but October in Croatian.)

# Month number by lower-cased name or abbreviation.
MONTHS: dict[str, int] = {}
for _n, _words in _MONTH_WORDS.items():
    for _w in _words.split():
        MONTHS.setdefault(_w, _n)

_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira "
    "lunedì martedì mercoledì giovedì venerdì "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "senin selasa rabu kamis jumat sabtu minggu "
    "luni marți marti miercuri joi vineri sâmbătă duminică duminica "
    "понедельник вторник среда четверг пятница суббота воскресенье"
).split()
# A regex alternation of all weekday names, longest first.
WEEKDAY_ALT = "|".join(re.escape(w) for w in sorted(set(_WEEKDAYS), key=len, reverse=True))

LETTER = r"[^\W\d_]"                       # one letter, any script
NOT_LETTER_BEFORE = rf"(?<!{LETTER})"
NOT_LETTER_AFTER = rf"(?!{LETTER})"

# str.translate table: Eastern Arabic and Persian digits to ASCII.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
