//! The bundled content: the chart and decks in `data/` are complete, sourced and consistent with the
//! seed documents they are drawn from. These tests read the data through the library's own API.

use std::collections::{HashMap, HashSet};

use kz_civics::model::{Chart, Deck, Fact, Library, Unit};

/// The five seed documents every fact comes from, by file name.
const SEEDS: [&str; 5] = [
    "000_ffe67eddeb61a905.txt",
    "001_4e5591b641952c88.txt",
    "002_65f92b6d4491bc43.txt",
    "003_e63277adff68481f.txt",
    "004_12cae458ca49722a.txt",
];

fn library() -> Library {
    match Library::bundled() {
        Ok(lib) => lib,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("the bundled data does not load:\n{}", list.join("\n"))
        }
    }
}

fn decks(lib: &Library) -> Vec<&Deck> {
    lib.decks.iter().map(|d| &d.deck).collect()
}

fn unit<'a>(chart: &'a Chart, id: &str) -> &'a Unit {
    chart.unit(id).unwrap_or_else(|| panic!("unit `{id}` is missing"))
}

/// The values of the non-proposal facts with `key` in force in `year`.
fn values_in(unit: &Unit, key: &str, year: i32) -> Vec<String> {
    unit.facts_in(year).into_iter().filter(|f| f.key == key).map(|f| f.value.clone()).collect()
}

/// Whether `values` has one that starts with `prefix` (fact values may explain themselves after it).
fn has_value(values: &[String], prefix: &str) -> bool {
    values.iter().any(|v| v.strip_prefix(prefix).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit())))
}

fn holder_names_in(unit: &Unit, year: i32) -> Vec<&str> {
    unit.holders_in(year).into_iter().map(|h| h.name.as_str()).collect()
}

/// Every source list in the chart, with a description of where it is.
fn chart_source_lists(chart: &Chart) -> Vec<(String, &[String])> {
    let mut out: Vec<(String, &[String])> = Vec::new();
    for u in &chart.units {
        out.push((format!("unit {}", u.id), &u.sources));
        for s in &u.functions {
            out.push((format!("unit {} function {:?}", u.id, s.text), &s.sources));
        }
        for h in &u.holders {
            out.push((format!("unit {} holder {}", u.id, h.name), &h.sources));
        }
        for f in &u.facts {
            out.push((format!("unit {} fact {}={}", u.id, f.key, f.value), &f.sources));
        }
    }
    for r in &chart.relations {
        out.push((format!("relation {:?} {} -> {}", r.kind, r.from, r.to), &r.sources));
    }
    for e in &chart.events {
        out.push((format!("event {}", e.id), &e.sources));
    }
    out
}

/// A question reduced to its words, so that punctuation and case do not hide a repeat.
fn normalised(question: &str) -> String {
    question
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn bundled_data_loads_and_validates() {
    let lib = library();
    assert!(!lib.chart.units.is_empty());
    assert!(!lib.decks.is_empty());
}

#[test]
fn bundled_data_meets_the_size_targets() {
    let lib = library();
    let cards: usize = lib.decks.iter().map(|d| d.deck.cards.len()).sum();
    assert!(lib.chart.units.len() >= 60, "{} units, want at least 60", lib.chart.units.len());
    assert!(lib.decks.len() >= 8, "{} decks, want at least 8", lib.decks.len());
    assert!(cards >= 300, "{cards} cards, want at least 300");
    assert!(lib.chart.relations.len() >= 60, "{} relations", lib.chart.relations.len());
    assert!(lib.chart.events.len() >= 40, "{} events", lib.chart.events.len());
}

#[test]
fn every_unit_and_card_cites_an_existing_source() {
    let lib = library();
    let known: HashSet<&str> = lib.chart.sources.iter().map(|s| s.id.as_str()).collect();
    for (what, sources) in chart_source_lists(&lib.chart) {
        assert!(!sources.is_empty(), "{what} cites no source");
        for s in sources {
            assert!(known.contains(s.as_str()), "{what} cites unknown source `{s}`");
        }
    }
    for deck in decks(&lib) {
        let mut deck_known = known.clone();
        deck_known.extend(deck.sources.iter().map(|s| s.id.as_str()));
        for card in &deck.cards {
            assert!(!card.sources.is_empty(), "card {}/{} cites no source", deck.id, card.id);
            for s in &card.sources {
                assert!(deck_known.contains(s.as_str()), "card {}/{} cites unknown source `{s}`", deck.id, card.id);
            }
        }
    }
}

#[test]
fn every_seed_document_is_cited() {
    let lib = library();
    let files: HashMap<&str, &str> = lib.chart.sources.iter().map(|s| (s.file.as_str(), s.id.as_str())).collect();
    let chart_cited: HashSet<&str> =
        chart_source_lists(&lib.chart).into_iter().flat_map(|(_, s)| s.iter().map(String::as_str)).collect();
    let card_cited: HashSet<&str> = decks(&lib)
        .into_iter()
        .flat_map(|d| d.cards.iter())
        .flat_map(|c| c.sources.iter().map(String::as_str))
        .collect();
    for seed in SEEDS {
        let id = files.get(seed).unwrap_or_else(|| panic!("no chart source names the seed {seed}"));
        assert!(chart_cited.contains(id), "the chart never cites {id} ({seed})");
        assert!(card_cited.contains(id), "no card cites {id} ({seed})");
    }
    // The seed directory itself, where it is present beside the repository: no seed is left out.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                assert!(files.contains_key(name.as_str()), "seed {name} has no chart source");
            }
        }
    }
}

