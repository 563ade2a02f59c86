//! Reconciliation tests on hand-made reports.

use super::*;
use std::collections::BTreeMap;

fn report(
    id: &str,
    article: &str,
    publisher: &str,
    kind: Kind,
    place: Option<(&str, u64)>,
    date: Option<(&str, &str)>,
    size: Option<(u64, u64)>,
) -> Report {
    Report {
        report_id: id.into(),
        article_id: article.into(),
        publisher: Some(publisher.into()),
        kind,
        mode: Some("demo".into()),
        modality: Modality::Asserted,
        date: date.map(|(start, end)| DateValue {
            start: start.into(),
            end: end.into(),
            precision: if start == end {
                DatePrecision::Day
            } else {
                DatePrecision::Days
            },
            text: None,
            span: None,
            derived_from: None,
        }),
        place: place.map(|(name, id)| PlaceValue {
            text: name.into(),
            span: [0, 1],
            name: name.into(),
            geonames_id: Some(id),
            country: Some("RU".into()),
            admin1: None,
            lat: None,
            lon: None,
            precision: PlacePrecision::City,
            derived_from: None,
        }),
        actor: None,
        target: None,
        size: size.map(|(low, high)| CountValue {
            text: format!("{low}-{high}"),
            low,
            high,
            span: [0, 1],
        }),
        detained: None,
        claims: vec![],
        reason: None,
        conditions: vec![],
        sources: vec![],
        response_to: None,
        evidence: vec![[0, 1]],
        confidence: 0.8,
        trace: vec![],
        explanation: vec![],
    }
}

#[test]
fn same_place_overlapping_days_merge_and_keep_disagreement() {
    let reports = vec![
        report(
            "r1",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            Some((2000, 9999)),
        ),
        report(
            "r2",
            "a2",
            "Wire B",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-22", "2021-01-24")),
            Some((3200, 4800)),
        ),
        // Another city the same day: a different happening.
        report(
            "r3",
            "a3",
            "Wire C",
            Kind::Protest,
            Some(("Novosibirsk", 1496747)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        // The same city a week later: a different happening.
        report(
            "r4",
            "a4",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-31", "2021-01-31")),
            None,
        ),
    ];
    let events = reconcile(&reports, &BTreeMap::new());
    type Summary = (Vec<String>, String, Option<(u64, u64)>, usize);
    let mut summary: Vec<Summary> = events
        .iter()
        .map(|event| {
            (
                event.reports.clone(),
                event
                    .date
                    .as_ref()
                    .map(|date| format!("{}..{}", date.start, date.end))
                    .unwrap_or_default(),
                event.size.as_ref().map(|size| (size.low, size.high)),
                event.independent_sources,
            )
        })
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        vec![
            (
                vec!["r1".into(), "r2".into()],
                "2021-01-23..2021-01-23".into(),
                Some((2000, 9999)),
                2
            ),
            (vec!["r3".into()], "2021-01-23..2021-01-23".into(), None, 1),
            (vec!["r4".into()], "2021-01-31..2021-01-31".into(), None, 1),
        ]
    );
    let moscow = events
        .iter()
        .find(|event| event.reports.len() == 2)
        .unwrap();
    assert_eq!(moscow.size.as_ref().unwrap().by_report.len(), 2);
}

#[test]
fn order_does_not_change_ids_and_same_article_never_merges() {
    let mut reports = vec![
        report(
            "r1",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        report(
            "r2",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        report(
            "r3",
            "a2",
            "Wire B",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
    ];
    let forward = reconcile(&reports, &BTreeMap::new());
    reports.reverse();
    let backward = reconcile(&reports, &BTreeMap::new());
    assert_eq!(forward, backward);
    assert_eq!(
        forward.len(),
        2,
        "two reports of one article are two happenings"
    );
}

#[test]
fn sources_citing_one_root_count_once() {
    let mut first = report(
        "r1",
        "a1",
        "Wire A",
        Kind::Arrest,
        Some(("Moscow", 524901)),
        Some(("2021-01-23", "2021-01-23")),
        None,
    );
    let mut second = report(
        "r2",
        "a2",
        "Wire B",
        Kind::Arrest,
        Some(("Moscow", 524901)),
        Some(("2021-01-23", "2021-01-23")),
        None,
    );
    for (report, span) in [(&mut first, [1, 2]), (&mut second, [3, 4])] {
        report.sources.push(SourceRef {
            name: "OVD-Info".into(),
            source_type: SourceType::Organisation,
            description: None,
            span: Some(span),
            via: None,
        });
    }
    let events = reconcile(&[first, second], &BTreeMap::new());
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].independent_sources, 1);
    assert_eq!(events[0].source_roots, vec!["ovd-info".to_string()]);
}

#[test]
fn non_asserted_reports_are_not_events() {
    let mut planned = report(
        "r1",
        "a1",
        "Wire A",
        Kind::Protest,
        Some(("Moscow", 524901)),
        None,
        None,
    );
    planned.modality = Modality::Planned;
    assert!(reconcile(&[planned], &BTreeMap::new()).is_empty());
}

#[test]
fn syndicated_copies_are_one_source() {
    // A wire story, a site's reprint of it, and an outlet's own report of
    // the same rally: two independent sources, not three.
    let day = Some(("2024-03-03", "2024-03-03"));
    let moscow = Some(("Moscow", 524901));
    let reports = [
        report("r-wire", "wire-1", "Wire", Kind::Protest, moscow, day, None),
        report("r-site", "site-1", "Site", Kind::Protest, moscow, day, None),
        report("r-own", "own-1", "Own", Kind::Protest, moscow, day, None),
    ];
    let copies: BTreeMap<String, String> = [("site-1".to_string(), "wire-1".to_string())].into();
    let events = reconcile(&reports, &copies);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].independent_sources, 2);
    assert_eq!(events[0].source_roots, ["own", "wire"]);
    // Both publishers still appear; only the count of sources changes.
    assert_eq!(events[0].publishers, ["Own", "Site", "Wire"]);
    let unaware = reconcile(&reports, &BTreeMap::new());
    assert_eq!(unaware[0].independent_sources, 3);
    // The event and its id do not depend on syndication.
    assert_eq!(unaware[0].event_id, events[0].event_id);
}

