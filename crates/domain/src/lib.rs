//! Hearth's pure core: no I/O, no async, no SQL.
//!
//! - [`codes`]: the DfE code sets;
//! - [`ids`]: identifiers as parsing newtypes;
//! - [`keys`]: Hearth's own numbers for a child's record, a user, a team;
//! - [`age`]: ages and birthdays (29 February births: 1 March in common years);
//! - [`calendar`]: the England and Wales working-day calendar;
//! - [`london`]: local time in England (Europe/London, with summer time);
//! - [`events`]: the typed case ledger;
//! - [`documents`]: the files attached to a record, identified by content;
//! - [`record`]: the fold of a child's events into a [`record::ChildRecord`];
//! - [`timescales`]: the statutory clocks.

pub mod access;
pub mod age;
pub mod calendar;
pub mod catalogue;
pub mod codes;
pub mod documents;
pub mod events;
pub mod ids;
pub mod keys;
pub mod london;
pub mod record;
#[cfg(test)]
pub(crate) mod testkit;
pub mod timescales;
