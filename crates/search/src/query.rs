//! Reading a search: the words (phrases, AND/OR/NOT, `field:value`), the filters beside them,
//! the hits with snippets, and the facet counts.

use crate::document::Fields;
use crate::{Result, SearchError};
use hitstaff_domain::{CandidateId, OrgId, SkillId, Stage, UsState, WorkModel};
use hitstaff_matching::geo::Point;
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// A search: words and filters, all of which must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// Words, "exact phrases", AND / OR / NOT (or + and -), and `field:value` for `name`,
    /// `headline`, `body`, `skill`, `state`, `model`, `stage` and `tag`. Names forgive a typo.
    pub q: String,
    /// Holds each of these skills (or a part of it: `epic` finds every Epic module).
    pub skills: Vec<SkillId>,
    pub state: Option<UsState>,
    /// Lives within this many miles of this point.
    pub near: Option<(Point, f64)>,
    /// Available on or before this day (or no date given).
    pub available_by: Option<time::Date>,
    pub model: Option<WorkModel>,
    pub stage: Option<Stage>,
    pub tag: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One candidate found.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub candidate_id: CandidateId,
    pub name: String,
    pub headline: Option<String>,
    /// Relevance (higher is better); comparable within one search only.
    pub score: f32,
    /// Where the words were found, HTML-escaped, the words in `<b>`.
    pub snippet_html: String,
}

/// A value of a facet and how many of the candidates found have it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts by skill, state, work model and pipeline stage over everything found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Facet {
    pub skills: Vec<FacetCount>,
    pub states: Vec<FacetCount>,
    pub models: Vec<FacetCount>,
    pub stages: Vec<FacetCount>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// How many candidates match (with a distance filter: how many lie in the square around the
    /// place; the hits themselves are checked against the circle).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facet,
}

fn term(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn f64_range(field: tantivy::schema::Field, lo: f64, hi: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, lo)),
        Bound::Included(Term::from_field_f64(field, hi)),
    ))
}

