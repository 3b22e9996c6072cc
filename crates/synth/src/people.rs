//! Synthetic identities: names, sex, ethnicity, and well-formed identifiers
//! that belong to nobody.

use std::collections::HashMap;
use std::sync::OnceLock;

use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::ids::{LaChildId, NhsNumber, Postcode, Upn};
use jiff::civil::Date;

use crate::rng::Rng;

const GIVEN_F: &[&str] = &[
    "Amelia", "Isla", "Ava", "Mia", "Ivy", "Freya", "Lily", "Florence", "Willow", "Rosie",
    "Sophia", "Isabella", "Grace", "Evie", "Poppy", "Ella", "Daisy", "Sienna", "Ruby", "Millie",
    "Harper", "Maya", "Aisha", "Zara", "Hannah", "Layla", "Amira", "Chloe", "Megan", "Jessica",
    "Leah", "Niamh", "Kacey", "Tia", "Courtney", "Abigail", "Phoebe", "Imogen", "Eliza", "Nadia",
];
const GIVEN_M: &[&str] = &[
    "Noah", "Leo", "Oliver", "Arlo", "Theo", "Finn", "Oscar", "George", "Muhammad", "Jack",
    "Harry", "Charlie", "Freddie", "Alfie", "Archie", "Henry", "Tommy", "Louie", "Reggie", "Albie",
    "Jacob", "Ethan", "Kai", "Tyler", "Mason", "Riley", "Logan", "Jayden", "Callum", "Kieran",
    "Ibrahim", "Yusuf", "Dylan", "Lewis", "Connor", "Brandon", "Samuel", "Joshua", "Reece",
    "Elliot",
];
const FAMILY: &[&str] = &[
    "Ashdown",
    "Brook",
    "Carrow",
    "Dunmore",
    "Elswick",
    "Fenby",
    "Garside",
    "Holloway",
    "Ingram",
    "Jessop",
    "Kettlewell",
    "Lockwood",
    "Marchbank",
    "Netherby",
    "Oakshott",
    "Pennock",
    "Quarmby",
    "Rowntree",
    "Sowerby",
    "Thackray",
    "Upton",
    "Varley",
    "Wensley",
    "Yeadon",
    "Airey",
    "Birtwhistle",
    "Clapham",
    "Dacre",
    "Eastwood",
    "Firth",
    "Gaunt",
    "Hebden",
    "Illingworth",
    "Jowett",
    "Kitching",
    "Lumb",
    "Metcalfe",
    "Nattrass",
    "Ormerod",
    "Pickles",
    "Raistrick",
    "Stansfield",
    "Tindall",
    "Ullathorne",
    "Verity",
    "Whitaker",
    "Ackroyd",
    "Bairstow",
    "Cockshott",
    "Dinsdale",
    "Emmott",
    "Foxcroft",
    "Greenhalgh",
    "Haworth",
    "Inman",
    "Kershaw",
    "Laycock",
    "Mossop",
    "Nutter",
    "Oddie",
    "Pollard",
    "Redmayne",
    "Sugden",
    "Tetley",
    "Umpleby",
    "Walmsley",
    "Wilberforce",
    "Haigh",
    "Crowther",
    "Midgley",
    "Shackleton",
    "Bramley",
    "Calvert",
    "Dawtry",
    "Ellerby",
    "Farrer",
    "Gledhill",
    "Hirst",
    "Iveson",
    "Jagger",
    "Kilburn",
    "Lister",
    "Moorhouse",
    "Naylor",
    "Outhwaite",
    "Priestley",
    "Riddiough",
    "Scatcherd",
    "Thwaite",
    "Womersley",
    "Chaudhry",
    "Hussain",
    "Begum",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Ahmed",
    "Osei",
    "Mahmood",
];

