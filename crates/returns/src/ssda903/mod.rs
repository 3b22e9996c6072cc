//! The children looked after return, SSDA903: the model of its CSV files
//! ([`model`]), read from a folder made by any system ([`read`]), written
//! ([`write`]) and made from the record ([`from_record`]).

mod cell;
mod csv_text;
pub mod from_record;
pub mod model;
pub mod read;
pub mod rules;
pub mod write;

pub use from_record::{Builder, Built, build, return_903};
pub use model::{
    Ad1Row, At, ChildUpn, DeprivationOfLibertyRow, EpisodeRow, HeaderRow, MissingRow, Oc2Row,
    Oc3Row, PlacedForAdoptionRow, PreviousPermanenceRow, ReviewRow, Row, SocialWorkerEpisodeRow,
    Ssda903, Table, Text, UascRow,
};
pub use read::{ReadError, read_dir, read_files, read_files_on};
pub use write::{files, write_dir};