#[test]
fn a_week_level_report_does_not_chain_two_days() {
    // Rallies on Monday and on Wednesday in one city, and a third report
    // that only says "last week": two events, not one.
    let moscow = Some(("Moscow", 524901));
    let reports = [
        report(
            "r-mon",
            "a-mon",
            "Wire",
            Kind::Protest,
            moscow,
            Some(("2024-03-04", "2024-03-04")),
            None,
        ),
        report(
            "r-week",
            "a-week",
            "Weekly",
            Kind::Protest,
            moscow,
            Some(("2024-03-04", "2024-03-10")),
            None,
        ),
        report(
            "r-wed",
            "a-wed",
            "Daily",
            Kind::Protest,
            moscow,
            Some(("2024-03-06", "2024-03-06")),
            None,
        ),
    ];
    let events = reconcile(&reports, &BTreeMap::new());
    assert_eq!(events.len(), 2, "{events:#?}");
    let days: Vec<(&str, &str)> = events
        .iter()
        .map(|event| {
            let date = event.date.as_ref().unwrap();
            (date.start.as_str(), date.end.as_str())
        })
        .collect();
    assert_eq!(
        days,
        [("2024-03-04", "2024-03-04"), ("2024-03-06", "2024-03-06")]
    );
    // The week-level report sits with one of them, never alone.
    assert_eq!(
        events
            .iter()
            .map(|event| event.reports.len())
            .sum::<usize>(),
        3
    );
}

