//! One description of each kind of event: its JSON name, its name in words,
//! its stage of the journey, whether the law times it in hours, and its
//! fields (name, label, kind of value, code list, whether required). The
//! record form, the correction pages and the API description read it; the
//! ledger's types ([`crate::events::EventKind`]) and the fold
//! ([`crate::record`]) are checked against it by tests, so a kind cannot be
//! added in one place and forgotten in another. Nothing here is HTML.

use crate::events::Stage;

/// A DfE code list: each code and its meaning.
pub type Options = fn() -> Vec<(&'static str, &'static str)>;

/// How a field is entered.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    Text,
    /// A UK postcode, checked as the ledger checks it.
    Postcode,
    /// A school's URN, checked as the ledger checks it.
    Urn,
    /// A unique pupil number, checked as the ledger checks it.
    Upn,
    TextArea,
    Check,
    Number,
    Date,
    /// One code from a DfE list.
    Code(Options),
    /// Several codes from a DfE list.
    Codes(Options),
    /// One of a fixed set.
    Choice(&'static [(&'static str, &'static str)]),
    /// Several of a fixed set.
    Choices(&'static [(&'static str, &'static str)]),
    /// An earlier event of this child, of the named kind.
    EventRef(&'static str),
    /// A user of the system, chosen from those who may be named here.
    Person(Chooses),
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON name; `a.b` is field `b` of object `a`.
    pub name: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
}

const fn f(name: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        label,
        input,
        required,
    }
}

/// Whom a field may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chooses {
    /// An independent reviewing officer (CPPCR reg 46): a user with the IRO
    /// role, who belongs to no team.
    Iro,
    /// A personal adviser (Children (Leaving Care) Act 2000): a social
    /// worker or personal adviser.
    PersonalAdviser,
    /// A supervisor: a team or service manager.
    Supervisor,
    /// The owner of an agreed action: anyone who works with children (a
    /// social worker, manager or IRO); that they may open this child's
    /// record is checked when the action is recorded.
    ActionOwner,
}

impl Chooses {
    /// Whether a user with `role` may be named.
    pub fn may_be(self, role: crate::access::Role) -> bool {
        use crate::access::Role;
        match self {
            Chooses::Iro => role == Role::Iro,
            Chooses::PersonalAdviser => role == Role::SocialWorker,
            Chooses::Supervisor => matches!(role, Role::TeamManager | Role::ServiceManager),
            Chooses::ActionOwner => matches!(
                role,
                Role::SocialWorker | Role::TeamManager | Role::ServiceManager | Role::Iro
            ),
        }
    }
}

/// One kind of event.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// Its type in the ledger's JSON.
    pub name: &'static str,
    /// What a practitioner calls it.
    pub label: &'static str,
    pub stage: Stage,
    /// Recorded with a time of day, because the law counts its clock in
    /// hours (a return home interview is due 72 hours after the return:
    /// DfE statutory guidance on children who run away or go missing, 2014).
    pub timed: bool,
    pub fields: &'static [Field],
}

impl Kind {
    /// Its fields' names, with the event's date (`on`) first.
    pub fn field_names(&self) -> Vec<&'static str> {
        std::iter::once(crate::record::DATE_FIELD)
            .chain(self.fields.iter().map(|f| f.name))
            .collect()
    }
}

/// The description of the kind named `name` (its JSON type).
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

const fn k(
    name: &'static str,
    label: &'static str,
    stage: Stage,
    fields: &'static [Field],
) -> Kind {
    Kind {
        name,
        label,
        stage,
        timed: false,
        fields,
    }
}

/// A kind recorded with a time of day.
const fn timed(kind: Kind) -> Kind {
    Kind {
        timed: true,
        ..kind
    }
}

/// The number of kinds of event.
pub const COUNT: usize = KINDS.len();

/// Every kind's JSON name, in [`KINDS`] order.
pub const NAMES: [&str; COUNT] = {
    let mut names = [""; COUNT];
    let mut i = 0;
    while i < COUNT {
        names[i] = KINDS[i].name;
        i += 1;
    }
    names
};

mod kinds;
pub use kinds::{KINDS, WRITE_UP};

#[cfg(test)]
mod tests;