/// Ethnicity of children in need, roughly as nationally (CIN census
/// `Ethnicity` N00177): White British about 62%.
const ETHNICITY: &[(Ethnicity, u32)] = &[
    (Ethnicity::WBRI, 620),
    (Ethnicity::WIRI, 5),
    (Ethnicity::WIRT, 10),
    (Ethnicity::WOTH, 60),
    (Ethnicity::WROM, 10),
    (Ethnicity::MWBC, 30),
    (Ethnicity::MWBA, 10),
    (Ethnicity::MWAS, 12),
    (Ethnicity::MOTH, 30),
    (Ethnicity::AIND, 12),
    (Ethnicity::APKN, 35),
    (Ethnicity::ABAN, 12),
    (Ethnicity::AOTH, 15),
    (Ethnicity::BCRB, 15),
    (Ethnicity::BAFR, 40),
    (Ethnicity::BOTH, 10),
    (Ethnicity::CHNE, 3),
    (Ethnicity::OOTH, 40),
    (Ethnicity::REFU, 6),
    (Ethnicity::NOBT, 25),
];

/// Unaccompanied children seeking asylum: a different mix.
const ETHNICITY_UASC: &[(Ethnicity, u32)] = &[
    (Ethnicity::AOTH, 35),
    (Ethnicity::BAFR, 25),
    (Ethnicity::OOTH, 30),
    (Ethnicity::WOTH, 5),
    (Ethnicity::NOBT, 5),
];

/// A child's identity details, all made up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub la_child_id: LaChildId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Date,
    pub sex: Sex,
    pub ethnicity: Ethnicity,
    /// School-age children have a UPN; the youngest do not yet.
    pub upn: Option<Upn>,
    pub nhs_number: NhsNumber,
    pub postcode: Option<Postcode>,
}

pub fn family_name(rng: &mut Rng) -> &'static str {
    rng.pick(FAMILY)
}

pub fn sex(rng: &mut Rng, male_share: f64) -> Sex {
    if rng.chance(male_share) {
        Sex::M
    } else {
        Sex::F
    }
}

pub fn given_name(rng: &mut Rng, sex: Sex) -> &'static str {
    match sex {
        Sex::M => rng.pick(GIVEN_M),
        _ => rng.pick(GIVEN_F),
    }
}

pub fn ethnicity(rng: &mut Rng, uasc: bool) -> Ethnicity {
    rng.weighted(if uasc { ETHNICITY_UASC } else { ETHNICITY })
}

/// Real full postcodes for the profiles' outward codes (`postcode,district,
/// easting,northing`), from the ONS Postcode Directory; provenance in
/// `data/README.md`. The SSDA903 rules geocode home and placement postcodes
/// (392c, 392a, 169, 179), so a postcode the directory does not know would
/// break them on every episode.
pub const POSTCODES_CSV: &str = include_str!("../data/postcodes.csv");

/// Every postcode of `POSTCODES_CSV` with its authority's ONS code, read
/// once.
pub(crate) fn directory() -> &'static [(&'static str, &'static str)] {
    static DIRECTORY: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        POSTCODES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cells = line.split(',');
                Some((cells.next()?, cells.next()?))
            })
            .collect()
    })
}

/// The postcodes of `POSTCODES_CSV` by outward code, read once.
fn postcodes_by_outward() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static BY_OUTWARD: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    BY_OUTWARD.get_or_init(|| {
        let mut by_outward: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in POSTCODES_CSV.lines().skip(1) {
            let postcode = line.split(',').next().unwrap_or_default();
            if let Some((outward, _)) = postcode.split_once(' ') {
                by_outward.entry(outward).or_default().push(postcode);
            }
        }
        by_outward
    })
}

/// A real postcode in one of the area's outward codes, from the ONS
/// directory sample in `data/postcodes.csv`; `None` only if an outward code
/// in the profile had no postcodes there, which a test rules out.
pub fn postcode(rng: &mut Rng, outward: &[&str]) -> Option<Postcode> {
    let out = rng.pick(outward);
    let which = rng.next_u64();
    // Two more draws, as when the inward code was made up from three: every
    // later draw, and so every calibrated figure, stays where it was.
    rng.next_u64();
    rng.next_u64();
    let known = postcodes_by_outward().get(out)?;
    let index = usize::try_from(which % u64::try_from(known.len()).ok()?).ok()?;
    Postcode::parse(known.get(index)?).ok()
}

