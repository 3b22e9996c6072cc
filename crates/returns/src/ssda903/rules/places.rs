//! Where postcodes are: the authority and grid reference of each, as the
//! ONS postcode directory gives them, for the SSDA903 rules about where a
//! child is placed (in or out of the authority, and how far from home).

use std::collections::HashMap;

/// Where one postcode is.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The upper-tier local authority's ONS code (a county for a district
    /// in a two-tier area), or `SCO`, `WAL` or `NIR` outside England, as
    /// the community SSDA903 validator names them; empty when the
    /// directory knows the postcode but not its authority.
    pub authority: String,
    /// The Ordnance Survey grid reference in metres, where the directory
    /// has one.
    pub easting: Option<f64>,
    pub northing: Option<f64>,
}

impl Place {
    /// Miles between two places by the DfE's formula for the SSDA903
    /// placement distance: the straight line between grid references in
    /// metres, / 1000 / 1.6093, to one decimal place.
    pub fn miles_to(&self, other: &Place) -> Option<f64> {
        let (e1, n1) = (self.easting?, self.northing?);
        let (e2, n2) = (other.easting?, other.northing?);
        let metres = ((e1 - e2).powi(2) + (n1 - n2).powi(2)).sqrt();
        Some((metres / 1000.0 / 1.6093 * 10.0).round() / 10.0)
    }
}

/// A postcode directory.
pub trait Places {
    /// Where a postcode is: any case, with or without its space; `None`
    /// when the directory does not know it.
    fn place(&self, postcode: &str) -> Option<Place>;
}

/// A postcode directory held in memory, read from CSV text with the
/// columns `postcode,authority,easting,northing` (the grid reference may be
/// empty).
#[derive(Debug, Clone, Default)]
pub struct PlaceTable {
    by_postcode: HashMap<String, Place>,
}

/// A postcode directory that could not be read: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("postcode directory, line {line}: {message}")]
pub struct PlacesError {
    pub line: usize,
    pub message: String,
}

/// A postcode as a key: upper case, no spaces.
fn key(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl PlaceTable {
    /// Reads the directory's CSV text (its first line the column names).
    pub fn from_csv(text: &str) -> Result<PlaceTable, PlacesError> {
        let mut lines = text.lines().enumerate();
        let expected = "postcode,authority,easting,northing";
        match lines.next() {
            Some((_, header)) if header.trim().trim_start_matches('\u{feff}') == expected => {}
            _ => {
                return Err(PlacesError {
                    line: 1,
                    message: format!("the first line must be the column names {expected}"),
                });
            }
        }
        let mut by_postcode = HashMap::new();
        for (index, line) in lines {
            let number = index + 1;
            if line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let [postcode, authority, easting, northing] = cells.as_slice() else {
                return Err(PlacesError {
                    line: number,
                    message: format!("expected 4 cells, found {}", cells.len()),
                });
            };
            let coordinate = |text: &str, name: &str| -> Result<Option<f64>, PlacesError> {
                if text.is_empty() {
                    return Ok(None);
                }
                text.parse().map(Some).map_err(|_| PlacesError {
                    line: number,
                    message: format!("{name} {text:?} is not a number"),
                })
            };
            by_postcode.insert(
                key(postcode),
                Place {
                    authority: (*authority).to_owned(),
                    easting: coordinate(easting, "easting")?,
                    northing: coordinate(northing, "northing")?,
                },
            );
        }
        Ok(PlaceTable { by_postcode })
    }

    pub fn len(&self) -> usize {
        self.by_postcode.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_postcode.is_empty()
    }
}

impl Places for PlaceTable {
    fn place(&self, postcode: &str) -> Option<Place> {
        self.by_postcode.get(&key(postcode)).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_read_and_looked_up_in_any_case_with_or_without_the_space() {
        let table = PlaceTable::from_csv(
            "postcode,authority,easting,northing\nTS1 1DL,E06000002,449600,520600\nEH1 1AA,SCO,,\n",
        )
        .unwrap();
        assert_eq!(table.len(), 2);
        let ts = table.place("ts11dl").unwrap();
        assert_eq!(ts.authority, "E06000002");
        let eh = table.place("EH1 1AA").unwrap();
        assert_eq!(eh.miles_to(&ts), None);
        assert_eq!(table.place("ZZ9 9ZZ"), None);
    }

    #[test]
    fn the_distance_is_in_miles_to_one_decimal_place() {
        let a = Place {
            authority: "A".into(),
            easting: Some(0.0),
            northing: Some(0.0),
        };
        let b = Place {
            authority: "B".into(),
            easting: Some(3000.0),
            northing: Some(4000.0),
        };
        // 5,000 m / 1000 / 1.6093 = 3.107 miles.
        assert_eq!(a.miles_to(&b), Some(3.1));
    }

    #[test]
    fn a_bad_line_is_named() {
        let err =
            PlaceTable::from_csv("postcode,authority,easting,northing\nTS1 1DL,E06000002,x,1\n")
                .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("easting"), "{err}");
        assert!(PlaceTable::from_csv("pc,la\n").is_err());
    }
}
