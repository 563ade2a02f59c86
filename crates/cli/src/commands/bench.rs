//! `placard bench`: generate a corpus of articles (English, Russian and
//! Ukrainian templates written for it) and measure
//! extraction (one thread, then all cores) and ingest into a fresh SQLite
//! file. The corpus is made from templates with a fixed seed, so runs are
//! comparable.

use crate::ingest::{run_ingest, IngestConfig, IngestInput};
use anyhow::Result;
use clap::Args;
use placard_engine::pipeline::ExtractorConfig;
use placard_engine::Article;
use placard_sources::ReadLimits;
use rayon::prelude::*;
use std::io::Write;
use std::time::Instant;

/// Flags of `placard bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// How many articles to generate.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Languages of the generated articles, in equal shares (en, ru, uk).
    #[arg(long, value_delimiter = ',', default_value = "en,ru,uk")]
    pub languages: Vec<String>,
    /// Also write the generated corpus as JSONL to this file.
    #[arg(long)]
    pub write_corpus: Option<std::path::PathBuf>,
    /// Instead, benchmark clustering: generate this many reports (from the
    /// reports of the first `--articles` generated articles, at most 300)
    /// and time reconciling them into events on one thread.
    #[arg(long)]
    pub reports: Option<usize>,
    /// With `--reports`: also store the reports in a fresh SQLite file and
    /// reconcile them from there, as `placard ingest` does.
    #[arg(long, requires = "reports")]
    pub through_store: bool,
    /// Instead, benchmark the HTTP API: generate this many events, serve
    /// them with `placard serve` and measure latencies under load.
    #[arg(long)]
    pub serve: Option<usize>,
    /// With --serve: concurrent clients.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// With --serve: requests each client sends.
    #[arg(long, default_value_t = 200)]
    pub requests: usize,
    /// With --serve: keep the generated database here (and reuse it when it
    /// holds events already) instead of a temporary file.
    #[arg(long)]
    pub db: Option<std::path::PathBuf>,
}

const CITIES: &[&str] = &[
    "Moscow",
    "Novosibirsk",
    "Paris",
    "Tbilisi",
    "Minsk",
    "Belgrade",
    "Nairobi",
    "Khabarovsk",
    "Brussels",
    "Kyiv",
    "Lviv",
    "Warsaw",
    "Berlin",
    "London",
    "Madrid",
    "Athens",
    "Beirut",
    "Caracas",
    "Dhaka",
    "Istanbul",
];
const GROUPS: &[&str] = &[
    "students",
    "workers",
    "pensioners",
    "residents",
    "activists",
    "teachers",
    "the wives of mobilized soldiers",
    "opposition supporters",
    "farmers",
    "journalists",
];
const CLAIMS: &[&str] = &[
    "higher wages",
    "the release of detained activists",
    "fair elections",
    "an end to the war",
    "lower fuel prices",
    "the resignation of the governor",
];
const SIZES: &[&str] = &[
    "two dozen",
    "about 50",
    "dozens of",
    "hundreds of",
    "more than 1,000",
    "several thousand",
    "at least 300",
    "tens of thousands of",
];
const DATES: &[&str] = &[
    "on Saturday",
    "yesterday",
    "on March 3",
    "over the weekend",
    "last week",
    "on Tuesday",
];
const OUTLETS: &[&str] = &[
    "Harbour Wire",
    "Demo Ledger",
    "Civic Monitor",
    "Northline Post",
];

fn pick<'list>(rng: &mut fastrand::Rng, list: &[&'list str]) -> &'list str {
    list[rng.usize(..list.len())]
}

