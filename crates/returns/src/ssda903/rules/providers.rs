//! Ofsted's list of registered children's social care providers: for each
//! unique reference number (URN), the placement types and provider codes
//! it may be used with, its postcode and the day its registration ended.
//! The SSDA903 rules 219, 221, 224, 227, 228, 229 and 1008 check each
//! episode's URN against it.
//!
//! Read from Ofsted's combined workbook of children's homes and social
//! care providers, in either of the forms the community SSDA903 validator
//! reads (`csc-validator-be-903`, `scpch_provider_info_table`):
//! - one sheet, with the columns `URN`, `Local authority`, `Placement
//!   code`, `Placement provider code`, `Deregistration date` and `Setting
//!   address postcode` (any case, any order, others ignored);
//! - two sheets: the first as above, the second Ofsted's supported
//!   accommodation providers (`URN`, `Provider local authority`, `Closed
//!   date`, `Setting address postcode`, and `Placement provider code` where
//!   given), each a placement type K3 with provider PR4 unless it says.
//!
//! Ofsted's two separate lists (children's homes; social care providers)
//! are not read: export the combined list instead.

use std::collections::HashMap;

use hearth_xlsx::{Cell, Sheet};
use jiff::civil::Date;

/// The columns of Ofsted's combined list that are read, headed as Ofsted
/// heads them (read in any case and order).
pub const HEADINGS: [&str; 6] = [
    "URN",
    "Local authority",
    "Placement code",
    "Placement provider code",
    "Deregistration date",
    "Setting address postcode",
];

/// The largest workbook read as a list.
pub const MAX_WORKBOOK_BYTES: u64 = hearth_xlsx::MAX_BYTES;

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Provider {
    /// Upper case, as written.
    pub urn: String,
    /// The SSDA903 placement types (`PL`) the registration covers.
    pub place_codes: Vec<String>,
    /// The SSDA903 placement provider codes (`PLACE_PROVIDER`) it is.
    pub provider_codes: Vec<String>,
    /// The day its registration ended, if it has.
    pub registration_end: Option<Date>,
    /// Upper case, no spaces.
    pub postcode: Option<String>,
}

/// The list, by URN. A URN listed twice keeps both rows; a rule then
/// finds an episode when either row fails it, as the community
/// validator's join does.
#[derive(Debug, Clone, Default)]
pub struct ProviderTable {
    by_urn: HashMap<String, Vec<Provider>>,
    rows: usize,
}

/// A list that could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct ProvidersError {
    /// The sheet, and the row and column where there is one.
    pub place: String,
    pub message: String,
}

/// The columns of the combined list, as the community validator names
/// them (lower case): [`HEADINGS`].
const COMBINED: [&str; 6] = [
    "urn",
    "local authority",
    "placement code",
    "placement provider code",
    "deregistration date",
    "setting address postcode",
];

/// The columns of the supported accommodation sheet.
const SUPPORTED: [&str; 4] = [
    "urn",
    "provider local authority",
    "closed date",
    "setting address postcode",
];

impl ProviderTable {
    /// The list from a workbook's sheets (see the module's documentation
    /// for the forms read).
    pub fn from_workbook(sheets: &[Sheet]) -> Result<ProviderTable, ProvidersError> {
        let mut table = ProviderTable::default();
        match sheets {
            [one] => table.read_sheet(one, &COMBINED, None)?,
            [first, supported] => {
                table.read_sheet(first, &COMBINED, None)?;
                table.read_sheet(supported, &SUPPORTED, Some(("K3", "PR4")))?;
            }
            _ => {
                return Err(ProvidersError {
                    place: "the workbook".into(),
                    message: format!(
                        "{} sheets: Ofsted's combined list of children's homes and social care providers has one sheet (or two: providers, then supported accommodation)",
                        sheets.len()
                    ),
                });
            }
        }
        Ok(table)
    }

    /// The list from a workbook's bytes: what is wrong with it, by sheet,
    /// row and column, as text.
    pub fn from_xlsx(bytes: &[u8]) -> Result<ProviderTable, String> {
        let sheets = hearth_xlsx::read(bytes).map_err(|e| e.to_string())?;
        ProviderTable::from_workbook(&sheets).map_err(|e| e.to_string())
    }

    /// The list from its rows, as made for a test or by the synthetic
    /// authority.
    pub fn from_providers(providers: impl IntoIterator<Item = Provider>) -> ProviderTable {
        let mut table = ProviderTable::default();
        for provider in providers {
            table.push(provider);
        }
        table
    }

    fn push(&mut self, provider: Provider) {
        self.rows += 1;
        self.by_urn
            .entry(provider.urn.clone())
            .or_default()
            .push(provider);
    }