#[test]
fn every_linked_unit_exists() {
    let lib = library();
    let chart = &lib.chart;
    for u in &chart.units {
        if let Some(p) = &u.parent {
            assert!(chart.unit(p).is_some(), "unit {} has unknown parent {p}", u.id);
        }
    }
    for r in &chart.relations {
        assert!(chart.unit(&r.from).is_some(), "relation from unknown unit {}", r.from);
        assert!(chart.unit(&r.to).is_some(), "relation to unknown unit {}", r.to);
    }
    for e in &chart.events {
        for u in &e.units {
            assert!(chart.unit(u).is_some(), "event {} names unknown unit {u}", e.id);
        }
    }
    for deck in decks(&lib) {
        for card in &deck.cards {
            if let Some(u) = &card.unit {
                assert!(chart.unit(u).is_some(), "card {}/{} links unknown unit {u}", deck.id, card.id);
            }
        }
    }
}

#[test]
fn no_two_cards_in_a_deck_ask_the_same_question() {
    let lib = library();
    for deck in decks(&lib) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for card in &deck.cards {
            if let Some(first) = seen.insert(normalised(&card.front), &card.id) {
                panic!("deck {}: cards {first} and {} ask the same question: {:?}", deck.id, card.id, card.front);
            }
        }
    }
}

#[test]
fn card_ids_are_unique_across_the_bundled_decks_within_each_deck() {
    let lib = library();
    let mut deck_ids = HashSet::new();
    for deck in decks(&lib) {
        assert!(deck_ids.insert(deck.id.as_str()), "deck id {} is used twice", deck.id);
        let mut ids = HashSet::new();
        for card in &deck.cards {
            assert!(ids.insert(card.id.as_str()), "deck {}: card id {} is used twice", deck.id, card.id);
            assert!(
                card.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "deck {}: card id {:?} is not lowercase words joined by -",
                deck.id,
                card.id
            );
        }
    }
}

#[test]
fn answers_are_short_not_essays() {
    let lib = library();
    for deck in decks(&lib) {
        for card in &deck.cards {
            assert!(card.back.chars().count() <= 140, "deck {}: card {} has an essay for an answer", deck.id, card.id);
            assert!(card.front.trim_end().ends_with('?'), "deck {}: card {} does not ask a question", deck.id, card.id);
        }
    }
}

#[test]
fn chamber_sizes_are_present_for_each_period() {
    let lib = library();
    let senate = unit(&lib.chart, "senate");
    let majilis = unit(&lib.chart, "majilis");
    // 1995 Constitution.
    assert!(has_value(&values_in(senate, "seats", 1995), "47"), "Senate 1995: {:?}", values_in(senate, "seats", 1995));
    assert!(
        has_value(&values_in(majilis, "seats", 1995), "67"),
        "Majilis 1995: {:?}",
        values_in(majilis, "seats", 1995)
    );
    // Before the 2007 reform.
    assert_eq!(values_in(senate, "seats", 2006), ["39"]);
    assert_eq!(values_in(majilis, "seats", 2006), ["77"]);
    // After the 2007 reform.
    assert_eq!(values_in(senate, "seats", 2008), ["47"]);
    let after = values_in(majilis, "seats", 2008);
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(has_value(&after, "107"), "{after:?}");
    // The reform year has both the old and the new sizes, each with its date.
    assert!(has_value(&values_in(senate, "seats", 2007), "39") && has_value(&values_in(senate, "seats", 2007), "47"));
    // Proposals never count as a size in force.
    for year in [2006, 2008, 2021] {
        for v in values_in(majilis, "seats", year).iter().chain(values_in(senate, "seats", year).iter()) {
            assert!(!v.starts_with("134") && !v.starts_with("219") && !v.starts_with("88"), "{year}: {v}");
        }
    }
}

