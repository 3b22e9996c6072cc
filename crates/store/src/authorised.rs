//! Reading one child's record takes an [`Authorised`]: made only from the
//! access policy's [`Permit`], and only once the read's audit row is
//! committed. No audit row, no data; no decision, no read.

use hearth_domain::access::Permit;

use crate::{AuditEntry, ChildId, Db, StoreError};

/// A child's record opened to one reader: the policy allowed it and the
/// audit row is written. Its field is private to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorised {
    child: ChildId,
    permit: Option<Permit>,
}

impl Authorised {
    pub fn child(&self) -> ChildId {
        self.child
    }

    /// The decision that opened it (`None` only in tests).
    pub fn permit(&self) -> Option<Permit> {
        self.permit
    }

    /// For tests that check what the store holds: no decision, no audit.
    #[cfg(any(test, feature = "testing"))]
    pub fn unchecked(child: ChildId) -> Authorised {
        Authorised {
            child,
            permit: None,
        }
    }
}

impl Db {
    /// Commits the audit row of an allowed read (`entry`, with the
    /// permit's child), then opens the child's record to the reader.
    pub async fn open_child(
        &self,
        permit: Permit,
        entry: &AuditEntry<'_>,
    ) -> Result<Authorised, StoreError> {
        let entry = AuditEntry {
            child: Some(permit.child()),
            ..*entry
        };
        self.audit_now(&entry).await?;
        Ok(Authorised {
            child: permit.child(),
            permit: Some(permit),
        })
    }
}