/// Apostrophes inside words ("O'Brien", "St. Mary's") are not quotes: the tokenizer splits the
/// word there anyway, so they become a space (outside double-quoted phrases).
fn apostrophes(words: &str) -> String {
    let chars: Vec<char> = words.chars().collect();
    let mut quoted = false;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == '"' {
                quoted = !quoted;
            }
            let inside = i > 0 && chars[i - 1].is_alphanumeric();
            if matches!(c, '\'' | '\u{2019}') && !quoted && inside {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A plain search with the skills it names widened to the people who hold them: each skill named
/// ("ClinDoc", "Epic ClinDoc", "beaker", a certificate's full name) becomes "holds that skill,
/// ranked well above, or the words themselves", so that every alias finds the same people and a
/// skill beats a typo-forgiven name (Beaker analysts before people called Baker). Searches written
/// with the query syntax (quotes, fields, brackets, AND / OR / NOT, + and -) are left as written.
fn with_skills(words: &str) -> String {
    let syntax = words.contains(['"', ':', '(', ')'])
        || words
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT") || w.starts_with(['+', '-']));
    if syntax {
        return words.to_string();
    }
    let mut out = String::new();
    let mut at = 0;
    for m in hitstaff_taxonomy::Normalizer::get().find_in_query(words) {
        if m.span.start < at {
            continue;
        }
        out.push_str(&words[at..m.span.start]);
        out.push_str(&format!("(skill:\"{}\"^4 OR \"{}\")", m.skill, m.text(words)));
        at = m.span.end;
    }
    out.push_str(&words[at..]);
    out
}

pub(crate) fn run(
    index: &Index,
    searcher: &Searcher,
    f: &Fields,
    org: OrgId,
    r: &SearchRequest,
) -> Result<SearchResults> {
    let words = r.q.trim();
    let text: Option<Box<dyn Query>> = if words.is_empty() {
        None
    } else {
        let mut parser = QueryParser::for_index(index, vec![f.name, f.headline, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.name, 3.0);
        parser.set_field_boost(f.headline, 1.5);
        parser.set_field_fuzzy(f.name, false, 1, true);
        Some(
            parser
                .parse_query(&with_skills(&apostrophes(words)))
                .map_err(|e| {
                    SearchError::BadQuery(format!(
                        "the search {words:?} cannot be read ({e}); close every \"phrase\" and bracket, \
                 write AND, OR and NOT in capitals, and use a field name before a colon \
                 (name, headline, body, skill, state, model, stage, tag)"
                    ))
                })?,
        )
    };
    let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, term(f.org, &org.to_string()))];
    if let Some(q) = &text {
        all.push((Occur::Must, q.box_clone()));
    } else {
        all.push((Occur::Must, Box::new(AllQuery)));
    }
    for s in &r.skills {
        all.push((Occur::Must, term(f.skill, s.as_str())));
    }
    if let Some(s) = r.state {
        all.push((Occur::Must, term(f.state, s.code())));
    }
    if let Some(m) = r.model {
        all.push((Occur::Must, term(f.model, m.code())));
    }
    if let Some(s) = r.stage {
        all.push((Occur::Must, term(f.stage, s.code())));
    }
    if let Some(t) = &r.tag {
        all.push((Occur::Must, term(f.tag, &t.trim().to_lowercase())));
    }
    if let Some(by) = r.available_by {
        all.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.available, 0)),
                Bound::Included(Term::from_field_i64(f.available, i64::from(by.to_julian_day()))),
            )),
        ));
    }
    if let Some((p, miles)) = r.near {
        // The square around the circle: a degree of latitude is 69 miles; of longitude, 69
        // times the cosine of the latitude.
        let dlat = miles / 69.0;
        let dlon = miles / (69.0 * p.lat.to_radians().cos().max(0.01));
        all.push((Occur::Must, f64_range(f.lat, p.lat - dlat, p.lat + dlat)));
        all.push((Occur::Must, f64_range(f.lon, p.lon - dlon, p.lon + dlon)));
    }
    let query = BooleanQuery::new(all);

    let limit = r.limit.clamp(1, 200);
    let mut facets = FacetCollector::for_field("facet");
    for root in ["/skill", "/state", "/model", "/stage"] {
        facets.add_facet(root);
    }
    // With a distance, fetch more and keep those inside the circle.
    let fetch = if r.near.is_some() {
        (r.offset + limit) * 4
    } else {
        r.offset + limit
    };
    let (total, top, counts) = searcher.search(
        &query,
        &(Count, TopDocs::with_limit(fetch).order_by_score(), facets),
    )?;

    let snippets = match &text {
        Some(q) => {
            let mut g = SnippetGenerator::create(searcher, q.as_ref(), f.body)?;
            g.set_max_num_chars(180);
            Some(g)
        }
        None => None,
    };
    let mut hits = Vec::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text_of = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let number = |field| doc.get_first(field).and_then(|v| v.as_f64());
        if let Some((p, miles)) = r.near {
            let inside = match (number(f.lat), number(f.lon)) {
                (Some(lat), Some(lon)) => Point { lat, lon }.miles_to(p) <= miles,
                _ => false,
            };
            if !inside {
                continue;
            }
        }
        let Some(id) = text_of(f.id).and_then(|s| CandidateId::parse(&s).ok()) else {
            continue;
        };
        hits.push(Hit {
            candidate_id: id,
            name: text_of(f.name).unwrap_or_default(),
            headline: text_of(f.headline),
            score,
            snippet_html: snippets
                .as_ref()
                .map(|g| g.snippet_from_doc(&doc).to_html())
                .unwrap_or_default(),
        });
    }
    let hits: Vec<Hit> = hits.into_iter().skip(r.offset).take(limit).collect();

    let top_of = |root: &str| -> Vec<FacetCount> {
        counts
            .top_k(root, 12)
            .into_iter()
            .map(|(facet, count)| FacetCount {
                value: facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(),
                count,
            })
            .collect()
    };
    Ok(SearchResults {
        total,
        hits,
        facets: Facet {
            skills: top_of("/skill"),
            states: top_of("/state"),
            models: top_of("/model"),
            stages: top_of("/stage"),
        },
    })
}