/// One generated article: a protest, often a police response, filler lines.
/// Russian and Ukrainian templates, written for the benchmark: the protest
/// sentence, a police response, a refusal, and news filler.
const RU_CITIES: &[&str] = &[
    "в Москве",
    "в Новосибирске",
    "в Хабаровске",
    "в Екатеринбурге",
    "в Казани",
    "в Самаре",
    "в Перми",
    "в Иркутске",
];
const RU_PROTESTS: &[&str] = &[
    "Около двух сотен жителей вышли на митинг {city} в субботу, требуя отставки губернатора, сообщает «Интерфакс».",
    "Несколько десятков пенсионеров провели пикет {city} вчера против повышения тарифов.",
    "Более тысячи человек приняли участие в шествии {city} на прошлой неделе с требованием честных выборов.",
];
const RU_RESPONSES: &[&str] = &[
    "Полиция задержала {n} участников акции, по данным ОВД-Инфо.",
    "Власти отказали организаторам в согласовании, сославшись на ограничения.",
    "Сотрудники полиции оцепили площадь, но не вмешивались.",
];
const RU_FILLER: &[&str] = &[
    "Городские власти обсудили бюджет на следующий год и план ремонта дорог.",
    "В местном музее открылась выставка старинных карт, посетители стояли в очереди.",
    "Синоптики обещают тёплую погоду до конца недели, ночью возможен дождь.",
    "Футбольный клуб объявил о подписании контракта с молодым полузащитником.",
];
const UK_CITIES: &[&str] = &[
    "у Києві",
    "у Львові",
    "в Одесі",
    "у Харкові",
    "у Дніпрі",
    "у Вінниці",
];
const UK_PROTESTS: &[&str] = &[
    "Близько двохсот мешканців вийшли на мітинг {city} у суботу з вимогою зупинити забудову парку, повідомляє «Укрінформ».",
    "Кілька десятків студентів провели пікет {city} вчора проти підвищення плати за навчання.",
    "Понад тисячу людей узяли участь у марші {city} минулого тижня.",
];
const UK_RESPONSES: &[&str] = &[
    "Поліція затримала {n} учасників акції.",
    "Міська влада відмовила організаторам у погодженні, пославшись на воєнний стан.",
];
const UK_FILLER: &[&str] = &[
    "Міська рада ухвалила бюджет на наступний рік і план ремонту доріг.",
    "У музеї відкрилася виставка старовинних мап, відвідувачі стояли в черзі.",
    "Синоптики обіцяють теплу погоду до кінця тижня, вночі можливий дощ.",
];

/// One generated Russian or Ukrainian article of news length.
fn generate_cyrillic(rng: &mut fastrand::Rng, index: usize, language: &str) -> Article {
    let (cities, protests, responses, filler) = if language == "ru" {
        (RU_CITIES, RU_PROTESTS, RU_RESPONSES, RU_FILLER)
    } else {
        (UK_CITIES, UK_PROTESTS, UK_RESPONSES, UK_FILLER)
    };
    let mut paragraphs = vec![pick(rng, protests).replace("{city}", pick(rng, cities))];
    if rng.bool() {
        paragraphs.push(pick(rng, responses).replace("{n}", &rng.u32(2..200).to_string()));
    }
    for _ in 0..rng.usize(6..10) {
        paragraphs.push(pick(rng, filler).to_string());
    }
    Article {
        id: format!("bench-{index}"),
        url: None,
        outlet: Some(pick(rng, OUTLETS).to_string()),
        published: Some(format!("2024-0{}-1{}", rng.u32(1..10), rng.u32(0..10))),
        language: Some(language.to_string()),
        title: None,
        text: paragraphs.join("\n\n"),
    }
}

fn generate(rng: &mut fastrand::Rng, index: usize) -> Article {
    let city = pick(rng, CITIES);
    let mut paragraphs = vec![format!(
        "{} {} rallied in {} {} demanding {}, according to {}.",
        capitalise(pick(rng, SIZES)),
        pick(rng, GROUPS),
        city,
        pick(rng, DATES),
        pick(rng, CLAIMS),
        pick(
            rng,
            &["Reuters", "Interfax", "local media", "the organisers"]
        ),
    )];
    if rng.bool() {
        paragraphs.push(format!("Police detained {} people and cordoned off the central square. Officers used batons against some marchers.", rng.u32(2..200)));
    }
    if rng.u8(..4) == 0 {
        paragraphs.push(format!(
            "The city authorities had refused to approve the rally, citing {}.",
            pick(
                rng,
                &[
                    "coronavirus restrictions",
                    "road works",
                    "a prior booking of the square"
                ]
            )
        ));
    }
    paragraphs.push(format!(
        "The regional budget for {} was discussed at length by the council, which also approved new bus routes and a plan to repair {} schools before the winter.",
        2020 + rng.u32(0..5),
        rng.u32(3..40)
    ));
    // Filler of the kind real news pages carry, so articles have a realistic
    // length (about 2 KB) and most sentences contain no event.
    const FILLER: &[&str] = &[
        "Residents said the weather had been unusually mild for the season, and markets in the old town stayed open late into the evening.",
        "The transport department said that two tram lines would run on a reduced timetable while engineers replaced worn sections of track near the river.",
        "A local football club announced the signing of a young midfielder, who is expected to join the squad after the winter break.",
        "Officials at the museum reported record attendance for an exhibition of nineteenth-century maps, with queues forming before the doors opened.",
        "Economists expect inflation to ease slowly over the coming months, although food prices remain well above their level of two years ago.",
        "The university opened a new library wing with reading rooms, a café and space for more than four hundred students to study quietly.",
    ];
    for _ in 0..rng.usize(6..10) {
        paragraphs.push(pick(rng, FILLER).to_string());
    }
    Article {
        id: format!("bench-{index}"),
        url: None,
        outlet: Some(pick(rng, OUTLETS).to_string()),
        published: Some(format!("2024-0{}-1{}", rng.u32(1..10), rng.u32(0..10))),
        language: Some("en".into()),
        title: None,
        text: paragraphs.join("\n\n"),
    }
}

fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    characters
        .next()
        .map(|first| first.to_uppercase().chain(characters).collect())
        .unwrap_or_default()
}

/// Runs `placard bench`.
pub fn run(args: BenchArgs) -> Result<u8> {
    if let Some(n_events) = args.serve {
        return super::bench_serve::run(super::bench_serve::ServeBench {
            n_events,
            clients: args.clients.max(1),
            requests_per_client: args.requests,
            db: args.db,
            seed: args.seed,
        });
    }
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let languages: Vec<String> = if args.languages.is_empty() {
        vec!["en".into()]
    } else {
        args.languages.clone()
    };
    // The clustering benchmark only needs articles for its templates.
    let n_articles = match args.reports {
        Some(_) => args.articles.min(300),
        None => args.articles,
    };
    let articles: Vec<Article> = (0..n_articles)
        .map(|index| match languages[index % languages.len()].as_str() {
            "en" => generate(&mut rng, index),
            other => generate_cyrillic(&mut rng, index, other),
        })
        .collect();
    let total_bytes: usize = articles.iter().map(|article| article.text.len()).sum();
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    if let Some(n_reports) = args.reports {
        return super::bench_clusters::run(
            n_reports,
            args.seed,
            &articles,
            &extractor,
            args.through_store,
        );
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "corpus: {} generated articles ({}), {:.1} MB, mean {} bytes",
        articles.len(),
        languages.join("/"),
        total_bytes as f64 / 1e6,
        total_bytes / articles.len().max(1)
    )?;

    // Warm the lazily compiled language data and gazetteer outside the timing.
    let _ = extractor.extract(&articles[0]);
    let started = Instant::now();
    let n_reports: usize = articles
        .iter()
        .map(|article| extractor.extract(article).reports.len())
        .sum();
    let single = started.elapsed().as_secs_f64();
    writeln!(
        stdout,
        "extract, 1 thread:   {:>9.0} articles/s  ({} reports, {:.2} s)",
        articles.len() as f64 / single,
        n_reports,
        single
    )?;

    let started = Instant::now();
    let n_parallel: usize = articles
        .par_iter()
        .map(|article| extractor.extract(article).reports.len())
        .sum();
    let parallel = started.elapsed().as_secs_f64();
    writeln!(
        stdout,
        "extract, {} threads:  {:>9.0} articles/s  ({} reports, {:.2} s)",
        rayon::current_num_threads(),
        articles.len() as f64 / parallel,
        n_parallel,
        parallel
    )?;

    let mut corpus = String::with_capacity(total_bytes * 2);
    for article in &articles {
        corpus.push_str(&serde_json::to_string(article)?);
        corpus.push('\n');
    }
    if let Some(path) = &args.write_corpus {
        std::fs::write(path, &corpus)?;
    }
    let directory = std::env::temp_dir().join(format!("placard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    let db = directory.join("bench.db");
    let mut store = super::open_store(&db)?;
    let corpus: &'static str = Box::leak(corpus.into_boxed_str());
    let config = IngestConfig {
        input: IngestInput::Embedded(vec![("bench", corpus)]),
        batch_size: 512,
        limits: ReadLimits::standard(),
        progress: false,
    };
    let started = Instant::now();
    let summary = run_ingest(&mut store, &extractor, &config)?;
    let ingest = started.elapsed().as_secs_f64();
    writeln!(stdout, "ingest (read, extract, store, reconcile): {:>9.0} articles/s  ({} stored, {} reports, {} events, {:.2} s)", summary.articles_stored as f64 / ingest, summary.articles_stored, summary.reports, summary.events, ingest)?;
    drop(store);
    let _ = std::fs::remove_dir_all(&directory);
    Ok(0)
}