/// The clustering rule written the slow, obvious way: each report is
/// checked against every earlier cluster of its block and every member.
fn cluster_by_scanning_everything(keys: &[ClusterKey]) -> Vec<Vec<usize>> {
    let mut blocks: BTreeMap<(Kind, &str), Vec<usize>> = BTreeMap::new();
    for (key_idx, key) in keys.iter().enumerate() {
        blocks
            .entry((key.kind, key.place.as_ref()))
            .or_default()
            .push(key_idx);
    }
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (_, mut members) in blocks {
        members.sort_by_key(|&key_idx| {
            (
                keys[key_idx].date.map(|(start, _)| start),
                keys[key_idx].report_id,
            )
        });
        let mut block_clusters: Vec<Vec<usize>> = Vec::new();
        for key_idx in members {
            let key = &keys[key_idx];
            // Every cluster it may join, scored against all its members'
            // traits; the best, the first of equals.
            let mut best: Option<(u32, usize)> = None;
            if let Some((start, end)) = key.date {
                for (position, cluster) in block_clusters.iter().enumerate() {
                    let fits = cluster.iter().all(|&member| {
                        let member = &keys[member];
                        member.article_id != key.article_id
                            && member.date.is_some_and(|(member_start, member_end)| {
                                member_start <= end && start <= member_end
                            })
                    });
                    if !fits {
                        continue;
                    }
                    let mut summary = ClusterSummary::default();
                    for &member in cluster {
                        summary.add(&keys[member].traits);
                    }
                    if let Some(score) = affinity(&key.traits, &summary) {
                        if best.is_none_or(|(best_score, _)| score > best_score) {
                            best = Some((score, position));
                        }
                    }
                }
            }
            let joinable = best.map(|(_, position)| position);
            match joinable {
                Some(position) => block_clusters[position].push(key_idx),
                None => block_clusters.push(vec![key_idx]),
            }
        }
        clusters.extend(block_clusters);
    }
    clusters
}

#[test]
fn clustering_agrees_with_the_exhaustive_rule() {
    // Random blocks of reports over a month, with day, multi-day and
    // undated reports and articles that report several happenings: the
    // fast clustering (which drops clusters no later report can join) must
    // give exactly the groups of the exhaustive scan.
    let days: Vec<String> = (1..=28).map(|day| format!("2024-02-{day:02}")).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut vetoed = 0;
    for round in 0..50 {
        let n_keys = 20 + round * 6;
        let ids: Vec<(String, String)> = (0..n_keys)
            .map(|key_idx| {
                (
                    format!("r-{key_idx:04}"),
                    format!("a-{}", next(n_keys / 2 + 1)),
                )
            })
            .collect();
        let keys: Vec<ClusterKey> = ids
            .iter()
            .map(|(report_id, article_id)| {
                let start = next(days.len());
                let end = (start + [0, 0, 0, 1, 2, 6][next(6)]).min(days.len() - 1);
                // Few distinct traits, so that vetoes, ties and preferences
                // all happen: two groups, sizes a hundred times apart, claim
                // and source bits from small sets.
                let traits = ClusterTraits {
                    actor_group: [None, Some(ActorGroup::Workers), Some(ActorGroup::Students)]
                        [next(3)],
                    count: [None, Some((20, 30)), Some((2_000, 9_999)), Some((200, 999))][next(4)],
                    // The top bits say the script (63: ASCII, 62: another).
                    claims: [0, 1 << 63 | 1, 1 << 63 | 2, 1 << 63 | 3, 1 << 62 | 1][next(5)],
                    sources: [0, 0, 4, 8][next(4)],
                    day: start == end,
                };
                ClusterKey {
                    kind: [Kind::Protest, Kind::Arrest][next(2)],
                    place: std::borrow::Cow::Owned(format!("id:{}", next(3))),
                    date: (next(10) != 0).then(|| (days[start].as_str(), days[end].as_str())),
                    article_id: article_id.as_str(),
                    report_id: report_id.as_str(),
                    traits,
                }
            })
            .collect();
        assert_eq!(
            cluster(&keys),
            cluster_by_scanning_everything(&keys),
            "round {round}"
        );
        vetoed += keys
            .iter()
            .flat_map(|key| keys.iter().map(move |other| (key, other)))
            .filter(|(key, other)| {
                affinity(&key.traits, &ClusterSummary::of(&other.traits)).is_none()
            })
            .count();
    }
    // The traits above do make scoring veto some joins.
    assert!(vetoed > 0);
}

