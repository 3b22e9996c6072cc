//! The CIN census reader, then every rule of both years on whatever it
//! reads: any bytes give a census or an error, never a panic.
#![no_main]

use hearth_returns::CollectionYear;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = hearth_returns::cin::read_bytes("fuzz.xml", data) {
        for year in CollectionYear::ALL {
            let _ = hearth_returns::cin::validate(&file, year);
        }
    }
});
