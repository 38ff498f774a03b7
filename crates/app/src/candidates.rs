//! Candidates' versions: a record's version is the time it was last saved. The API sends it as an
//! entity tag and takes it back in `If-Match`; the edit form carries it in a hidden field. Saving
//! with a version ([`hitstaff_store::Store::update_candidate_from`]) refuses to overwrite an edit
//! made meanwhile.

use hitstaff_domain::Candidate;
use time::OffsetDateTime;

/// The candidate's version as a tag (`"<nanoseconds>"`, an HTTP entity tag).
pub fn version_tag(c: &Candidate) -> String {
    format!("\"{}\"", c.updated_at.unix_timestamp_nanos())
}

/// The version a tag names (as [`version_tag`] writes it; a weak `W/` prefix is allowed), or
/// `None` when it names none.
pub fn version_from_tag(raw: &str) -> Option<OffsetDateTime> {
    let inner = raw.trim().trim_start_matches("W/").trim_matches('"');
    inner
        .parse::<i128>()
        .ok()
        .and_then(|n| OffsetDateTime::from_unix_timestamp_nanos(n).ok())
}
