//! Measures the gazetteer: the one-off load of the embedded index and
//! `find_mentions` on a 3,000-byte English news text and a Russian one of
//! about 3,000 characters, both written for this purpose.
//!
//! Run with `cargo run --release -p placard-engine --example gazetteer_speed`;
//! add `--list` to print the mentions found.

use placard_engine::gazetteer::Gazetteer;
use std::time::Instant;

const ARTICLE: &str = "\
On November 7 in Moscow, two dozen women whose husbands were mobilised held a picket near the \
Kremlin, demanding that the men be brought home. The Russian police detained four of them, the \
independent outlet said, citing lawyers from OVD-Info. Similar pickets took place in Novosibirsk, \
Yekaterinburg and St. Petersburg, and a smaller group gathered in the Novosibirsk region. \
In the Ukrainian capital, meanwhile, hundreds of people rallied outside the city council to demand \
that more money be spent on the army. Organisers said rallies were also held in Kharkiv, Lviv, \
Odesa and Dnipro. Reading the statement aloud, one of the organisers said that the authorities in \
Kyiv had been warned in advance. A spokesman for the mayor declined to comment on Monday.

Elsewhere, protesters in the Kenyan city of Kisumu blocked roads for a second day after the \
election results were announced, and police in Nairobi fired tear gas. In the Serbian capital \
on Saturday, tens of thousands of people marched through the centre, and students in Novi Sad \
and Nis joined them. Officials in Washington and London said they were following events closely; \
the U.S. State Department urged restraint, and the UK Foreign Office issued a travel warning.

In Georgia, opposition supporters gathered outside parliament in Tbilisi for a fourth night. \
Police in Batumi detained several people, according to a rights group. The Georgian Dream party \
said the protests were funded from abroad, a claim the organisers deny. Demonstrations in support \
were held in Berlin, Paris, Warsaw and New York, where several hundred people gathered in front \
of the United Nations headquarters. In Armenia, a smaller rally took place in Yerevan.

In Belarus, where street protests have been all but impossible since 2020, a handful of people \
laid flowers in Minsk and were detained within minutes, the Viasna rights group said. In \
Kazakhstan, workers at an oil field near Zhanaozen went on strike over pay, and in Almaty \
activists held single-person pickets, which do not require permission. Moldovan police said a \
rally in Chisinau passed peacefully.

Meanwhile, in several more cities of Russia, including Kazan, Samara and Krasnoyarsk, relatives \
of mobilised men tried to submit petitions to regional governors. In Tomsk the governor agreed \
to meet them; in Omsk and Barnaul officials refused. The women said they would march in May and \
again in March if nothing changed, and promised to write to deputies of the State Duma. Some of \
them travelled from Irkutsk and Vladivostok to take part. Analysts in Paris and Berlin said the \
movement was small but growing, and compared it with the mothers' committees of the 1990s.

The next day, a court in Kharkov fined two activists, and a district court in Yekaterinburg \
sentenced a man who had held a poster outside the regional administration to ten days in jail. \
His lawyer said he would appeal, and that the case showed how far the authorities would go.";

const ARTICLE_RU: &str = "\
Седьмого ноября в Москве два десятка женщин, чьи мужья были мобилизованы, вышли на пикет возле \
Кремля и потребовали вернуть мужчин домой. Полиция задержала четырёх из них, сообщило издание со \
ссылкой на юристов ОВД-Инфо. Похожие пикеты прошли в Новосибирске, Екатеринбурге и Санкт-Петербурге, \
а небольшая группа собралась в Новосибирской области. Жительница Нижнего Новгорода Анна Москвина \
рассказала, что её муж служит под Херсоном. Иван Москвин, адвокат задержанных, назвал задержания \
незаконными.

Тем временем в Киеве сотни людей вышли к зданию городского совета и потребовали больше денег на \
армию. Организаторы сообщили, что акции прошли также в Харькове, Львове, Одессе и Днепре. Во Львове \
собрались студенты, а у Києві та Харкові мітинги пройшли під гаслами підтримки військових. Жителі \
Житомирської області зібрали підписи під зверненням до уряду.

В Грузии сторонники оппозиции четвёртую ночь собирались у парламента в Тбилиси. Полиция в Батуми \
задержала несколько человек, сообщила правозащитная группа. Акции поддержки прошли в Берлине, \
Париже, Варшаве и Нью-Йорке, где несколько сотен человек собрались перед штаб-квартирой ООН. В \
Армении небольшой митинг прошёл в Ереване. Посольство США в Грузии призвало стороны к сдержанности, \
а представитель Германии заявил, что Берлин внимательно следит за событиями.

В Беларуси, где уличные протесты почти невозможны с 2020 года, несколько человек возложили цветы в \
Минске и были задержаны в течение нескольких минут, сообщил правозащитный центр «Весна». В \
Казахстане рабочие нефтяного месторождения около Жанаозена объявили забастовку, а в Алматы \
активисты провели одиночные пикеты. Молдавская полиция сообщила, что митинг в Кишинёве прошёл \
мирно.

Родственники мобилизованных в Казани, Самаре, Красноярске и Астрахани пытались передать петиции \
губернаторам. В Томске губернатор согласился встретиться с ними, в Омске и Барнауле чиновники \
отказались. Из Иркутска и Владивостока приехали несколько женщин. Жители Ивановской и \
Московской области также подписали обращение, а на улице Пушкина в Твери прошёл одиночный пикет.";

fn main() {
    let parse_start = Instant::now();
    let gazetteer = Gazetteer::builtin();
    let parse_time = parse_start.elapsed();

    // Warm-up, then the measured loop.
    for _ in 0..1_000 {
        std::hint::black_box(gazetteer.find_mentions(std::hint::black_box(ARTICLE)));
    }
    let n_runs = 20_000u32;
    let find_start = Instant::now();
    let mut n_mentions = 0;
    for _ in 0..n_runs {
        n_mentions =
            std::hint::black_box(gazetteer.find_mentions(std::hint::black_box(ARTICLE))).len();
    }
    let per_article = find_start.elapsed() / n_runs;

    for _ in 0..1_000 {
        std::hint::black_box(gazetteer.find_mentions(std::hint::black_box(ARTICLE_RU)));
    }
    let find_start = Instant::now();
    let mut n_mentions_ru = 0;
    for _ in 0..n_runs {
        n_mentions_ru =
            std::hint::black_box(gazetteer.find_mentions(std::hint::black_box(ARTICLE_RU))).len();
    }
    let per_article_ru = find_start.elapsed() / n_runs;

    eprintln!("load of the embedded index: {parse_time:?}");
    eprintln!(
        "find_mentions on {} bytes: {per_article:?} per call ({n_mentions} mentions)",
        ARTICLE.len()
    );
    eprintln!(
        "find_mentions on {} bytes ({} characters) of Russian: {per_article_ru:?} per call ({n_mentions_ru} mentions)",
        ARTICLE_RU.len(),
        ARTICLE_RU.chars().count()
    );
    if std::env::args().any(|arg| arg == "--list") {
        for mention in gazetteer
            .find_mentions(ARTICLE)
            .into_iter()
            .chain(gazetteer.find_mentions(ARTICLE_RU))
        {
            eprintln!(
                "{:?} {} -> {} {} {:?} {:?}",
                mention.span,
                mention.text,
                mention.record.name,
                mention.record.country,
                mention.via,
                mention.cue
            );
        }
    }
}
