//! The SSDA903 reader, then every rule of the year on whatever it reads:
//! the input is cut at each 0xFF byte into the year's files in order
//! (header, episodes, ...), so one input can make any of them malformed.
#![no_main]

use hearth_returns::CollectionYear;
use hearth_returns::ssda903::rules::{Return903, validate};
use hearth_returns::ssda903::{Table, read_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let year = if data.first().is_some_and(|b| b & 1 == 1) {
        CollectionYear::Y2026_27
    } else {
        CollectionYear::Y2025_26
    };
    let files: Vec<(Table, &[u8])> = Table::in_year(year)
        .zip(data.get(1..).unwrap_or_default().split(|b| *b == 0xFF))
        .collect();
    if let Ok(ret) = read_files(files, year) {
        let _ = validate(&Return903::new(&ret));
    }
});
