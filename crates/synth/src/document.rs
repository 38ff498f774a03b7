//! Resumes as documents: one light markup rendered to plain text, HTML, RTF, DOCX and PDF, in one
//! or two columns. The resume generator and the labelled corpus both write this markup, so every
//! format a recruiter receives can be made from the same words.
//!
//! The markup, line by line:
//! - lines before the first heading are the header (name, contact details);
//! - `## TITLE` starts a section;
//! - `- text` is a bullet;
//! - `| a | b | c` is a table row;
//! - a leading `>` puts the line in the sidebar (the left column of a two-column layout; in one
//!   column the sidebar follows the header);
//! - anything else is a paragraph.

use std::io::Write;

/// One line of a resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Bullet(String),
    Row(Vec<String>),
}

/// A resume ready to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub header: Vec<String>,
    pub side: Vec<Block>,
    pub main: Vec<Block>,
}

impl Source {
    /// Reads the markup.
    pub fn parse(markup: &str) -> Self {
        let mut source = Source::default();
        let mut in_header = true;
        for raw in markup.lines() {
            let (side, line) = match raw.strip_prefix('>') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, raw),
            };
            let line = line.trim_end();
            if line.trim().is_empty() {
                continue;
            }
            let block = if let Some(h) = line.strip_prefix("## ") {
                in_header = false;
                Block::Heading(h.trim().to_string())
            } else if let Some(b) = line.strip_prefix("- ") {
                Block::Bullet(b.trim().to_string())
            } else if let Some(r) = line.strip_prefix('|') {
                Block::Row(
                    r.split('|')
                        .map(|c| c.trim().to_string())
                        .filter(|c| !c.is_empty())
                        .collect(),
                )
            } else {
                Block::Paragraph(line.trim().to_string())
            };
            match (side, in_header, block) {
                (true, _, block) => source.side.push(block),
                (false, true, Block::Paragraph(p)) => source.header.push(p),
                (false, _, block) => {
                    in_header = false;
                    source.main.push(block);
                }
            }
        }
        source
    }

    /// Sidebar then main: the reading order of one column.
    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.side.iter().chain(&self.main)
    }
}

/// Page layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// A sidebar column beside the main one (DOCX as a two-cell table, PDF as two text columns).
    pub two_columns: bool,
    /// The header lines in the page header (DOCX) rather than the body.
    pub contact_in_page_header: bool,
}

/// Plain text, as a candidate would paste it.
pub fn text(source: &Source) -> String {
    let mut out = String::new();
    for h in &source.header {
        out.push_str(h);
        out.push('\n');
    }
    for block in source.blocks() {
        match block {
            Block::Heading(h) => {
                out.push('\n');
                out.push_str(h);
                out.push('\n');
            }
            Block::Paragraph(p) => {
                out.push_str(p);
                out.push('\n');
            }
            Block::Bullet(b) => {
                out.push_str("• ");
                out.push_str(b);
                out.push('\n');
            }
            Block::Row(cells) => {
                out.push_str(&cells.join(" | "));
                out.push('\n');
            }
        }
    }
    out
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// HTML, as a resume site or a saved web page would have it.
pub fn html(source: &Source, layout: Layout) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Resume</title><style>body{font-family:sans-serif}</style></head><body>\n",
    );
    for (i, h) in source.header.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("<h1>{}</h1>\n", escape_xml(h)));
        } else {
            out.push_str(&format!("<p class=\"contact\">{}</p>\n", escape_xml(h)));
        }
    }
    let blocks = |out: &mut String, blocks: &[Block]| {
        let mut in_list = false;
        let mut in_table = false;
        for block in blocks {
            if in_list && !matches!(block, Block::Bullet(_)) {
                out.push_str("</ul>\n");
                in_list = false;
            }
            if in_table && !matches!(block, Block::Row(_)) {
                out.push_str("</table>\n");
                in_table = false;
            }
            match block {
                Block::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", escape_xml(h))),
                Block::Paragraph(p) => out.push_str(&format!("<p>{}</p>\n", escape_xml(p))),
                Block::Bullet(b) => {
                    if !in_list {
                        out.push_str("<ul>\n");
                        in_list = true;
                    }
                    out.push_str(&format!("  <li>{}</li>\n", escape_xml(b)));
                }
                Block::Row(cells) => {
                    if !in_table {
                        out.push_str("<table>\n");
                        in_table = true;
                    }
                    out.push_str("<tr>");
                    for c in cells {
                        out.push_str(&format!("<td>{}</td>", escape_xml(c)));
                    }
                    out.push_str("</tr>\n");
                }
            }
        }
        if in_list {
            out.push_str("</ul>\n");
        }
        if in_table {
            out.push_str("</table>\n");
        }
    };
    if layout.two_columns {
        out.push_str("<div class=\"columns\"><aside>\n");
        blocks(&mut out, &source.side);
        out.push_str("</aside><main>\n");
        blocks(&mut out, &source.main);
        out.push_str("</main></div>\n");
    } else {
        let all: Vec<Block> = source.blocks().cloned().collect();
        blocks(&mut out, &all);
    }
    out.push_str("</body></html>\n");
    out
}

