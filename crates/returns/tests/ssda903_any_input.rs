//! Whatever bytes an SSDA903 file holds, the reader gives a return or an
//! error naming the file, never a panic; and whatever a cell holds, a
//! return written and read back is the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_returns::CollectionYear;
use hearth_returns::ssda903::{Table, files, read_files};
use proptest::prelude::*;

fn any_table() -> impl Strategy<Value = Table> {
    (0..Table::ALL.len()).prop_map(|i| Table::ALL[i])
}

fn any_year() -> impl Strategy<Value = CollectionYear> {
    prop_oneof![
        Just(CollectionYear::Y2025_26),
        Just(CollectionYear::Y2026_27)
    ]
}

proptest! {
    #[test]
    fn any_bytes_are_read_or_refused_by_name(
        table in any_table(),
        year in any_year(),
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        match read_files([(table, bytes.as_slice())], year) {
            Ok(_) => {}
            Err(e) => prop_assert_eq!(e.file, table.file_name()),
        }
    }

    #[test]
    fn rows_of_any_text_survive_a_write_and_a_read(
        table in any_table(),
        year in any_year(),
        rows in proptest::collection::vec(
            proptest::collection::vec("[ -~]{0,6}|[0-9]{2}/[0-9]{2}/20[0-9]{2}|\"|,|\r\n", 13),
            0..6,
        ),
    ) {
        let columns = table.columns();
        let mut text = columns.join(",");
        text.push('\n');
        let mut csv = String::new();
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .take(columns.len())
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        text.push_str(&csv);
        let first = read_files([(table, text.as_bytes())], year).unwrap();
        let written = files(&first);
        let again = read_files(written.iter().map(|(t, s)| (*t, s.as_bytes())), year).unwrap();
        // The lines differ only where a cell spans lines; the values are
        // the same.
        prop_assert_eq!(first.rows(table), again.rows(table));
        prop_assert_eq!(first.cells(table), again.cells(table));
    }
}