/// As [`postcode`] (the same draws), but a postcode within the authority
/// `district` (an ONS code) among the area's outward codes: for placements
/// the SSDA903 rules expect inside the authority.
pub fn postcode_within(rng: &mut Rng, outward: &[&str], district: &str) -> Option<Postcode> {
    let _ = rng.pick(outward);
    let which = rng.next_u64();
    rng.next_u64();
    rng.next_u64();
    let within: Vec<&str> = POSTCODES_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split(',');
            let postcode = cells.next()?;
            let outward_code = postcode.split_once(' ')?.0;
            (cells.next()? == district && outward.contains(&outward_code)).then_some(postcode)
        })
        .collect();
    let index = usize::try_from(which % u64::try_from(within.len()).ok()?).ok()?;
    Postcode::parse(within.get(index)?).ok()
}

/// An NHS number in the range the NHS sets aside for test data (999 000
/// 0000 to 999 999 9999), so no generated number can be a real person's;
/// its check digit passes modulus 11.
pub fn nhs_number(rng: &mut Rng) -> NhsNumber {
    loop {
        let nine = format!("999{:06}", rng.range(0, 999_999));
        if let Ok(n) = NhsNumber::from_first_nine(&nine) {
            return n;
        }
    }
}

/// A UPN issued by the authority: LA code, a made-up school number, the
/// year of issue and a serial, with its check letter (CIN rule 1510). The
/// school number and serial come from `n`, a number of the child's own, so
/// no two children share a UPN (CIN rule 1520, SSDA903 rule 444), as drawn
/// ones did for one child in a thousand or so in a county.
pub fn upn(rng: &mut Rng, la_code: u16, issued: Date, n: u64) -> Option<Upn> {
    // Two draws, as when the school and serial were drawn: every later
    // draw, and so every calibrated figure, stays where it was.
    rng.next_u64();
    rng.next_u64();
    let body = format!(
        "{la_code:03}{:04}{:02}{:03}",
        2000 + (n / 1000) % 1000,
        issued.year() % 100,
        n % 1000
    );
    Upn::from_body(&body).ok()
}

/// The authority's record id for its `n`th child.
pub fn la_child_id(n: u64) -> LaChildId {
    LaChildId::numbered(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_real_ones_from_the_list_for_the_outward_code_asked() {
        let mut rng = Rng::new(11);
        let listed: std::collections::HashSet<&str> = POSTCODES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| line.split(',').next())
            .collect();
        for _ in 0..500 {
            let p = postcode(&mut rng, &["DE22", "HG1"]).unwrap();
            assert!(["DE22", "HG1"].contains(&p.outward()), "{p}");
            assert!(
                listed.contains(p.to_string().as_str()),
                "{p} is not in the list"
            );
        }
        assert!(postcode(&mut rng, &["ZZ9"]).is_none());
    }

    #[test]
    fn the_same_seed_gives_the_same_postcodes_and_uses_four_draws() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let first: Vec<_> = (0..20).map(|_| postcode(&mut a, &["TS1", "TS5"])).collect();
        let second: Vec<_> = (0..20).map(|_| postcode(&mut b, &["TS1", "TS5"])).collect();
        assert_eq!(first, second);
        let (mut c, mut d) = (Rng::new(9), Rng::new(9));
        postcode(&mut c, &["TS1"]);
        for _ in 0..4 {
            d.next_u64();
        }
        assert_eq!(c.next_u64(), d.next_u64());
    }

    #[test]
    fn every_profile_has_well_formed_outward_codes() {
        let mut rng = Rng::new(5);
        for p in crate::profile::PROFILES {
            for out in p.outward_codes {
                for _ in 0..50 {
                    assert!(postcode(&mut rng, &[out]).is_some(), "{out}");
                }
            }
        }
    }

    #[test]
    fn identifiers_are_well_formed() {
        let mut rng = Rng::new(3);
        for _ in 0..2_000 {
            let n = nhs_number(&mut rng);
            assert!(n.as_str().starts_with("999"));
            assert!(NhsNumber::parse(n.as_str()).is_ok());
            let u = upn(&mut rng, 806, jiff::civil::date(2021, 9, 1), 7).unwrap();
            assert_eq!(Upn::parse(u.as_str()).unwrap(), u);
            assert_eq!(u.la_code(), 806);
            let p = postcode(&mut rng, &["TS1", "TS3"]).unwrap();
            assert!(["TS1", "TS3"].contains(&p.outward()), "{p}");
        }
    }
}
