//! The typed model of a report. Knows nothing of text or checks.

pub mod appeals;
pub mod cell;
pub mod keys;
pub mod location;
pub mod path;
pub mod proactive;
pub mod raw;
pub mod report;
pub mod requests;
