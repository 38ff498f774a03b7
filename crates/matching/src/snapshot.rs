//! The candidate index on disk, so that a start (or `hitstaff match`) reads a few compact records
//! per candidate instead of every candidate's whole record from the database: a header (what
//! wrote it, the taxonomy it numbers skills by, the last change it holds), then each
//! organisation's profiles. It is a cache: whatever does not read back exactly as this build
//! would write it is refused, and the index is loaded from the database instead.

use super::OrgIndex;
use crate::{Fact, Profile, geo};
use hitstaff_domain::{
    CandidateId, CredentialLevel, Currency, DesiredPay, Money, OrgId, PayUnit, Travel, UsState,
};
use hitstaff_store::FeedCursor;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use time::Date;

/// What a snapshot's records mean. Bump it whenever they change, or whenever [`Profile::of`]
/// reads a candidate differently: an older snapshot is then refused and rebuilt.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"hitstIX\n";

#[derive(Debug, Serialize, Deserialize)]
struct Head {
    format: u32,
    /// The build that wrote it.
    version: String,
    /// The taxonomy's skill ids in order: profiles name skills by position.
    taxonomy: Vec<String>,
    /// The last change the profiles include.
    cursor: (i64, i64),
    orgs: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct OrgHead {
    org: u128,
    candidates: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    id: u128,
    /// Taxonomy position, years in tenths, level (position in [`CredentialLevel::ALL`]), last used.
    skills: Vec<(u16, u16, u8, i16)>,
    longest: u16,
    spans: Vec<(i32, Option<i32>)>,
    go_live: bool,
    state: Option<u8>,
    point: Option<(f64, f64)>,
    models: u8,
    relocate: bool,
    /// Position in [`Travel::ALL`].
    travel: u8,
    /// Julian day.
    available_from: Option<i32>,
    /// Cents, currency and unit (positions in their `ALL`).
    pay: Option<(i64, u8, u8)>,
}

fn position<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter()
        .position(|a| a == x)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

fn nth<T: Copy>(all: &[T], i: u8, what: &str) -> Result<T, String> {
    all.get(usize::from(i))
        .copied()
        .ok_or_else(|| format!("a {what} this build does not know"))
}

fn taxonomy_ids() -> Vec<String> {
    hitstaff_taxonomy::Taxonomy::get()
        .all()
        .iter()
        .map(|s| s.id.as_str().to_string())
        .collect()
}

impl Record {
    fn of(id: CandidateId, p: &Profile, states: &[UsState]) -> Record {
        Record {
            id: id.0.as_u128(),
            skills: p
                .skills
                .iter()
                .map(|f| {
                    (
                        f.skill,
                        f.years_tenths,
                        position(CredentialLevel::ALL, &f.level),
                        f.last_used,
                    )
                })
                .collect(),
            longest: p.longest_skill_tenths,
            spans: p.spans.to_vec(),
            go_live: p.go_live,
            state: p.state.map(|s| position(states, &s)),
            point: p.point.map(|pt| (pt.lat, pt.lon)),
            models: p.models,
            relocate: p.relocate,
            travel: position(Travel::ALL, &p.travel),
            available_from: p.available_from.map(Date::to_julian_day),
            pay: p.desired_pay.map(|d| {
                (
                    d.amount.cents,
                    position(Currency::ALL, &d.amount.currency),
                    position(PayUnit::ALL, &d.unit),
                )
            }),
        }
    }

