//! The rules checking each episode's Ofsted unique reference number (URN)
//! against Ofsted's list of registered providers ([`ProviderTable`]): the
//! URN is on the list, registered for the placement's type and provider,
//! at the placement's postcode, and registered for the whole episode.
//!
//! As in the community SSDA903 validator, a URN listed twice is checked
//! against each of its rows, and an episode is found when any row fails
//! it; a URN not on the list fails every rule that compares it with the
//! list (and rule 1008 says why).
//!
//! [`ProviderTable`]: super::ProviderTable

use super::episodes::{each_episode, is_any, text};
use super::{Needs, Return903, Rows, Rule};
use crate::Field;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::EpisodeRow;
use crate::ssda903::rules::providers::Provider;

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "219",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
        &["URN", "PLACE"],
        r219,
    )
    .needs(Needs::Providers),
    Rule::new(
        "221",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
        &["PL_POST"],
        r221,
    )
    .needs(Needs::Providers),
    Rule::new(
        "224",
        "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
        &["PLACE_PROVIDER"],
        r224,
    )
    .needs(Needs::Providers),
    Rule::new(
        "227",
        "Ofsted Unique reference number (URN) is not valid for the episode start date.",
        &["URN", "DECOM"],
        r227,
    )
    .needs(Needs::Providers),
    Rule::new(
        "228",
        "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]",
        &["URN", "DEC"],
        r228,
    )
    .needs(Needs::Providers),
    Rule::new(
        "229",
        "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]",
        &["URN", "PLACE_PROVIDER"],
        r229,
    )
    .needs(Needs::ProvidersAndPlaces),
    Rule::new(
        "1008",
        "Ofsted Unique Reference Number (URN) is not valid.",
        &["URN"],
        r1008,
    )
    .needs(Needs::Providers),
];

/// The URN of a provider Ofsted does not register (a regional adoption
/// agency, rule 242): never looked up.
const NOT_REGISTERED: &str = "XXXXXXX";

/// Each episode with a URN to look up for which `fails` holds, given the
/// list's rows for that URN (empty when it is not listed).
fn each_listed(r: &Return903<'_>, fails: impl Fn(usize, &EpisodeRow, &[Provider]) -> bool) -> Rows {
    let Some(providers) = r.providers else {
        return Vec::new();
    };
    each_episode(r, |i, e| match text(&e.urn) {
        Some(urn) if urn != NOT_REGISTERED => fails(i, e, providers.get(&urn)),
        _ => false,
    })
}

/// Whether no row is listed, or any row fails `ok`.
fn any_row_fails(rows: &[Provider], ok: impl Fn(&Provider) -> bool) -> bool {
    rows.is_empty() || rows.iter().any(|row| !ok(row))
}

/// SSDA903 validation rule 219: the placement type (`PL`) is one the URN
/// is registered for.
pub(super) fn r219(r: &Return903<'_>) -> Rows {
    each_listed(r, |_, e, rows| {
        let place = text(&e.place);
        any_row_fails(rows, |p| {
            place
                .as_deref()
                .is_some_and(|place| p.place_codes.iter().any(|c| c == place))
        })
    })
}

/// SSDA903 validation rule 221: for a children's home, supported
/// accommodation, family centre or residential school (`PL` K1, K2, K3,
/// R3, S1) with a placement postcode, outside a youth justice legal
/// status (V3, V4), the postcode is the provider's.
pub(super) fn r221(r: &Return903<'_>) -> Rows {
    const PLACES: [&str; 5] = ["K1", "K2", "K3", "R3", "S1"];
    const SHORT_BREAKS: [&str; 2] = ["V3", "V4"];
    each_listed(r, |_, e, rows| {
        let checked = is_any(&e.place, &PLACES) && !is_any(&e.ls, &SHORT_BREAKS);
        let Some(postcode) = checked.then(|| postcode_key(&e.pl_post)).flatten() else {
            return false;
        };
        any_row_fails(rows, |p| p.postcode.as_deref() == Some(postcode.as_str()))
    })
}

/// SSDA903 validation rule 224: the placement provider (`PLACE_PROVIDER`)
/// is one the URN is registered as.
pub(super) fn r224(r: &Return903<'_>) -> Rows {
    each_listed(r, |_, e, rows| {
        let provider = text(&e.place_provider);
        any_row_fails(rows, |p| {
            provider
                .as_deref()
                .is_some_and(|provider| p.provider_codes.iter().any(|c| c == provider))
        })
    })
}

/// SSDA903 validation rule 227: an episode starts (`DECOM`) before the
/// day its provider's registration ended. A URN not listed is rule 1008's.
pub(super) fn r227(r: &Return903<'_>) -> Rows {
    each_listed(r, |_, e, rows| {
        let Some(start) = e.decom.valid() else {
            return false;
        };
        rows.iter()
            .any(|p| p.registration_end.is_some_and(|end| *start >= end))
    })
}

/// SSDA903 validation rule 228: an episode ends (`DEC`) no later than the
/// day its provider's registration ended; an episode still open at 31
/// March needs a registration that had not ended before then. A `DEC`
/// that is not a date counts as open, as in the community validator.
pub(super) fn r228(r: &Return903<'_>) -> Rows {
    each_listed(r, |_, e, rows| {
        let last = e.dec.valid().copied().unwrap_or(r.end);
        rows.iter()
            .any(|p| p.registration_end.is_some_and(|end| last > end))
    })
}

/// SSDA903 validation rule 229: a provider the authority says is its own
/// (PR1) is in the authority; one it says is another authority's (PR2) is
/// not. Where a provider is is its postcode's upper-tier authority, from
/// the postcode directory. Not checked for the placement types Ofsted does
/// not place by authority (K3, P1, P3, R1, R2, R5, T0-T4, Z11-Z14).
pub(super) fn r229(r: &Return903<'_>) -> Rows {
    const NOT_CHECKED: [&str; 15] = [
        "K3", "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13",
        "Z14",
    ];
    let (Some(authority), Some(places)) = (r.authority, r.places) else {
        return Vec::new();
    };
    each_listed(r, |_, e, rows| {
        if is_any(&e.place, &NOT_CHECKED) {
            return false;
        }
        let provider = text(&e.place_provider);
        let where_of = |p: &Provider| {
            p.postcode
                .as_deref()
                .and_then(|postcode| places.place(postcode))
                .map(|place| place.authority)
                .filter(|a| !a.is_empty())
        };
        let fails = |inside: Option<String>| match provider.as_deref() {
            Some("PR1") => inside.as_deref() != Some(authority),
            Some("PR2") => inside.as_deref() == Some(authority),
            _ => false,
        };
        if rows.is_empty() {
            fails(None)
        } else {
            rows.iter().any(|p| fails(where_of(p)))
        }
    })
}

/// SSDA903 validation rule 1008: the URN is on Ofsted's list.
pub(super) fn r1008(r: &Return903<'_>) -> Rows {
    each_listed(r, |_, _, rows| rows.is_empty())
}

/// A postcode cell as the list keys postcodes: upper case, no spaces.
fn postcode_key<T: Cell>(field: &Field<T>) -> Option<String> {
    text(field).map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
}

#[cfg(test)]
mod tests;