#[test]
fn reconciling_by_keys_gives_the_same_events() {
    // Reports over a fortnight in three places, some undated, some planned,
    // arrests answering protests: the events made one cluster at a time
    // from keys equal the events made with every report in memory.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let days: Vec<String> = (1..=14).map(|day| format!("2024-05-{day:02}")).collect();
    let places = [("Moscow", 524901), ("Kazan", 551487), ("Perm", 511196)];
    let mut reports: Vec<Report> = (0..300)
        .map(|idx| {
            let start = next(days.len());
            let end = (start + [0, 0, 1, 6][next(4)]).min(days.len() - 1);
            let mut made = report(
                &format!("r-{idx:03}"),
                &format!("a-{}", next(120)),
                ["Wire", "Daily", "Weekly"][next(3)],
                [Kind::Protest, Kind::Arrest][next(2)],
                Some(places[next(3)]),
                (next(8) != 0).then(|| (days[start].as_str(), days[end].as_str())),
                [None, Some((100, 200)), Some((20_000, 40_000))][next(3)],
            );
            if next(12) == 0 {
                made.modality = Modality::Planned;
            }
            // Claims and sources that scoring weighs, so that vetoes and
            // preferences happen in both ways of reconciling.
            made.claims = [
                &[][..],
                &["pensions"][..],
                &["release the prisoners"][..],
                &["пенсии"][..],
            ][next(4)]
            .iter()
            .map(|claim| TextValue {
                text: (*claim).into(),
                span: [0, 1],
            })
            .collect();
            if next(3) == 0 {
                made.sources.push(SourceRef {
                    name: ["OVD-Info", "Reuters"][next(2)].into(),
                    source_type: SourceType::Organisation,
                    description: None,
                    span: None,
                    via: None,
                });
            }
            made
        })
        .collect();
    for made in &mut reports {
        if made.kind == Kind::Arrest && next(2) == 0 {
            made.response_to = Some(format!("r-{:03}", next(300)));
        }
    }
    let copies = BTreeMap::from([("a-7".to_string(), "a-3".to_string())]);
    let in_memory = reconcile(&reports, &copies);
    let keyed: Vec<(usize, ClusterKey)> = reports
        .iter()
        .enumerate()
        .filter_map(|(idx, report)| ClusterKey::of(report).map(|key| (idx, key)))
        .collect();
    let keys: Vec<ClusterKey> = keyed.iter().map(|(_, key)| key.clone()).collect();
    let by_keys = reconcile_with(&keys, &copies, |members| {
        Ok::<_, ()>(
            members
                .iter()
                .map(|&key_idx| reports[keyed[key_idx].0].clone())
                .collect(),
        )
    })
    .unwrap();
    assert!(in_memory.iter().any(|event| !event.response_to.is_empty()));
    assert!(in_memory.iter().any(|event| event.reports.len() > 2));
    assert_eq!(by_keys, in_memory);
    // Shuffled, the same events with the same ids.
    let mut shuffled = reports.clone();
    for idx in (1..shuffled.len()).rev() {
        shuffled.swap(idx, next(idx + 1));
    }
    assert_eq!(reconcile(&shuffled, &copies), in_memory);
}

/// A report of one protest for the scoring tests: Moscow, 7 November 2023,
/// with a crowd, claims and cited sources.
fn scored_report(
    id: &str,
    article: &str,
    size: (u64, u64),
    claims: &[&str],
    sources: &[&str],
) -> Report {
    let mut report = report(
        id,
        article,
        "Wire",
        Kind::Protest,
        Some(("Moscow", 524901)),
        Some(("2023-11-07", "2023-11-07")),
        Some(size),
    );
    report.claims = claims
        .iter()
        .map(|claim| TextValue {
            text: (*claim).into(),
            span: [0, 1],
        })
        .collect();
    report.sources = sources
        .iter()
        .map(|name| SourceRef {
            name: (*name).into(),
            source_type: SourceType::Organisation,
            description: None,
            span: None,
            via: None,
        })
        .collect();
    report
}

