//! The search document of a candidate: the text fields searched, the exact fields filtered on,
//! and the facets counted.

use hitstaff_domain::{Candidate, Stage};
use hitstaff_matching::geo::Places;
use hitstaff_taxonomy::Taxonomy;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

/// The fields of the schema, by handle.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub org: Field,
    /// The person's name: searched with typo tolerance, never stemmed.
    pub name: Field,
    pub headline: Field,
    /// Titles, employers, skills, tags and resume text: searched, and shown as snippets.
    pub body: Field,
    /// Taxonomy ids, each with its ancestors (`epic` finds every Epic module).
    pub skill: Field,
    pub state: Field,
    pub model: Field,
    pub stage: Field,
    pub tag: Field,
    /// Julian day from which the candidate is available (0: no date given, available now).
    pub available: Field,
    pub lat: Field,
    pub lon: Field,
    pub facet: Field,
}

/// The searched text of a candidate besides their name, headline and resumes: employer, titles
/// at employers, skill names and tags, a line each.
pub fn body_text(c: &Candidate) -> String {
    let t = Taxonomy::get();
    let f = &c.fields;
    let mut body = String::new();
    let mut line = |s: &str| {
        body.push_str(s);
        body.push('\n');
    };
    if let Some(e) = &f.current_employer {
        line(e);
    }
    for e in &f.experience {
        line(&format!("{} at {}", e.title, e.employer));
    }
    for s in &f.skills {
        if let Some(k) = t.get_skill(&s.skill) {
            line(&k.name);
        }
    }
    for tag in &f.tags {
        line(tag);
    }
    body
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        org: b.add_text_field("org", STRING),
        name: b.add_text_field("name", text("default")),
        headline: b.add_text_field("headline", text("en_stem")),
        body: b.add_text_field("body", text("en_stem")),
        skill: b.add_text_field("skill", STRING),
        state: b.add_text_field("state", STRING),
        model: b.add_text_field("model", STRING),
        stage: b.add_text_field("stage", STRING),
        tag: b.add_text_field("tag", STRING),
        available: b.add_i64_field("available", INDEXED | FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST | STORED),
        lon: b.add_f64_field("lon", INDEXED | FAST | STORED),
        facet: b.add_facet_field("facet", FacetOptions::default()),
    };
    (b.build(), fields)
}

impl Fields {
    /// A candidate's document, with the text of their resumes and the stages of their pipelines.
    pub fn document(&self, c: &Candidate, resume_text: &str, stages: &[Stage]) -> TantivyDocument {
        let t = Taxonomy::get();
        let f = &c.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, c.id.to_string());
        doc.add_text(self.org, c.org_id.to_string());
        doc.add_text(self.name, f.name.as_str());
        if let Some(h) = &f.headline {
            doc.add_text(self.headline, h);
        }
        let mut body = body_text(c);
        let mut skills: Vec<&str> = Vec::new();
        for s in &f.skills {
            skills.push(s.skill.as_str());
            skills.extend(t.ancestors(&s.skill).map(|a| a.id.as_str()));
        }
        skills.sort_unstable();
        skills.dedup();
        for s in skills {
            doc.add_text(self.skill, s);
            doc.add_facet(self.facet, Facet::from_path(["skill", s]));
        }
        for tag in &f.tags {
            doc.add_text(self.tag, tag.to_lowercase());
        }
        body.push_str(resume_text);
        doc.add_text(self.body, body);
        if let Some(l) = &f.location {
            doc.add_text(self.state, l.state.code());
            doc.add_facet(self.facet, Facet::from_path(["state", l.state.code()]));
            if let Some(p) = Places::get().locate(l) {
                doc.add_f64(self.lat, p.lat);
                doc.add_f64(self.lon, p.lon);
            }
        }
        for m in &f.preferences.models {
            doc.add_text(self.model, m.code());
            doc.add_facet(self.facet, Facet::from_path(["model", m.code()]));
        }
        let mut stages = stages.to_vec();
        stages.sort_unstable_by_key(|s| s.code());
        stages.dedup();
        for s in stages {
            doc.add_text(self.stage, s.code());
            doc.add_facet(self.facet, Facet::from_path(["stage", s.code()]));
        }
        doc.add_i64(
            self.available,
            f.available_from.map_or(0, |d| i64::from(d.to_julian_day())),
        );
        doc
    }
}
