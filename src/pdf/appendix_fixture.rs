// The night-by-night appendix the PDF engine's tests lay out and `benches/pdf_appendix.rs`
// times: dates, counts, long notes, a word longer than a line, emoji and right-to-left text.
// Included by both (`include!`), so the fixture is written once and stays out of the library.
// The includer brings `Block` into scope.

/// A word longer than any column.
const LONG_WORD: &str = "Gastrocnemiusxsoleusxcrampxwithxnoxspaces";

/// `n` appendix rows.
fn appendix_rows(n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            let note = match i % 7 {
                0 => "Woke at 03:10 with a hard cramp in the left calf; stretched, walked to the kitchen, eased after about five minutes. Sore next morning.".to_string(),
                3 => format!("{}{}", LONG_WORD.repeat(4), i),
                5 => "Cramp after a long shift standing (9 h). Took magnesium. 🦵😣 — שלום".to_string(),
                _ => String::new(),
            };
            vec![
                format!("2025-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28),
                (i % 3).to_string(),
                if i % 3 == 0 { "—".into() } else { format!("{} min", 2 + i % 9) },
                if i % 3 == 0 { "—".into() } else { format!("{}/10", 3 + i % 6) },
                note,
            ]
        })
        .collect()
}

/// The appendix table of `n` rows.
fn appendix(n: usize) -> Block {
    Block::Table {
        headers: ["Night", "Cramps", "Longest", "Worst pain", "Notes"]
            .map(String::from)
            .to_vec(),
        rows: appendix_rows(n),
        widths: vec![0.14, 0.1, 0.12, 0.12, 0.52],
        align_right: vec![false, true, true, true, false],
    }
}
