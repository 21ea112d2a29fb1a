//! The typed-answer checker: a table of right, almost and wrong answers, each row named by what it shows.

use kz_civics::model::quiz::answer::{DiffSpan, Leniency, Verdict, check, diff, same_answer};

use Verdict::{Almost, Right, Wrong};

struct Case {
    shows: &'static str,
    given: &'static str,
    back: &'static str,
    accept: &'static [&'static str],
    others: &'static [&'static str],
    expected: Verdict,
}

const fn case(shows: &'static str, given: &'static str, back: &'static str, expected: Verdict) -> Case {
    Case { shows, given, back, accept: &[], others: &[], expected }
}

const CASES: &[Case] = &[
    // Case, punctuation, spacing, articles, parentheses.
    case("case does not matter", "the president", "The President", Right),
    case("a leading article may be left out", "President", "The President", Right),
    case("a leading article may be added", "the Senate", "Senate", Right),
    case("an indefinite article may be left out", "presidential system", "A presidential system", Right),
    case(
        "punctuation does not matter",
        "Head of the Presidential-Administration!",
        "Head of the Presidential Administration",
        Right,
    ),
    case("extra spaces do not matter", "  Security   Council ", "Security Council", Right),
    case(
        "a parenthesised part may be left out",
        "Commonwealth of Independent States",
        "The Commonwealth of Independent States (CIS)",
        Right,
    ),
    case("a parenthesised aside in the typed text is ignored", "Karim Massimov (PM)", "Karim Massimov", Right),
    case("an answer all in parentheses keeps its content", "CIS", "(CIS)", Right),
    case("an unclosed bracket drops nothing after it", "Sector [A", "Sector [A", Right),
    case("the words after an unclosed bracket still count", "Sector", "Sector [A", Wrong),
    case("an apostrophe does not matter", "Prime Ministers Office", "Prime Minister's Office", Right),
    case(
        "the article inside a name still counts",
        "Head Presidential Administration",
        "Head of the Presidential Administration",
        Wrong,
    ),
    // Transliteration and scripts.
    case("Nazarbaev is Nazarbayev", "Nazarbaev", "Nursultan Nazarbayev", Wrong),
    case("Nazarbaev with the first name is Nazarbayev", "Nursultan Nazarbaev", "Nursultan Nazarbayev", Right),
    case("Cyrillic Назарбаев is Nazarbayev", "Назарбаев", "Nazarbayev", Right),
    case("Mazhilis is Majilis", "Mazhilis", "Majilis", Right),
    case("Kazakh Cyrillic Мәжіліс is Majilis", "Мәжіліс", "Majilis", Right),
    case("Russian Cyrillic Мажилис is Majilis", "Мажилис", "the Majilis", Right),
    case("Kazakh Latin 2021 Mäjilis is Majilis", "Mäjilis", "Majilis", Right),
    case("Kazakh Latin Ş reads sh", "Şymkent", "Shymkent", Right),
    case("Kazakh Latin Q reads k", "Qazaqstan", "Қазақстан", Right),
    case("Kazakh Latin Ğ Ñ Ö Ū Ü İ fold", "Ğ Ñ Ö Ū Ü İ", "g n o u u i", Right),
    case("doubled letters count once", "Kasymov", "Kassymov", Right),
    case("kh and h agree", "Akhmetov", "Ahmetov", Right),
    case("dzh and j agree", "Jaksybekov", "Dzhaksybekov", Right),
    case("accents fold", "Élysée", "Elysee", Right),
    case("full-width digits are digits", "１０７", "107", Right),
    case("a ligature is its letters", "ﬁnance ministry", "Finance Ministry", Right),
    // Numbers.
    case("a number in words", "one hundred and seven", "107", Right),
    case("a number in words without and", "forty seven", "47", Right),
    case("a hyphenated number in words", "forty-seven", "47", Right),
    case("a hundred", "a hundred", "100", Right),
    case("words to digits inside a phrase", "seven members", "7 members", Right),
    case("an ordinal word", "fifth", "5th", Right),
    case("a thousands separator", "1,000", "1000", Right),
    case("a percent sign is percent", "38.1 percent", "38.1%", Right),
    case("per cent is percent", "7 per cent", "7%", Right),
    case("a decimal stays one number", "38.1", "38.1%", Wrong),
    case("a different decimal is wrong", "38.2%", "38.1%", Wrong),
    case("a nearby number is wrong, not almost", "106", "107", Wrong),
    case("a number one digit off is wrong", "17", "107", Wrong),
    // Dates.
    case("day month year in another order", "April 29, 1995", "29 April 1995", Right),
    case("a dotted date", "29.04.1995", "29 April 1995", Right),
    case("an ISO date", "1995-04-29", "29 April 1995", Right),
    case("an abbreviated month", "29 Apr 1995", "29 April 1995", Right),
    case("an ordinal day", "29th April 1995", "29 April 1995", Right),
    case("a bare year is not a month and year", "1995", "August 1995", Wrong),
    case("a bare year is not a full date", "1995", "29 April 1995", Wrong),
    case("month and year is not a full date", "April 1995", "29 April 1995", Wrong),
    case("a fuller date than asked is right", "29 April 1995", "April 1995", Right),
    case("the wrong month is wrong", "August 1995", "April 1995", Wrong),
    case("the wrong day is wrong", "30 April 1995", "29 April 1995", Wrong),
    case("month and year as numbers", "1995-08", "August 1995", Right),
    case("a year with in", "in 1936", "1936", Wrong),
    case("a year is right for a year", "1936", "1936", Right),
    case("a date is never almost", "29 Aprl 1995", "29 April 1995", Wrong),
    // Slips.
    case("one slip in a long word is almost", "Presidnet", "President", Almost),
    case("a swap of two letters is one slip", "Prseident", "President", Almost),
    case("two slips in a word of ten or more are almost", "Tasmgambetv", "Tasmagambetov", Almost),
    case("two slips in a short word are wrong", "Prsdent", "President", Wrong),
    case("a slip in a four-letter word is wrong", "Akin", "Akim", Wrong),
    case("a slip in a five-letter word is almost", "Senat", "Senate", Almost),
    case("a slip in a three-letter word is wrong", "CSI", "CIS", Wrong),
    case("a slip in each word is almost", "Karim Masimof", "Karim Massimov", Almost),
    case("a missing word is wrong", "Karim", "Karim Massimov", Wrong),
    case("a different word is wrong", "Senate", "Majilis", Wrong),
    case("an empty answer is wrong", "   ", "President", Wrong),
    case("punctuation only is wrong", "?!", "President", Wrong),
];

