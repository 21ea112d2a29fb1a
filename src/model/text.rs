//! Text folding for search and answer matching: case, punctuation, Cyrillic letters and the
//! spelling variants of transliterated names ("Nazarbayev"/"Nazarbaev"/"Назарбаев",
//! "Majilis"/"Mazhilis"/"Мажилис") all compare equal once folded.

/// The Latin spelling of one Cyrillic letter (Russian and Kazakh alphabets), lower case.
fn cyrillic_to_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ғ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "i",
        'і' => "i",
        'к' => "k",
        'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "n",
        'о' => "o",
        'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ұ' => "u",
        'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Lower case, Latin letters and digits only, words separated by one space: the form in which
/// "Head of the Presidential Administration" and "head of the presidential-administration" agree.
///
/// The text is first put in Unicode normal form NFKC (ligatures, full-width digits, composed accents);
/// Cyrillic is transliterated letter by letter (Russian and Kazakh alphabets); the Kazakh Latin alphabet
/// of 2021 reads as it sounds (Ş is "sh", Ç is "ch"); every other accented or foreign letter is folded to
/// ASCII by `deunicode` (Ä → a, Ğ → g, Ñ → n, İ → i, é → e).
pub fn simplify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let push = |out: &mut String, piece: &str, space: &mut bool| {
        if piece.is_empty() {
            return;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(piece);
    };
    let mut buf = [0u8; 4];
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            push(&mut out, c.encode_utf8(&mut buf), &mut space);
        } else if let Some(l) = cyrillic_to_latin(c) {
            push(&mut out, l, &mut space);
        } else if c == 'ş' {
            push(&mut out, "sh", &mut space);
        } else if c == 'ç' {
            push(&mut out, "ch", &mut space);
        } else if c == '\'' || c == '’' || c == 'ʼ' {
            // "Prime Minister's" and "Prime Ministers" are the same word.
        } else if c.is_alphanumeric() {
            match deunicode::deunicode_char(c) {
                Some(ascii) if !ascii.is_empty() && ascii.chars().all(|a| a.is_ascii_alphanumeric()) => {
                    push(&mut out, &ascii.to_ascii_lowercase(), &mut space)
                }
                // A letter with no plain ASCII form stays as it is.
                _ => push(&mut out, c.encode_utf8(&mut buf), &mut space),
            }
        } else {
            space = true;
        }
    }
    out
}

/// A count as people read it: digits grouped by three from 10,000 up ("9999", "10,000", "400,636").
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// [`simplify`], then the spellings that transliterations of the same name differ by made one:
/// `zh`/`j`, `kh`/`h`, `y`/`i` and `ye`/`e`, `yu`/`u`, `ya`/`a`, doubled letters.
pub fn fold(text: &str) -> String {
    fold_simplified(&simplify(text))
}

/// [`fold`] of a text already through [`simplify`]. Folding what it gives changes nothing.
pub fn fold_simplified(simple: &str) -> String {
    let mut out = fold_once(simple);
    // A pass can make a pair that it folds ("qh" gives "kh", "zqh" gives "zh"): fold until none is left.
    // Each pass makes the text shorter, so this ends.
    while out.contains("kh") || out.contains("zh") {
        out = fold_once(&out);
    }
    out
}

fn fold_once(simple: &str) -> String {
    let mut out = String::with_capacity(simple.len());
    let mut rest = simple;
    while let Some(c) = rest.chars().next() {
        let (piece, used) = if rest.starts_with("dzh") {
            ('j', 3)
        } else if rest.starts_with("zh") {
            ('j', 2)
        } else if rest.starts_with("kh") {
            ('h', 2)
        } else if rest.starts_with("ye") || rest.starts_with("yu") || rest.starts_with("ya") {
            // Nazarbayev/Nazarbaev, Yerlan/Erlan: a y before a vowel is a spelling choice.
            rest = &rest[1..];
            continue;
        } else if c == 'y' {
            ('i', 1)
        } else if c == 'q' {
            // Kazakh Latin Q is the Cyrillic Қ, which reads as k.
            ('k', 1)
        } else {
            (c, c.len_utf8())
        };
        // Doubled letters (Kassymov/Kasymov) count once.
        if !(piece.is_alphabetic() && out.ends_with(piece)) {
            out.push(piece);
        }
        rest = &rest[used..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_three_from_ten_thousand() {
        assert_eq!(count(0), "0");
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(400_636), "400,636");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn spelling_variants_of_the_same_name_fold_alike() {
        assert_eq!(fold("Nazarbayev"), fold("Nazarbaev"));
        assert_eq!(fold("Nazarbayev"), fold("Назарбаев"));
        assert_eq!(fold("Majilis"), fold("Mazhilis"));
        assert_eq!(fold("Majilis"), fold("Мажилис"));
        assert_eq!(fold("Mäjilis"), fold("majilis"));
        assert_eq!(fold("Akim"), fold("Әкім"));
        assert_eq!(fold("Мәжіліс"), fold("Mäjilis"));
        assert_eq!(fold("Qazaqstan"), fold("Қазақстан"));
        assert_eq!(simplify("Şaĝyn Ñ İ"), "shagyn n i");
    }

    #[test]
    fn compatibility_forms_read_as_their_plain_letters() {
        // A ligature, full-width digits, a decomposed accent.
        assert_eq!(simplify("ﬁnal １０７ cafe\u{301}"), "final 107 cafe");
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_matter() {
        assert_eq!(simplify("  Head of the  Presidential-Administration! "), "head of the presidential administration");
        assert_eq!(simplify("Prime Minister's Office"), "prime ministers office");
    }

    #[test]
    fn folding_twice_changes_nothing() {
        // Found by the property test: "QH" folded to "kh", which folds again to "h".
        for text in ["QH", "qh", "zqh", "dzqh", "Qhan", "kqh"] {
            let once = fold(text);
            assert_eq!(fold(&once), once, "{text}");
        }
        assert_eq!(fold("QH"), "h");
    }

    #[test]
    fn different_words_stay_different() {
        assert_ne!(fold("Senate"), fold("Majilis"));
        assert_ne!(fold("akim"), fold("akimat"));
    }
}