#[test]
fn appointed_senators_and_majilis_allocation_change_with_the_2007_reform() {
    let lib = library();
    let senate = unit(&lib.chart, "senate");
    let majilis = unit(&lib.chart, "majilis");
    assert_eq!(values_in(senate, "appointed", 2006), ["7"]);
    assert_eq!(values_in(senate, "appointed", 2008), ["15"]);
    assert!(has_value(&values_in(majilis, "party-list-seats", 2008), "98"));
    assert!(has_value(&values_in(majilis, "party-list-seats", 2006), "10"));
    assert_eq!(values_in(majilis, "assembly-seats", 2008), ["9"]);
    assert!(values_in(majilis, "assembly-seats", 2006).is_empty());
    assert_eq!(values_in(majilis, "threshold", 2008), ["7%"]);
    assert_eq!(values_in(majilis, "term", 2007), ["5 years"]);
}

#[test]
fn term_lengths_follow_the_amendments() {
    let lib = library();
    let president = unit(&lib.chart, "president");
    let term = |year| values_in(president, "term", year);
    assert!(term(1996)[0].contains("until 2000"), "{:?}", term(1996));
    assert_eq!(term(2000), ["7 years"]);
    assert_eq!(term(2006), ["7 years"]);
    assert_eq!(term(2008), ["5 years"]);
    assert!(values_in(president, "term-limit", 2006).is_empty());
    assert!(values_in(president, "term-limit", 2008)[0].contains("first president"));
    let akims = unit(&lib.chart, "akims");
    assert_eq!(values_in(akims, "term", 2006), ["5 years"]);
    assert_eq!(values_in(akims, "term", 2008), ["4 years"]);
}

#[test]
fn head_of_administration_changes_between_2007_and_2009() {
    let lib = library();
    let head = unit(&lib.chart, "head-of-administration");
    assert_eq!(holder_names_in(head, 2007), ["Adilbek Dzhaksybekov"]);
    assert_eq!(holder_names_in(head, 2009), ["Aslan Musin"]);
    // In 2008 Kelimbetov handed over to Musin in October.
    let in_2008 = holder_names_in(head, 2008);
    assert!(in_2008.contains(&"Kairat Kelimbetov") && in_2008.contains(&"Aslan Musin"), "{in_2008:?}");
    // No holder is shown before any seed names one.
    assert!(holder_names_in(head, 2000).is_empty());
}

#[test]
fn security_council_secretary_and_state_secretary_change_with_the_sources() {
    let lib = library();
    let secretary = unit(&lib.chart, "security-council-secretary");
    assert_eq!(holder_names_in(secretary, 2007), ["Berik Imashev"]);
    assert_eq!(holder_names_in(secretary, 2008), ["Omarkhan Oksikbayev"]);
    assert_eq!(holder_names_in(secretary, 2009), ["Omarkhan Oksikbayev"]);
    let state = unit(&lib.chart, "state-secretary");
    assert_eq!(holder_names_in(state, 2006), ["Abdykarimov"]);
    assert_eq!(holder_names_in(state, 2007), ["Kanat Saudabayev"]);
    let pm = unit(&lib.chart, "prime-minister");
    assert_eq!(holder_names_in(pm, 2008), ["Karim Massimov"]);
    let president = unit(&lib.chart, "president");
    assert_eq!(holder_names_in(president, 1995), ["Nursultan Nazarbayev"]);
}