#[test]
fn the_table_of_answers_is_judged_as_a_teacher_would() {
    let mut failures = Vec::new();
    for c in CASES {
        let accept: Vec<String> = c.accept.iter().map(|s| (*s).to_owned()).collect();
        let others: Vec<String> = c.others.iter().map(|s| (*s).to_owned()).collect();
        let got = check(c.given, c.back, &accept, &others, Leniency::Forgiving).verdict;
        if got != c.expected {
            failures
                .push(format!("{}: {:?} for {:?} gave {got:?}, expected {:?}", c.shows, c.given, c.back, c.expected));
        }
    }
    assert!(CASES.len() >= 60, "the table has {} rows", CASES.len());
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_accepted_answer_of_the_card_is_tried() {
    let accept = strings(&["Massimov", "Masimov"]);
    for given in ["Karim Massimov", "massimov", "Masimov", "Масимов"] {
        assert_eq!(check(given, "Karim Massimov", &accept, &[], Leniency::Forgiving).verdict, Right, "{given}");
    }
}

#[test]
fn an_accepted_bare_year_does_not_pass_a_card_that_asks_for_the_month() {
    // Written in the deck, but less precise than the card's own answer.
    let accept = strings(&["1995", "Aug 1995"]);
    assert_eq!(check("1995", "August 1995", &accept, &[], Leniency::Forgiving).verdict, Wrong);
    assert_eq!(check("Aug 1995", "August 1995", &accept, &[], Leniency::Forgiving).verdict, Right);
}

#[test]
fn a_slip_that_is_as_close_to_another_option_is_wrong() {
    // "Karix" is one edit from both "Karin" and "Karim"; it may be the other answer misspelt.
    assert_eq!(check("Karix", "Karin", &[], &[], Leniency::Forgiving).verdict, Almost);
    assert_eq!(check("Karix", "Karin", &[], &strings(&["Karim"]), Leniency::Forgiving).verdict, Wrong);
    // A rival further away does not matter.
    assert_eq!(check("Karix", "Karin", &[], &strings(&["Kasymov"]), Leniency::Forgiving).verdict, Almost);
}

#[test]
fn typing_another_cards_answer_exactly_is_wrong_even_when_it_is_one_letter_away() {
    let others = strings(&["Musin"]);
    assert_eq!(check("Musin", "Muzin", &[], &others, Leniency::Forgiving).verdict, Wrong);
    assert_eq!(check("Kin", "Kim", &[], &[], Leniency::Forgiving).verdict, Wrong, "a short word has no slips");
}

#[test]
fn exact_leniency_counts_a_slip_as_wrong() {
    assert_eq!(check("Presidnet", "President", &[], &[], Leniency::Exact).verdict, Wrong);
    assert_eq!(check("the president", "President", &[], &[], Leniency::Exact).verdict, Right);
}

#[test]
fn an_almost_answer_names_the_answer_it_nearly_was_and_shows_the_difference() {
    let c = check("Presidnet", "The President", &[], &[], Leniency::Forgiving);
    assert_eq!(c.verdict, Almost);
    assert_eq!(c.matched.as_deref(), Some("The President"));
    let missing: String =
        c.diff.iter().filter_map(|s| if let DiffSpan::Missing(t) = s { Some(t.as_str()) } else { None }).collect();
    assert!(missing.contains("The "), "{:?}", c.diff);
}

#[test]
fn the_diff_marks_missing_and_extra_letters() {
    assert_eq!(
        diff("Nazarbaev", "Nazarbayev"),
        vec![DiffSpan::Same("Nazarba".into()), DiffSpan::Missing("y".into()), DiffSpan::Same("ev".into())]
    );
    assert_eq!(
        diff("Senatte", "Senate"),
        vec![DiffSpan::Same("Senat".into()), DiffSpan::Extra("t".into()), DiffSpan::Same("e".into())]
    );
}

#[test]
fn same_answer_is_symmetric_and_ignores_only_what_does_not_matter() {
    assert!(same_answer("The Majilis", "Mazhilis"));
    assert!(same_answer("Mazhilis", "The Majilis"));
    assert!(!same_answer("April 1995", "29 April 1995"));
    assert!(!same_answer("29 April 1995", "April 1995"));
    assert!(!same_answer("", ""));
}
