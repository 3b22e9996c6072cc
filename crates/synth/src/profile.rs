//! The profiles: how big the authority is, how needy, and where.

/// One synthetic local authority's size and place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    pub name: &'static str,
    /// The authority's name as shown in the system; made up.
    pub authority: &'static str,
    /// Children aged 0-17 living in the area.
    pub population: u64,
    /// Demand relative to England: 1.4 is a high-need borough, 0.7 a
    /// lower-need county.
    pub need: f64,
    /// The DfE LA code used in the children's UPNs (CIN rule 1530 list)
    /// and as the authority's number in its returns (the CIN census
    /// `LEA`): the real number of the area the postcodes come from.
    pub upn_la_code: u16,
    /// The ONS code of that same real area.
    pub ons_code: &'static str,
    /// Real outward codes of one area; inward codes are made up.
    pub outward_codes: &'static [&'static str],
    /// Streamed to files only: too big for one database in a test.
    pub streamed: bool,
}

pub const PROFILES: [Profile; 4] = [
    Profile {
        name: "small",
        authority: "Northbeck Borough Council (synthetic)",
        population: 20_000,
        need: 1.4,
        upn_la_code: 806,
        ons_code: "E06000002",
        outward_codes: &["TS1", "TS3", "TS4", "TS5", "TS6", "TS7", "TS8"],
        streamed: false,
    },
    Profile {
        name: "medium",
        authority: "Derwent City Council (synthetic)",
        population: 60_000,
        need: 1.0,
        upn_la_code: 831,
        ons_code: "E06000015",
        outward_codes: &["DE1", "DE3", "DE21", "DE22", "DE23", "DE24", "DE65", "DE73"],
        streamed: false,
    },
    Profile {
        name: "large",
        authority: "Wolds and Dales County Council (synthetic)",
        population: 260_000,
        need: 0.7,
        upn_la_code: 815,
        ons_code: "E06000065",
        outward_codes: &[
            "HG1", "HG2", "HG3", "HG4", "HG5", "YO7", "YO8", "YO11", "YO12", "YO13", "YO14",
            "YO17", "YO18", "YO21", "YO22", "DL6", "DL7", "DL8", "DL9", "DL10", "DL11", "BD23",
            "BD24", "LS24",
        ],
        streamed: false,
    },
    Profile {
        name: "england",
        authority: "England at national rates (synthetic)",
        population: 12_000_000,
        need: 1.0,
        upn_la_code: 201,
        ons_code: "E09000001",
        outward_codes: &[
            "E1", "E2", "N1", "SE1", "B1", "B5", "M1", "M8", "L1", "L4", "LS1", "LS9", "S1", "S2",
            "NE1", "NE4", "BS1", "BS5", "NG1", "NG7", "PL1", "EX1", "CB1", "NR1", "TS1", "DE1",
            "HG1", "YO1", "CA1", "LN1",
        ],
        streamed: true,
    },
];

impl Profile {
    /// The profile called `name`; an error lists the names there are.
    pub fn named(name: &str) -> Result<Profile, String> {
        PROFILES
            .iter()
            .find(|p| p.name == name)
            .copied()
            .ok_or_else(|| {
                let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
                format!(
                    "there is no profile {name:?}; the profiles are {}",
                    names.join(", ")
                )
            })
    }

    /// How many units of 10,000 children, times the need factor: multiply a
    /// national rate per 10,000 by this for the authority's expected count.
    pub fn scale(&self) -> f64 {
        self.population as f64 / 10_000.0 * self.need
    }
}
