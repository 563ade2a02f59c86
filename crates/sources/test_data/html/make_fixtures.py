"""Writes the HTML fixtures of crates/sources/src/html/tests.rs.

The pages are short texts written for Placard. Most are UTF-8; the Russian
and Ukrainian ones are encoded here into the legacy code pages their sites
still use, some labelled wrongly on purpose. Run from this directory:
python3 make_fixtures.py
"""

BOILERPLATE_TOP = """<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav class="main-nav"><ul><li><a href="/">{home}</a></li><li><a href="/politics">{politics}</a></li><li><a href="/sport">{sport}</a></li></ul></nav></header>
<div class="ad ad-banner">Advertisement</div>"""

BOILERPLATE_BOTTOM = """<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Telegram</a></div>
<aside class="related"><h3>{related}</h3><ul><li><a href="/a">{rel1}</a></li><li><a href="/b">{rel2}</a></li></ul></aside>
<section id="comments" class="comments"><h3>{comments}</h3><div class="comment"><p>{comment}</p></div></section>
<footer><p>&copy; 2024 {site}. {rights}</p></footer>"""


def page(lang, head, title, paragraphs, words, charset_meta=""):
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{charset_meta}<title>{title} | {words['site']}</title>
{head}
</head>
<body>
{BOILERPLATE_TOP.format(**words)}
<main><article>
<h1>{title}</h1>
{body}
</article></main>
{BOILERPLATE_BOTTOM.format(**words)}
</body>
</html>
"""


EN = dict(home="Home", politics="Politics", sport="Sport", related="Related stories",
          rel1="Council approves budget", rel2="Weather: rain all week", comments="Comments",
          comment="Great article, thanks for sharing this with us all!", site="Harbour Herald",
          rights="All rights reserved.")
RU = dict(home="Главная", politics="Политика", sport="Спорт", related="Читайте также",
          rel1="Бюджет города утвердили", rel2="Погода: всю неделю дожди", comments="Комментарии",
          comment="Спасибо за статью, очень интересно было прочитать!", site="Вечерний курьер",
          rights="Все права защищены.")
UK = dict(home="Головна", politics="Політика", sport="Спорт", related="Читайте також",
          rel1="Міськрада ухвалила бюджет", rel2="Погода: дощі весь тиждень", comments="Коментарі",
          comment="Дякую за статтю, дуже цікаво було читати!", site="Вечірній вісник",
          rights="Усі права захищено.")

EN_TEXT = [
    "About three hundred dock workers marched through the centre of Portmouth on Saturday, demanding that the harbour authority reverse the closure of the eastern terminal.",
    "The march, organised by the dockers' union, ended with a rally outside the harbour office, where speakers said that four hundred jobs were at risk.",
    "Police said the protest was peaceful and that nobody was detained. The harbour authority said it would meet union representatives next week.",
]
RU_TEXT = [
    "В субботу около двухсот жителей Заречного района вышли на митинг против вырубки городского парка, сообщили организаторы акции.",
    "Участники держали плакаты «Парк — не стройплощадка» и собирали подписи под обращением к губернатору. Полиция задержала двух человек.",
    "В мэрии заявили, что проект застройки будет вынесен на общественные слушания в следующем месяце.",
]
UK_TEXT = [
    "У неділю кілька сотень мешканців Подільського району вийшли на протест проти підвищення тарифів на опалення, повідомили організатори.",
    "Учасники акції тримали плакати «Тарифи — не вирок» і вимагали від міськради переглянути рішення. Поліція нікого не затримала.",
    "У міськраді пообіцяли розглянути звернення протестувальників на найближчій сесії.",
]


def write(name, text, encoding="utf-8"):
    with open(name, "wb") as handle:
        # Characters the code page lacks (KOI8-R has no guillemets) become
        # character references, as a web server would send them.
        handle.write(text.encode(encoding, errors="xmlcharrefreplace"))


write("en_utf8_meta.html", page(
    "en-GB",
    """<meta charset="utf-8">
<meta property="og:site_name" content="Harbour Herald">
<meta property="og:title" content="Dock workers march against terminal closure">
<meta property="article:published_time" content="2024-03-09T17:40:00+00:00">
<link rel="canonical" href="https://harbourherald.example/news/dock-workers-march">""",
    "Dock workers march against terminal closure", EN_TEXT, EN))

write("ru_windows1251.html", page(
    "ru",
    """<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-04-13T12:05:00+03:00", "publisher": {"@type": "Organization", "name": "Вечерний курьер"}}</script>
<meta property="og:site_name" content="Вечерний курьер">""",
    "Жители вышли на митинг в защиту парка", RU_TEXT, RU), "windows-1251")

# KOI8-R bytes labelled windows-1251: the label is wrong, the detector decides.
write("ru_koi8r_mislabelled.html", page(
    "ru-RU",
    """<meta name="description" content="Митинг в защиту парка">
<link rel="canonical" href="https://kurier.example/news/miting-v-zashchitu-parka">""",
    "Митинг в защиту парка", RU_TEXT, RU,
    charset_meta='<meta charset="windows-1251">\n').replace(
    "<h1>", '<p class="byline"><time datetime="2024-04-14">14 апреля</time></p>\n<h1>', 1), "koi8-r")

# windows-1251 without any declaration; the date is in the canonical URL.
write("uk_windows1251_undeclared.html", page(
    "uk",
    """<link rel="canonical" href="https://visnyk.example/2024/02/25/protest-tarify/">
<meta property="og:site_name" content="Вечірній вісник">""",
    "Мешканці протестують проти тарифів", UK_TEXT, UK), "windows-1251")

# UTF-8 labelled iso-8859-1: the bytes are valid UTF-8, so UTF-8 wins.
write("uk_utf8_labelled_latin1.html", page(
    "uk-UA",
    """<meta name="pubdate" content="2024-02-26">""",
    "Протест проти тарифів", UK_TEXT, UK,
    charset_meta='<meta http-equiv="content-type" content="text/html; charset=iso-8859-1">\n'))
