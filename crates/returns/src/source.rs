//! What a return is written from: each child's identity details and ledger.

use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::events::Event;
use hearth_domain::ids::{LaChildId, Postcode, Upn};
use jiff::civil::Date;

/// One child as the returns read them: the details kept beside the ledger
/// (until they become dated facts in it) and every event of the ledger,
/// corrections included. The return folds the ledger itself, as at its
/// reference date.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildSource {
    pub la_child_id: LaChildId,
    pub date_of_birth: Option<Date>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<Ethnicity>,
    pub upn: Option<Upn>,
    pub postcode: Option<Postcode>,
    pub events: Vec<Event>,
}