#[test]
fn proposals_are_marked_as_proposals() {
    let lib = library();
    let chart = &lib.chart;
    for u in &chart.units {
        assert_eq!(u.name.contains("(proposed)"), u.proposal, "unit {} and its proposal flag disagree", u.id);
        if u.proposal {
            assert!(!u.exists_in(2008) && !u.exists_in(2021), "proposed unit {} shown as existing", u.id);
        }
        for s in &u.functions {
            assert_eq!(s.text.starts_with("Proposed"), s.proposal, "unit {}: {:?}", u.id, s.text);
        }
        for f in &u.facts {
            if f.proposal {
                assert!(
                    !f.note.is_empty() || f.sources == ["ili-2021"],
                    "unit {}: proposal fact {} unexplained",
                    u.id,
                    f.key
                );
            }
        }
        for year in [1995, 2007, 2008, 2021] {
            assert!(u.facts_in(year).iter().all(|f: &&Fact| !f.proposal), "unit {}: a proposal is in force", u.id);
        }
    }
    for e in &chart.events {
        assert_eq!(
            e.kind == kz_civics::model::chart::EventKind::Proposal,
            e.proposal,
            "event {} kind and proposal flag disagree",
            e.id
        );
        if e.proposal {
            assert!(
                e.sources.iter().any(|s| s == "ili-2021"),
                "event {} is a proposal but not from the 2021 article",
                e.id
            );
        }
    }
    for r in &chart.relations {
        if r.proposal {
            assert!(
                r.note.contains("proposal"),
                "relation {:?} {} -> {} does not say it is a proposal",
                r.kind,
                r.from,
                r.to
            );
            assert!(!r.in_force(2021));
        }
    }
    // Cards about the 2021 proposals ask about them as proposals.
    for deck in decks(&lib).into_iter().filter(|d| d.id == "proposals-2021") {
        for card in &deck.cards {
            let front = card.front.to_lowercase();
            assert!(
                front.contains("propos") || front.contains("ili") || front.contains("draft") || front.contains("2021"),
                "card {} does not say it is about a proposal: {:?}",
                card.id,
                card.front
            );
        }
    }
}

#[test]
fn spelling_variants_are_accepted() {
    let lib = library();
    let pairs = [("Nazarbayev", "Nazarbaev"), ("Massimov", "Masimov"), ("Majilis", "Mazhilis")];
    for deck in decks(&lib) {
        for card in &deck.cards {
            for (a, b) in pairs {
                let mentions = |name: &str| card.answers().any(|ans| ans.contains(name));
                if mentions(a) {
                    assert!(mentions(b), "deck {}: card {} accepts {a} but not {b}", deck.id, card.id);
                }
            }
        }
    }
}

#[test]
fn every_unit_says_what_it_is() {
    let lib = library();
    for u in &lib.chart.units {
        assert!(
            !u.summary.is_empty() || !u.functions.is_empty() || !u.holders.is_empty() || !u.facts.is_empty(),
            "unit {} has nothing but a name",
            u.id
        );
    }
}

#[test]
fn events_span_1990_to_2021_in_order_of_the_sources() {
    let lib = library();
    let years: Vec<i32> = lib.chart.events.iter().map(|e| e.date.year).collect();
    assert_eq!(years.iter().min(), Some(&1990));
    assert_eq!(years.iter().max(), Some(&2021));
    for e in &lib.chart.events {
        assert!(!e.sources.is_empty(), "event {} has no source", e.id);
    }
}

/// A typed answer may be written as a numeral or a word, with or without "%", and a month as "1995-10":
/// a card whose answer is a small number, a percentage or a month accepts the other common forms.
#[test]
fn numbers_percentages_and_months_are_accepted_in_common_forms() {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let lib = library();
    for deck in decks(&lib) {
        for card in &deck.cards {
            let back = card.back.trim();
            let accepts = |s: &str| card.answers().any(|a| a.trim().eq_ignore_ascii_case(s));
            let where_ = format!("deck {}: card {} ({back:?})", deck.id, card.id);
            if let Ok(n) = back.parse::<u32>()
                && (1..1000).contains(&n)
            {
                assert!(
                    card.answers()
                        .any(|a| !a.is_empty() && a.chars().all(|c| c.is_alphabetic() || c == '-' || c == ' ')),
                    "{where_} accepts no number in words"
                );
            }
            if let Some(number) = back.strip_suffix('%')
                && number.parse::<f64>().is_ok()
            {
                assert!(accepts(number), "{where_} does not accept {number:?}");
            }
            if let Some((month, year)) = back.split_once(' ')
                && let Some(i) = MONTHS.iter().position(|m| *m == month)
                && year.len() == 4
                && year.parse::<i32>().is_ok()
            {
                let iso = format!("{year}-{:02}", i + 1);
                assert!(accepts(&iso), "{where_} does not accept {iso:?}");
                assert!(accepts(&format!("{} {year}", &month[..3])), "{where_} does not accept the short month");
            }
        }
    }
}