fn escape_rtf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() => out.push(c),
            c => {
                // \uN takes a signed 16-bit number; characters beyond the BMP become "?".
                let n = u16::try_from(u32::from(c)).map_or(63, |n| n as i16);
                out.push_str(&format!("\\u{n}?"));
            }
        }
    }
    out
}

/// RTF, as older word processors save it.
pub fn rtf(source: &Source) -> Vec<u8> {
    let mut out = String::from(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}{\\colortbl;\\red0\\green0\\blue0;}\n{\\info{\\title Resume}{\\author hitstaff}}\n\\f0\\fs22\n",
    );
    for (i, h) in source.header.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{{\\b\\fs32 {}}}\\par\n", escape_rtf(h)));
        } else {
            out.push_str(&format!("{}\\par\n", escape_rtf(h)));
        }
    }
    for block in source.blocks() {
        match block {
            Block::Heading(h) => out.push_str(&format!("\\par{{\\b {}}}\\par\n", escape_rtf(h))),
            Block::Paragraph(p) => out.push_str(&format!("{}\\par\n", escape_rtf(p))),
            Block::Bullet(b) => out.push_str(&format!("\\bullet\\tab {}\\par\n", escape_rtf(b))),
            Block::Row(cells) => {
                out.push_str("\\trowd");
                for i in 1..=cells.len() {
                    out.push_str(&format!("\\cellx{}", i * 3000));
                }
                out.push('\n');
                for c in cells {
                    out.push_str(&format!("\\intbl {}\\cell ", escape_rtf(c)));
                }
                out.push_str("\\row\n");
            }
        }
    }
    out.push_str("}\n");
    out.into_bytes()
}

fn docx_paragraph(out: &mut String, text: &str, bold: bool) {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    out.push_str(&format!(
        "<w:p><w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape_xml(text)
    ));
}

