//! What a validation rule says about a return.

use serde::Serialize;

/// Whether a finding stops the return being accepted (an error) or asks the
/// authority to confirm the data (a query: the DfE's codes ending in `Q`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Query,
}

/// One rule's finding about one child: the rule's code, the child (the CIN
/// census's `LAchildID`, the SSDA903's `CHILD`), the field to fix and the
/// DfE's message. Serialised as
/// `{"rule", "child", "field", "message", "kind"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Finding {
    pub rule: String,
    pub child: String,
    pub field: String,
    pub message: String,
    pub kind: Severity,
}