    fn profile(self, skills: usize, states: &[UsState]) -> Result<(CandidateId, Profile), String> {
        let facts = self
            .skills
            .into_iter()
            .map(|(skill, years_tenths, level, last_used)| {
                if usize::from(skill) >= skills {
                    return Err("a skill outside the taxonomy".to_string());
                }
                Ok(Fact {
                    skill,
                    years_tenths,
                    level: nth(CredentialLevel::ALL, level, "credential level")?,
                    last_used,
                })
            })
            .collect::<Result<Box<[Fact]>, String>>()?;
        let pay = match self.pay {
            Some((cents, currency, unit)) => Some(DesiredPay {
                amount: Money::new(cents, nth(Currency::ALL, currency, "currency")?),
                unit: nth(PayUnit::ALL, unit, "pay unit")?,
            }),
            None => None,
        };
        let available_from = match self.available_from {
            Some(day) => Some(Date::from_julian_day(day).map_err(|e| format!("a date out of range: {e}"))?),
            None => None,
        };
        Ok((
            CandidateId(uuid::Uuid::from_u128(self.id)),
            Profile {
                skills: facts,
                longest_skill_tenths: self.longest,
                spans: self.spans.into_boxed_slice(),
                go_live: self.go_live,
                state: match self.state {
                    Some(i) => Some(nth(states, i, "state")?),
                    None => None,
                },
                point: self.point.map(|(lat, lon)| geo::Point { lat, lon }),
                models: self.models,
                relocate: self.relocate,
                travel: nth(Travel::ALL, self.travel, "travel willingness")?,
                available_from,
                desired_pay: pay,
            },
        ))
    }
}

/// Writes the organisations' profiles as of `cursor` to `path`: a file beside it first, renamed
/// over it once complete (a reader never sees half a snapshot), readable by its owner only (it
/// holds where people live and the pay they ask). Returns the bytes written.
pub(super) fn write(
    orgs: &HashMap<OrgId, OrgIndex>,
    cursor: FeedCursor,
    path: &Path,
) -> std::io::Result<u64> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{}.part", std::process::id()));
    let part = std::path::PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&part)?;
    let written = (|| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, &file);
        let io = |e: postcard::Error| std::io::Error::other(e.to_string());
        w.write_all(MAGIC)?;
        let head = Head {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").into(),
            taxonomy: taxonomy_ids(),
            cursor: (cursor.xid, cursor.seq),
            orgs: u32::try_from(orgs.len()).map_err(std::io::Error::other)?,
        };
        postcard::to_io(&head, &mut w).map_err(io)?;
        let states: Vec<UsState> = UsState::all().collect();
        for (org, one) in orgs {
            postcard::to_io(
                &OrgHead {
                    org: org.0.as_u128(),
                    candidates: one.live as u64,
                },
                &mut w,
            )
            .map_err(io)?;
            for (id, p) in one.ids.iter().zip(&one.profiles) {
                if let Some(p) = p {
                    postcard::to_io(&Record::of(*id, p, &states), &mut w).map_err(io)?;
                }
            }
        }
        w.flush()?;
        drop(w);
        file.sync_all()?;
        file.metadata().map(|m| m.len())
    })();
    match written {
        Ok(bytes) => {
            std::fs::rename(&part, path)?;
            Ok(bytes)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

/// Reads a snapshot written by this build: the organisations' indexes and the last change they
/// include, or why it cannot be used.
pub(super) fn read(bytes: &[u8]) -> Result<(FeedCursor, HashMap<OrgId, OrgIndex>), String> {
    let corrupt = |e: postcard::Error| format!("it is damaged ({e})");
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("it is not a candidate index snapshot")?;
    let (head, mut rest): (Head, &[u8]) = postcard::take_from_bytes(rest).map_err(corrupt)?;
    if head.format != FORMAT || head.version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "another build wrote it (hitstaff {}, format {})",
            head.version, head.format
        ));
    }
    let taxonomy = taxonomy_ids();
    if head.taxonomy != taxonomy {
        return Err("it numbers skills by another taxonomy".into());
    }
    let states: Vec<UsState> = UsState::all().collect();
    let mut orgs = HashMap::new();
    for _ in 0..head.orgs {
        let (org, after): (OrgHead, &[u8]) = postcard::take_from_bytes(rest).map_err(corrupt)?;
        rest = after;
        let mut one = OrgIndex::default();
        for _ in 0..org.candidates {
            let (record, after): (Record, &[u8]) = postcard::take_from_bytes(rest).map_err(corrupt)?;
            rest = after;
            let (id, profile) = record.profile(taxonomy.len(), &states)?;
            one.upsert(id, profile);
        }
        orgs.insert(OrgId(uuid::Uuid::from_u128(org.org)), one);
    }
    if !rest.is_empty() {
        return Err("it has bytes past its end".into());
    }
    Ok((
        FeedCursor {
            xid: head.cursor.0,
            seq: head.cursor.1,
        },
        orgs,
    ))
}