/// The figures a reader of the seeds is most likely to be asked about are each the answer of some card.
#[test]
fn the_seeds_key_figures_are_answers() {
    let lib = library();
    let answers: Vec<&str> = decks(&lib).into_iter().flat_map(|d| d.cards.iter()).flat_map(|c| c.answers()).collect();
    let figures = [
        "376", "74", "1327", "N254-III", "134", "219", "88", "154", "107", "47", "39", "67", "77", "98", "15", "9",
        "135", "42", "700", "20,000", "200", "44", "19", "79.78%", "91.1%", "98%", "88.1%", "4.6%", "3.3%", "1.6%",
        "1.3%", "0.8%", "56%", "7%", "10.6%", "US$5,083", "US$6,500", "US$6,000", "19.7", "66.7%", "61.9%", "38.1%",
        "30", "250", "35", "13", "10", "6",
    ];
    for figure in figures {
        assert!(answers.iter().any(|a| a.starts_with(figure)), "no card has the answer {figure}");
    }
}

/// Lists in the seeds are asked one item per card, so that every answer stays short and checkable.
#[test]
fn lists_are_split_one_item_per_card() {
    let lib = library();
    let lists: [(&str, &[&str]); 11] = [
        // Isaacs: the seven areas of discussion in the State Commission, each asked as the fact it is.
        (
            "reform-bodies",
            &[
                "state-commission-electoral-debate",
                "state-commission-134",
                "state-commission-area-3",
                "state-commission-area-4",
                "state-commission-area-5",
                "state-commission-akims",
                "state-commission-area-7",
            ],
        ),
        // The State Commission's three objectives (Abdykarimov, 2006).
        (
            "reform-bodies",
            &["state-commission-objective-1", "state-commission-objective-2", "state-commission-objective-3"],
        ),
        // What the State Commission's constitutional proposals were to strengthen (000).
        (
            "reform-bodies",
            &[
                "state-commission-prop-parliament",
                "state-commission-prop-judicial",
                "state-commission-prop-self-gov",
                "state-commission-prop-civil",
                "state-commission-prop-legal-base",
            ],
        ),
        // Why most of the opposition stayed away from the State Commission (004).
        (
            "reform-bodies",
            &["state-commission-composition", "state-commission-reason-trial", "state-commission-reason-status"],
        ),
        // Ak Zhol's three conditions for joining it (004, fn 25).
        ("reform-bodies", &["ak-zhol-condition-state", "ak-zhol-condition-chair", "ak-zhol-condition-osce"]),
        // The opposition's three reasons for staying out of the National Commission, and its four tasks (004).
        ("reform-bodies", &["nkvd-reason-chair", "nkvd-reason-status", "nkvd-reason-sense"]),
        (
            "reform-bodies",
            &["nkvd-task-analyse", "nkvd-task-framework", "nkvd-task-recommendations", "nkvd-task-coordinate"],
        ),
        // The opposition forces that stayed outside the PDS (004).
        (
            "reform-bodies",
            &["pds-outside-communist", "pds-outside-dck", "pds-outside-republican", "pds-outside-pokolenie"],
        ),
        // The ad hoc working group's six topics.
        (
            "reform-bodies",
            &[
                "working-group-topic-decentralisation",
                "working-group-topic-election",
                "working-group-topic-powers",
                "working-group-topic-parties",
                "working-group-topic-civil",
                "working-group-topic-corruption",
            ],
        ),
        // The Security Council's three key roles (000).
        (
            "functions",
            &["security-council-national-interests", "security-council-threats", "security-council-agree-ways"],
        ),
        // Heywood's five features of presidential government.
        (
            "viewpoints",
            &[
                "heywood-feature-elected",
                "heywood-head-of-government",
                "heywood-feature-authority",
                "heywood-feature-personnel",
                "heywood-dissolve",
            ],
        ),
    ];
    for (deck_id, ids) in lists {
        let deck = decks(&lib).into_iter().find(|d| d.id == deck_id).unwrap_or_else(|| panic!("no deck {deck_id}"));
        for id in ids {
            assert!(deck.card(id).is_some(), "deck {deck_id} has no card {id}");
        }
    }
}