fn docx_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(h) => docx_paragraph(out, h, true),
            Block::Paragraph(p) => docx_paragraph(out, p, false),
            Block::Bullet(b) => docx_paragraph(out, &format!("• {b}"), false),
            Block::Row(cells) => {
                out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tr>");
                for c in cells {
                    out.push_str("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>");
                    docx_paragraph(out, c, false);
                    out.push_str("</w:tc>");
                }
                out.push_str("</w:tr></w:tbl>");
            }
        }
    }
}

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// DOCX, as Word saves it: paragraphs, tables, optionally a two-cell layout table and the
/// contact details in the page header.
pub fn docx(source: &Source, layout: Layout) -> std::io::Result<Vec<u8>> {
    let mut body = String::new();
    let mut header = String::new();
    let header_target = if layout.contact_in_page_header {
        &mut header
    } else {
        &mut body
    };
    for (i, h) in source.header.iter().enumerate() {
        docx_paragraph(header_target, h, i == 0);
    }
    if layout.two_columns {
        body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tr><w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr>");
        docx_blocks(&mut body, &source.side);
        body.push_str("<w:p/></w:tc><w:tc><w:tcPr><w:tcW w:w=\"7000\" w:type=\"dxa\"/></w:tcPr>");
        docx_blocks(&mut body, &source.main);
        body.push_str("<w:p/></w:tc></w:tr></w:tbl>");
    } else {
        let all: Vec<Block> = source.blocks().cloned().collect();
        docx_blocks(&mut body, &all);
    }
    let has_header = !header.is_empty();
    let section = if has_header {
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/></w:sectPr>"
    } else {
        "<w:sectPr/>"
    };
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W_NS}><w:body>{body}{section}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut content_types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    );
    if has_header {
        content_types.push_str("<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>");
    }
    content_types.push_str("</Types>");
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
            if has_header { "<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>" } else { "" }
        )),
    ];
    for (name, content) in &parts {
        zip.start_file(*name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    if has_header {
        zip.start_file("word/header1.xml", options)?;
        zip.write_all(
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {W_NS}>{header}</w:hdr>").as_bytes(),
        )?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Characters outside Windows-1252 become "?" in the PDF's standard fonts.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '™' => 0x99,
            c if u32::from(c) < 0x80 || (0xA0..=0xFF).contains(&u32::from(c)) => u32::from(c) as u8,
            _ => b'?',
        })
        .collect()
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A line of PDF text: where, how big, bold or not.
struct PdfLine {
    text: String,
    bold: bool,
    size: f32,
}

fn pdf_lines(blocks: &[Block], width: usize) -> Vec<PdfLine> {
    let mut out = Vec::new();
    let plain = |text: String| PdfLine {
        text,
        bold: false,
        size: 10.0,
    };
    for block in blocks {
        match block {
            Block::Heading(h) => {
                out.push(plain(String::new()));
                out.push(PdfLine {
                    text: h.clone(),
                    bold: true,
                    size: 11.0,
                });
            }
            Block::Paragraph(p) => out.extend(wrap(p, width).into_iter().map(plain)),
            Block::Bullet(b) => {
                for (i, l) in wrap(b, width.saturating_sub(2)).into_iter().enumerate() {
                    out.push(plain(if i == 0 {
                        format!("• {l}")
                    } else {
                        format!("  {l}")
                    }));
                }
            }
            Block::Row(cells) => out.extend(wrap(&cells.join("   "), width).into_iter().map(plain)),
        }
    }
    out
}

/// PDF with the standard Helvetica fonts, one text column or a sidebar and a main column, each
/// column drawn top to bottom as word processors do, over as many pages as it takes.
pub fn pdf(source: &Source, layout: Layout) -> Vec<u8> {
    use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
    const PAGE_W: f32 = 612.0;
    const PAGE_H: f32 = 792.0;
    const TOP: f32 = 740.0;
    const BOTTOM: f32 = 60.0;
    const LEADING: f32 = 13.0;

    let mut header: Vec<PdfLine> = Vec::new();
    for (i, h) in source.header.iter().enumerate() {
        header.push(PdfLine {
            text: h.clone(),
            bold: i == 0,
            size: if i == 0 { 16.0 } else { 10.0 },
        });
    }
    // Columns: (x, lines). The header spans the page above them on page one.
    let columns: Vec<(f32, Vec<PdfLine>)> = if layout.two_columns {
        vec![
            (50.0, pdf_lines(&source.side, 30)),
            (230.0, pdf_lines(&source.main, 64)),
        ]
    } else {
        let all: Vec<Block> = source.blocks().cloned().collect();
        vec![(50.0, pdf_lines(&all, 95))]
    };
    // Lay each column out into pages.
    let header_height = header.len() as f32 * LEADING + 14.0;
    let mut pages: Vec<Content> = Vec::new();
    let page_of = |n: usize, pages: &mut Vec<Content>| {
        while pages.len() <= n {
            pages.push(Content::new());
        }
    };
    page_of(0, &mut pages);
    {
        let content = &mut pages[0];
        let mut y = TOP;
        for line in &header {
            content
                .begin_text()
                .set_font(Name(if line.bold { b"F2" } else { b"F1" }), line.size)
                .next_line(50.0, y)
                .show(Str(&win_ansi(&line.text)))
                .end_text();
            y -= LEADING + (line.size - 10.0);
        }
    }
    for (x, lines) in &columns {
        let mut page = 0;
        let mut y = TOP - header_height;
        for line in lines {
            if y < BOTTOM {
                page += 1;
                y = TOP;
            }
            page_of(page, &mut pages);
            if !line.text.is_empty() {
                pages[page]
                    .begin_text()
                    .set_font(Name(if line.bold { b"F2" } else { b"F1" }), line.size)
                    .next_line(*x, y)
                    .show(Str(&win_ansi(&line.text)))
                    .end_text();
            }
            y -= LEADING;
        }
    }
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, content) in pages.into_iter().enumerate() {
        let content_id = Ref::new(11 + 2 * i as i32);
        let mut page = pdf.page(page_ids[i]);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        drop(fonts);
        drop(resources);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}