#[test]
fn scoring_vetoes_and_prefers_within_a_block() {
    // (what the two reports are, their reports, how many events)
    let cases: Vec<(&str, Vec<Report>, usize)> = vec![
        (
            "a picket of two dozen and a rally of 40,000, different demands: two",
            vec![
                scored_report("r1", "a1", (20, 30), &["heating for pensioners"], &[]),
                scored_report("r2", "a2", (40_000, 80_000), &["release Navalny"], &[]),
            ],
            2,
        ),
        (
            "the same, but both cite OVD-Info: one",
            vec![
                scored_report(
                    "r1",
                    "a1",
                    (20, 30),
                    &["heating for pensioners"],
                    &["OVD-Info"],
                ),
                scored_report(
                    "r2",
                    "a2",
                    (40_000, 80_000),
                    &["release Navalny"],
                    &["OVD-Info"],
                ),
            ],
            1,
        ),
        (
            "police's 4,000 and Reuters' 40,000 of one crowd, one demand: one",
            vec![
                scored_report("r1", "a1", (3_200, 4_800), &["release Navalny"], &[]),
                scored_report("r2", "a2", (40_000, 80_000), &["Navalny's release"], &[]),
            ],
            1,
        ),
        (
            "sizes far apart but no claims to compare: one",
            vec![
                scored_report("r1", "a1", (20, 30), &[], &[]),
                scored_report("r2", "a2", (40_000, 80_000), &[], &[]),
            ],
            1,
        ),
        (
            "another language (no shared words), compatible sizes: one",
            vec![
                scored_report("r1", "a1", (20, 30), &["bring the men home"], &[]),
                scored_report("r2", "a2", (20, 30), &["вернуть мужей"], &[]),
            ],
            1,
        ),
        (
            "another script, sizes far apart (one misread): still one",
            vec![
                scored_report(
                    "r1",
                    "a1",
                    (80_000, 80_000),
                    &["against the pension reform"],
                    &[],
                ),
                scored_report(
                    "r2",
                    "a2",
                    (1_120_000, 1_120_000),
                    &["відкликати реформу"],
                    &[],
                ),
            ],
            1,
        ),
    ];
    for (what, mut reports, n_events) in cases {
        let events = reconcile(&reports, &BTreeMap::new());
        assert_eq!(events.len(), n_events, "{what}");
        // Event ids do not depend on the order reports come in.
        reports.reverse();
        assert_eq!(reconcile(&reports, &BTreeMap::new()), events, "{what}");
    }
}

#[test]
fn a_report_joins_the_cluster_that_shares_its_source() {
    // One article reports two pickets in Moscow that day (never one event);
    // a second article's report could join either and cites the source of
    // the second: it joins the second, not the first made.
    let reports = vec![
        scored_report("r1", "a1", (20, 30), &[], &["Kommersant"]),
        scored_report("r2", "a1", (20, 30), &[], &["The Insider"]),
        scored_report("r3", "a2", (20, 30), &[], &["The Insider"]),
    ];
    let events = reconcile(&reports, &BTreeMap::new());
    let joined = events
        .iter()
        .find(|event| event.reports.len() == 2)
        .expect("r3 joins one of them");
    assert_eq!(joined.reports, ["r2", "r3"]);
}

#[test]
fn traits_survive_their_text_form() {
    let cases = [
        ClusterTraits::default(),
        ClusterTraits {
            actor_group: Some(ActorGroup::SoldiersRelatives),
            count: Some((20, 30)),
            claims: u64::MAX,
            sources: 1 << 63,
            day: true,
        },
        ClusterTraits::of(&scored_report(
            "r1",
            "a1",
            (3_200, 4_800),
            &["release Navalny"],
            &["OVD-Info"],
        )),
    ];
    for traits in cases {
        assert_eq!(
            ClusterTraits::decode(&traits.encode()),
            Some(traits),
            "{traits:?}"
        );
    }
    for bad in [
        "",
        "police|1-2|0|0",
        "nobody||0|0|0",
        "|x-2|0|0|0",
        "||0|0|2",
        "||0|0|0|0",
    ] {
        assert_eq!(ClusterTraits::decode(bad), None, "{bad:?}");
    }
}
