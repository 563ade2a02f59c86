#!/usr/bin/env python3
"""Writes the feed fixtures of crates/sources (feed/tests.rs) and of the
`placard watch` tests: short feeds written for Placard (invented outlets,
realistic facts) in English, Russian and Ukrainian, one of them in
windows-1251 with its encoding declared and one without a declaration, and
a JSON Feed.

Run from this folder: python3 make_fixtures.py
"""

import os

RSS2_EN = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Harbour Courier</title>
  <link>https://harbour-courier.example/</link>
  <description>Port and town news</description>
  <language>en-gb</language>
  <item>
    <title>Dockers march through Felixstowe over pay</title>
    <link>https://harbour-courier.example/2024/05/14/dockers-march</link>
    <guid isPermaLink="false">hc-2024-0514-1</guid>
    <pubDate>Tue, 14 May 2024 09:30:00 +0000</pubDate>
    <description>About 400 dock workers marched through Felixstowe.</description>
    <content:encoded><![CDATA[<p>About 400 dock workers marched through Felixstowe on Monday, demanding a pay rise of 10&nbsp;per cent, the Unite union said.</p><p>Police said the <b>march</b> was peaceful and no one was detained.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Parents picket council over school closure</title>
    <link>https://harbour-courier.example/2024/05/13/school-picket</link>
    <pubDate>Mon, 13 May 2024 17:05:00 +0100</pubDate>
    <description>&lt;p&gt;Some 60 parents picketed Ipswich town hall on Monday evening against the planned closure of Westgate primary school.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery: the harbour at dawn</title>
    <link>https://harbour-courier.example/2024/05/12/gallery</link>
    <pubDate>Sun, 12 May 2024 06:00:00 +0000</pubDate>
  </item>
</channel>
</rss>
"""

ATOM_UK = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">
  <title>Подільський вісник</title>
  <id>urn:example:podilskyi-visnyk</id>
  <updated>2024-03-02T12:00:00+02:00</updated>
  <link href="https://podil-visnyk.example/"/>
  <entry>
    <title>Мітинг біля Київради проти забудови парку</title>
    <id>urn:example:podilskyi-visnyk:2024-0302-1</id>
    <link rel="alternate" href="https://podil-visnyk.example/2024/03/02/mitynh"/>
    <published>2024-03-02T11:40:00+02:00</published>
    <updated>2024-03-02T11:45:00+02:00</updated>
    <summary type="html">&lt;p&gt;Близько 300 киян вийшли на мітинг біля Київради в суботу, вимагаючи скасувати забудову парку на Подолі.&lt;/p&gt;&lt;p&gt;Поліція затримань не повідомляла.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Страйк водіїв тролейбусів у Харкові</title>
    <id>urn:example:podilskyi-visnyk:2024-0301-2</id>
    <link href="https://podil-visnyk.example/2024/03/01/straik"/>
    <updated>2024-03-01T08:10:00+02:00</updated>
    <content type="html">&lt;p&gt;У п'ятницю водії тролейбусів Харкова оголосили страйк через затримку зарплати за два місяці.&lt;/p&gt;&lt;p&gt;На лінії вийшли лише шість тролейбусів із сорока, повідомили в міському транспортному підприємстві.&lt;/p&gt;</content>
  </entry>
</feed>
"""

RDF_RU = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://uralskaya-nedelya.example/rss">
    <title>Уральская неделя</title>
    <link>https://uralskaya-nedelya.example/</link>
    <description>Новости Урала</description>
    <items>
      <rdf:Seq>
        <rdf:li rdf:resource="https://uralskaya-nedelya.example/2024/06/10/skver"/>
      </rdf:Seq>
    </items>
  </channel>
  <item rdf:about="https://uralskaya-nedelya.example/2024/06/10/skver">
    <title>Жители Екатеринбурга вышли на пикет в защиту сквера</title>
    <link>https://uralskaya-nedelya.example/2024/06/10/skver</link>
    <description>В воскресенье около 200 жителей Екатеринбурга вышли на пикет против вырубки сквера на улице Малышева. Полиция задержала двух участников.</description>
    <dc:date>2024-06-09T19:20:00+05:00</dc:date>
  </item>
</rdf:RDF>
"""

RSS_CP1251 = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0">
<channel>
  <title>Волжский курьер</title>
  <link>https://volzhsky-kurier.example/</link>
  <description>Новости Поволжья</description>
  <language>ru</language>
  <item>
    <title>В Самаре прошёл митинг против повышения тарифов</title>
    <link>https://volzhsky-kurier.example/2024/02/17/miting</link>
    <guid>https://volzhsky-kurier.example/2024/02/17/miting</guid>
    <pubDate>Sat, 17 Feb 2024 14:00:00 +0400</pubDate>
    <description>&lt;p&gt;В субботу в Самаре около 150 человек пришли на согласованный митинг против повышения тарифов ЖКХ, сообщили организаторы.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

RSS091 = """<?xml version="1.0"?>
<rss version="0.91">
<channel>
  <title>Midlands Weekly</title>
  <link>https://midlands-weekly.example/</link>
  <description>Midlands news</description>
  <language>en</language>
  <item>
    <title>Bus drivers strike in Coventry</title>
    <link>https://midlands-weekly.example/2024/01/22/bus-strike</link>
    <description>Bus drivers in Coventry began a two-day strike on Monday in a dispute over pay, the union said.</description>
  </item>
</channel>
</rss>
"""

BROKEN = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
  <title>Broken Wire</title>
  <item>
    <title>Unclosed
"""


# Article pages for the `placard watch` tests (crates/cli/tests/it/watch.rs),
# served at the items' links.
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head>{meta}<title>{title}</title></head>
<body><nav><a href="/">{home}</a> | <a href="/news">{news}</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>(c) {outlet}</footer></body></html>
"""


def page(lang, title, outlet, paragraphs, meta="", home="Home", news="News"):
    body = "\n".join("<p>%s</p>" % paragraph for paragraph in paragraphs)
    return PAGE.format(
        lang=lang, meta=meta, title=title, outlet=outlet, paragraphs=body,
        home=home, news=news,
    )


PAGE_DOCKERS = page("en", "Dockers march through Felixstowe over pay", "The Harbour Courier", [
    "About 400 dock workers marched through Felixstowe on Monday, demanding a pay rise of 10 per cent, the Unite union said.",
    "The marchers walked from the port gates to the town centre carrying banners that read \"Fair pay for the docks\". Union officials said a strike ballot would follow if the port operator did not improve its offer within two weeks.",
    "Police said the march was peaceful and no one was detained.",
])

PAGE_KYIV = page("uk", "Мітинг біля Київради проти забудови парку", "Подільський вісник", [
    "Близько 300 киян вийшли на мітинг біля Київради в суботу, вимагаючи скасувати забудову парку на Подолі.",
    "Учасники тримали плакати «Парк — не для забудови» і передали депутатам звернення з підписами понад двох тисяч мешканців району. Організатори заявили, що повторять акцію, якщо рішення не скасують.",
    "Поліція затримань не повідомляла.",
], meta='<meta charset="utf-8">', home="Головна", news="Новини")

PAGE_EKB = page("ru", "Жители Екатеринбурга вышли на пикет в защиту сквера", "Уральская неделя", [
    "В воскресенье около 200 жителей Екатеринбурга вышли на пикет против вырубки сквера на улице Малышева.",
    "Участники пикета держали плакаты «Сквер — наш» и собирали подписи под обращением к губернатору. По словам организаторов, застройщик уже огородил часть сквера забором.",
    "Полиция задержала двух участников, их отпустили вечером того же дня.",
], home="Главная", news="Новости")

PAGE_SAMARA = page("ru", "В Самаре прошёл митинг против повышения тарифов", "Волжский курьер", [
    "В субботу в Самаре около 150 человек пришли на согласованный митинг против повышения тарифов ЖКХ, сообщили организаторы.",
    "Митинг прошёл на площади Славы. Участники требовали отменить повышение платы за отопление и воду, которое вступает в силу с 1 июля.",
    "Полиция сообщила, что нарушений порядка не было.",
], meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', home="Главная", news="Новости")

PAGE_COVENTRY = page("en", "Bus drivers strike in Coventry", "Midlands Weekly", [
    "Bus drivers in Coventry began a two-day strike on Monday in a dispute over pay, the union said.",
    "Pickets gathered at the Harnall Lane depot from five in the morning. The operator said only a handful of services were running and advised passengers to find other ways to travel.",
    "The union said further strike days would be announced next week.",
])


# JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one item with HTML
# content and a relative link, one with plain text only, one with neither.
JSON_FEED_RU = """{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Волжский обозреватель",
  "home_page_url": "https://volzhsky-obozrevatel.example/",
  "feed_url": "https://volzhsky-obozrevatel.example/feed.json",
  "language": "ru",
  "items": [
    {
      "id": "vo-2024-0415-1",
      "url": "/2024/04/15/piket-musor",
      "title": "Пикет против мусоросжигательного завода в Казани",
      "content_html": "<p>Около 150 жителей Казани в понедельник вышли на пикет у здания мэрии против строительства мусоросжигательного завода.</p><p>Полиция задержала одного участника.</p>",
      "date_published": "2024-04-15T12:30:00+03:00"
    },
    {
      "id": "vo-2024-0414-2",
      "url": "https://volzhsky-obozrevatel.example/2024/04/14/zabastovka",
      "title": "Водители автобусов в Самаре объявили забастовку",
      "content_text": "В воскресенье водители автобусов Самары объявили забастовку из-за задержки зарплаты.",
      "date_published": "2024-04-14T08:00:00+04:00"
    },
    {
      "id": "vo-2024-0413-3",
      "url": "https://volzhsky-obozrevatel.example/2024/04/13/foto",
      "title": "Фотогалерея: ледоход на Волге"
    }
  ]
}
"""


def write(name, text, encoding="utf-8"):
    with open(name, "wb") as out:
        out.write(text.encode(encoding))


write("rss2_en.xml", RSS2_EN)
write("atom_uk.atom", ATOM_UK)
write("rdf_ru.rdf", RDF_RU)
write("rss_cp1251.xml", RSS_CP1251, "cp1251")
# The same feed with no declaration at all: the charset must be detected.
write(
    "rss_cp1251_undeclared.rss",
    RSS_CP1251.replace('<?xml version="1.0" encoding="windows-1251"?>\n', ""),
    "cp1251",
)
# And in KOI8-R, undeclared too.
write(
    "rss_koi8r_undeclared.rss",
    RSS_CP1251.replace('<?xml version="1.0" encoding="windows-1251"?>\n', ""),
    "koi8_r",
)
write("rss091_en.xml", RSS091)
write("broken.xml", BROKEN)
write("json_feed_ru.json", JSON_FEED_RU)
os.makedirs("pages", exist_ok=True)
write("pages/dockers-march.html", PAGE_DOCKERS)
write("pages/mitynh.html", PAGE_KYIV)
# Declared only by the HTTP header the test server sends.
write("pages/skver.html", PAGE_EKB, "cp1251")
# Declared by its <meta>.
write("pages/miting.html", PAGE_SAMARA, "cp1251")
write("pages/bus-strike.html", PAGE_COVENTRY)
