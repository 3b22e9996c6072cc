//! Ofsted's list of providers as a workbook: the workbook reader, then the
//! list's reader on whatever sheets it finds. A malformed zip, a sheet
//! without the columns, a date that is not one: an error, never a panic.
#![no_main]

use hearth_returns::ssda903::rules::ProviderTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sheets) = hearth_xlsx::read(data) {
        let _ = ProviderTable::from_workbook(&sheets);
    }
});