    /// Every row listed under a URN (any case; none when it is not listed).
    pub fn get(&self, urn: &str) -> &[Provider] {
        self.by_urn
            .get(&urn.trim().to_ascii_uppercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The list as JSON, one object a row in URN order: how Hearth keeps
    /// an imported list.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut rows: Vec<&Provider> = self.providers().collect();
        rows.sort_by(|a, b| a.urn.cmp(&b.urn));
        serde_json::to_string(&rows)
    }

    /// The list from its JSON ([`ProviderTable::to_json`]).
    pub fn from_json(text: &str) -> Result<ProviderTable, serde_json::Error> {
        let rows: Vec<Provider> = serde_json::from_str(text)?;
        Ok(ProviderTable::from_providers(rows))
    }

    /// Every row, in no particular order.
    pub fn providers(&self) -> impl Iterator<Item = &Provider> {
        self.by_urn.values().flatten()
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Reads one sheet whose first row names its columns: `columns` in
    /// the order `urn`, authority, then (for the combined list) placement
    /// code and provider code, then the end date and the postcode.
    /// `fixed` gives the placement and default provider code of a sheet
    /// without them (supported accommodation).
    fn read_sheet(
        &mut self,
        sheet: &Sheet,
        columns: &[&str],
        fixed: Option<(&str, &str)>,
    ) -> Result<(), ProvidersError> {
        let at = |row: Option<u32>, column: Option<&str>| {
            let mut place = format!("sheet {:?}", sheet.name);
            if let Some(row) = row {
                place.push_str(&format!(", row {row}"));
            }
            if let Some(column) = column {
                place.push_str(&format!(", column {column:?}"));
            }
            place
        };
        let Some(head) = sheet.rows.first() else {
            return Err(ProvidersError {
                place: at(None, None),
                message: "the sheet is empty".into(),
            });
        };
        let names: Vec<String> = head
            .iter()
            .map(|c| c.text().trim().to_lowercase())
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| find(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(ProvidersError {
                place: at(Some(sheet.first_row), None),
                message: format!(
                    "the first row must name the columns {}; missing: {}",
                    columns.join(", "),
                    missing.join(", ")
                ),
            });
        }
        let column = |name: &str| find(name).unwrap_or(usize::MAX);
        let urn_at = column("urn");
        let (place_at, provider_at, end_at, postcode_at) = match fixed {
            None => (
                Some(column(COMBINED[2])),
                Some(column(COMBINED[3])),
                column(COMBINED[4]),
                column(COMBINED[5]),
            ),
            Some(_) => (
                None,
                find(COMBINED[3]),
                column(SUPPORTED[2]),
                column(SUPPORTED[3]),
            ),
        };
        for (index, row) in sheet.rows.iter().enumerate().skip(1) {
            let number = sheet.first_row + index as u32;
            let get = |i: usize| row.get(i).unwrap_or(&Cell::Empty);
            let urn = get(urn_at).text().trim().to_ascii_uppercase();
            if urn.is_empty() {
                continue;
            }
            let place_codes = match (place_at, fixed) {
                (Some(i), _) => codes(get(i)),
                (None, Some((place, _))) => vec![place.to_owned()],
                (None, None) => Vec::new(),
            };
            let provider_codes = match (provider_at.map(get), fixed) {
                (Some(cell), _) if *cell != Cell::Empty => codes(cell),
                (_, Some((_, provider))) => vec![provider.to_owned()],
                (_, None) => Vec::new(),
            };
            let end_name = if fixed.is_some() {
                SUPPORTED[2]
            } else {
                COMBINED[4]
            };
            let registration_end = date(get(end_at)).map_err(|message| ProvidersError {
                place: at(Some(number), Some(end_name)),
                message,
            })?;
            let postcode = Some(
                get(postcode_at)
                    .text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_ascii_uppercase())
                    .collect::<String>(),
            )
            .filter(|p| !p.is_empty());
            self.push(Provider {
                urn,
                place_codes,
                provider_codes,
                registration_end,
                postcode,
            });
        }
        Ok(())
    }
}

/// Codes in one cell, separated by commas or slashes (`K2/K3`, `PR1,PR2`).
fn codes(cell: &Cell) -> Vec<String> {
    cell.text()
        .split([',', '/'])
        .map(|code| code.trim().to_ascii_uppercase())
        .filter(|code| !code.is_empty())
        .collect()
}

/// A date cell: a date-formatted cell, or text as `dd/mm/yyyy` or
/// `yyyy-mm-dd`; nothing when empty.
fn date(cell: &Cell) -> Result<Option<Date>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(day) => Ok(Some(*day)),
        Cell::Text(text) if text.trim().is_empty() => Ok(None),
        Cell::Text(text) => {
            let text = text.trim();
            let parsed = if let Ok(day) = text.parse::<Date>() {
                Some(day)
            } else {
                let mut parts = text.split('/');
                match (parts.next(), parts.next(), parts.next(), parts.next()) {
                    (Some(d), Some(m), Some(y), None) => {
                        match (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>()) {
                            (Ok(d), Ok(m), Ok(y)) if y >= 1900 => Date::new(y, m, d).ok(),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            };
            parsed
                .map(Some)
                .ok_or_else(|| format!("{text:?} is not a date (dd/mm/yyyy)"))
        }
        other => Err(format!(
            "{:?} is not a date: format the cell as a date, or write dd/mm/yyyy",
            other.text()
        )),
    }
}

#[cfg(test)]
mod tests {
    use hearth_xlsx::Cell;
    use jiff::civil::date as day;

    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.into(),
            first_row: 1,
            rows,
        }
    }

