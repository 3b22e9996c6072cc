//! The DfE's statutory returns from the record: the children in need census
//! ([`cin`]) and the children looked after return, SSDA903 ([`ssda903`]).
//!
//! Each return has a neutral model, one per collection year where the years
//! differ, that is both written from a child's record and read from a file
//! made by any system. The DfE's validation rules run on the model, so the
//! same rule serves a fact as it is recorded, a whole return, and another
//! system's file. Every value in the model is a [`Field`]: a value read from
//! a file that is not valid is kept as it was typed, so a rule can say what
//! is wrong with it and where.

pub mod checks;
pub mod cin;
pub mod field;
pub mod finding;
pub mod source;
pub mod ssda903;
mod threads;
pub mod year;

pub use field::Field;
pub use finding::{Finding, Severity};
pub use source::ChildSource;
pub use year::CollectionYear;