    fn combined_head() -> Vec<Cell> {
        [
            "Provider type",
            "URN",
            "Local Authority",
            "Placement code",
            "Placement provider code",
            "Deregistration date",
            "Setting address postcode",
        ]
        .into_iter()
        .map(text)
        .collect()
    }

    #[test]
    fn the_combined_list_reads_by_column_name() {
        let table = ProviderTable::from_workbook(&[sheet(
            "Providers",
            vec![
                combined_head(),
                vec![
                    text("Children's Home"),
                    text("sc400001"),
                    text("Leeds"),
                    text("K2"),
                    text("PR4/PR5"),
                    Cell::Empty,
                    text("ls1 4ap"),
                ],
                vec![
                    text("Secure Children's Home"),
                    text("SC400002"),
                    text("Leeds"),
                    text("K1, S1"),
                    text("PR1"),
                    Cell::Date(day(2025, 9, 30)),
                    text("LS2 7AB"),
                ],
                vec![Cell::Empty; 7],
            ],
        )])
        .unwrap();
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.get("SC400001"),
            &[Provider {
                urn: "SC400001".into(),
                place_codes: vec!["K2".into()],
                provider_codes: vec!["PR4".into(), "PR5".into()],
                registration_end: None,
                postcode: Some("LS14AP".into()),
            }]
        );
        let closed = &table.get("sc400002")[0];
        assert_eq!(closed.place_codes, vec!["K1", "S1"]);
        assert_eq!(closed.registration_end, Some(day(2025, 9, 30)));
        assert!(table.get("SC999999").is_empty());
    }

    #[test]
    fn supported_accommodation_is_k3_and_pr4_unless_it_says() {
        let supported = sheet(
            "SA providers",
            vec![
                vec![
                    text("URN"),
                    text("Provider local authority"),
                    text("Closed date"),
                    text("Setting address postcode"),
                ],
                vec![
                    text("2500001"),
                    text("Leeds"),
                    text("31/03/2026"),
                    text("LS3 1AA"),
                ],
                vec![
                    Cell::Number(2500002.0),
                    text("Leeds"),
                    Cell::Empty,
                    text("LS3 1AB"),
                ],
            ],
        );
        let table =
            ProviderTable::from_workbook(&[sheet("Providers", vec![combined_head()]), supported])
                .unwrap();
        let first = &table.get("2500001")[0];
        assert_eq!(first.place_codes, vec!["K3"]);
        assert_eq!(first.provider_codes, vec!["PR4"]);
        assert_eq!(first.registration_end, Some(day(2026, 3, 31)));
        // A URN stored as a number is the number as written.
        assert_eq!(table.get("2500002").len(), 1);
    }

    #[test]
    fn what_cannot_be_read_is_named_by_sheet_row_and_column() {
        let missing = ProviderTable::from_workbook(&[sheet(
            "Providers",
            vec![vec![text("URN"), text("Local authority")]],
        )])
        .unwrap_err();
        assert_eq!(missing.place, "sheet \"Providers\", row 1");
        assert!(
            missing.message.contains("missing: placement code"),
            "{missing}"
        );

        let mut bad_date = vec![Cell::Empty; 7];
        bad_date[1] = text("SC1");
        bad_date[5] = text("30th September");
        let error =
            ProviderTable::from_workbook(&[sheet("Providers", vec![combined_head(), bad_date])])
                .unwrap_err();
        assert_eq!(
            error.place,
            "sheet \"Providers\", row 2, column \"deregistration date\""
        );

        assert!(ProviderTable::from_workbook(&[]).is_err());
        assert!(ProviderTable::from_workbook(&[sheet("Empty", vec![])]).is_err());
    }
}
