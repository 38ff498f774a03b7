//! Documents to text: every format, and every way a file can be bad.

use hitstaff_ingest::extract::{ExtractError, Format, Limits, Sandbox, extract, sniff};
use hitstaff_synth::document::{self, Layout, Source};
use std::time::Duration;

const RESUME: &str = "\
Dana Whitfield
Madison, WI 53703 · dana.whitfield@example.com · (608) 555-0142
> ## SKILLS
> - Epic Beaker CP
> - HL7 v2, Rhapsody
> - SQL, Crystal Reports
## EXPERIENCE
Senior Application Analyst, Lakeview Health | Jan 2019 – Present
- Led the Epic Beaker AP build for a 12-lab go-live; résumé of 40 interfaces.
| Epic Systems | Beaker Analyst | 2015 – 2018
## EDUCATION
B.S. Medical Laboratory Science, University of Wisconsin, 2014
";

fn sandbox() -> Sandbox {
    Sandbox::new(env!("CARGO_BIN_EXE_hitstaff-extract"), std::iter::empty::<&str>())
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_format_reads_to_the_same_words() {
    let source = Source::parse(RESUME);
    for two_columns in [false, true] {
        let layout = Layout {
            two_columns,
            contact_in_page_header: two_columns,
        };
        let files: Vec<(Format, Vec<u8>)> = vec![
            (Format::Text, document::text(&source).into_bytes()),
            (Format::Html, document::html(&source, layout).into_bytes()),
            (Format::Rtf, document::rtf(&source)),
            (Format::Docx, document::docx(&source, layout).expect("docx")),
            (Format::Pdf, document::pdf(&source, layout)),
        ];
        for (format, bytes) in files {
            let got = sandbox()
                .extract(&bytes)
                .unwrap_or_else(|e| panic!("{format}: {e}"));
            assert_eq!(got.format, format);
            let text = words(&got.text);
            for expected in [
                "Dana Whitfield",
                "dana.whitfield@example.com",
                "(608) 555-0142",
                "Epic Beaker CP",
                "Senior Application Analyst, Lakeview Health | Jan 2019 – Present",
                "résumé of 40 interfaces",
                "B.S. Medical Laboratory Science, University of Wisconsin, 2014",
            ] {
                assert!(
                    text.contains(expected),
                    "{format} (two columns: {two_columns}) lost {expected:?}:\n{}",
                    got.text
                );
            }
            // Reading order: the experience heading comes before the role, the role before education.
            let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
            assert!(
                at("EXPERIENCE") < at("Senior Application Analyst"),
                "{format}: {}",
                got.text
            );
            assert!(
                at("Senior Application Analyst") < at("EDUCATION"),
                "{format}: {}",
                got.text
            );
        }
    }
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(*name, options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[test]
fn odt_reads() {
    let content = br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
<text:h>Priya Raman</text:h><text:p>Epic<text:s text:c="2"/>Willow Inpatient analyst &amp; trainer</text:p><text:p>Cerner PharmNet, 2016<text:tab/>2020</text:p>
</office:text></office:body></office:document-content>"#;
    let bytes = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content),
    ]);
    let got = sandbox().extract(&bytes).expect("odt");
    assert_eq!(got.format, Format::Odt);
    assert_eq!(
        got.text,
        "Priya Raman\nEpic  Willow Inpatient analyst & trainer\nCerner PharmNet, 2016\t2020\n"
    );
}

#[test]
fn sniffing_goes_by_content_not_name() {
    assert_eq!(sniff(b"%PDF-1.7\n"), Ok(Format::Pdf));
    assert_eq!(sniff(b"{\\rtf1\\ansi hello}"), Ok(Format::Rtf));
    assert_eq!(sniff(b"<!DOCTYPE html><p>hi</p>"), Ok(Format::Html));
    assert_eq!(
        sniff(b"Jane Doe\nEpic analyst <jane@example.com>\n"),
        Ok(Format::Text)
    );
    assert_eq!(sniff("Zoë Müller\n".as_bytes()), Ok(Format::Text));
    assert_eq!(sniff(b"\xFF\xFEJ\x00o\x00"), Ok(Format::Text));
    assert_eq!(sniff(b""), Err(ExtractError::Empty));
    for (bytes, mentions) in [
        (&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"[..], "DOCX or PDF"),
        (b"\x89PNG\r\n\x1a\n....", "not pictures"),
        (b"\xFF\xD8\xFF\xE0....", "not pictures"),
        (b"\x7FELF\x02\x01", "own PDF"),
        (
            b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x00\x00\x00",
            "PDF, DOCX, ODT, RTF, HTML or plain text",
        ),
    ] {
        let err = sniff(bytes).expect_err("refused");
        assert!(matches!(err, ExtractError::Unsupported { .. }), "{err:?}");
        assert!(err.to_string().contains(mentions), "{err}");
    }
    let zip = zip_of(&[("notes.txt", b"not a resume")]);
    assert!(sniff(&zip).expect_err("zip").to_string().contains("unzip it"));
}

#[test]
fn windows_1252_text_reads() {
    let got =
        extract(b"Jos\xE9 Garc\xEDa \x96 Epic Cadence analyst with 10 years of experience\n").expect("text");
    assert_eq!(
        got.text,
        "José García – Epic Cadence analyst with 10 years of experience\n"
    );
}

#[test]
fn a_zip_bomb_is_refused() {
    // 64 MiB of zeros deflates to about 64 KiB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let mut xml = b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>".to_vec();
    xml.extend_from_slice(&zeros);
    let bytes = zip_of(&[("word/document.xml", &xml)]);
    assert!(bytes.len() < 1024 * 1024, "the bomb is small: {}", bytes.len());
    let err = sandbox().extract(&bytes).expect_err("bomb");
    assert!(
        matches!(
            err,
            ExtractError::ZipBomb {
                format: Format::Docx,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

/// A PDF whose one content stream is `inflated` bytes of zeros, deflated.
fn pdf_with_stream_of(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..inflated / chunk.len() {
        z.write_all(&chunk).expect("deflate");
    }
    let data = z.finish().expect("deflate");
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
        3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        .to_vec();
    pdf.extend_from_slice(
        format!(
            "4 0 obj << /Length {} /Filter /FlateDecode >>\nstream\n",
            data.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    pdf
}

#[test]
fn a_pdf_flate_bomb_is_refused_before_the_pdf_reader_inflates_it() {
    // A gigabyte of zeros deflates to about a megabyte: under the file limit, over any sense.
    let bomb = pdf_with_stream_of(1024 * 1024 * 1024);
    assert!(bomb.len() < 2 * 1024 * 1024, "the bomb is small: {}", bomb.len());
    let err = sandbox().extract(&bomb).expect_err("bomb");
    assert!(
        matches!(
            err,
            ExtractError::ZipBomb {
                format: Format::Pdf,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("zip bomb"), "{err}");
    // A PDF whose streams inflate to a few megabytes (pictures do) is no bomb: it gets as far as
    // the PDF reader, which finds no text in zeros.
    let err = sandbox()
        .extract(&pdf_with_stream_of(8 * 1024 * 1024))
        .expect_err("no text");
    assert!(!matches!(err, ExtractError::ZipBomb { .. }), "{err:?}");
}

#[test]
fn a_docx_of_300000_paragraphs_gives_a_bounded_profile() {
    let mut xml = b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Jo Park</w:t></w:r></w:p>\
        <w:p><w:r><w:t>jo@example.com</w:t></w:r></w:p><w:p><w:r><w:t>EDUCATION</w:t></w:r></w:p>"
        .to_vec();
    for i in 0..300_000 {
        xml.extend_from_slice(format!("<w:p><w:r><w:t>BS {i}, Example College</w:t></w:r></w:p>").as_bytes());
    }
    xml.extend_from_slice(b"</w:body></w:document>");
    let bytes = zip_of(&[("word/document.xml", &xml)]);
    assert!(
        bytes.len() < 2 * 1024 * 1024,
        "the file is small: {}",
        bytes.len()
    );
    match sandbox().extract(&bytes) {
        // Either the text is over the limit for one resume...
        Err(ExtractError::TooMuchText { .. }) => {}
        // ...or what is read of it is bounded.
        Ok(got) => {
            let p = hitstaff_ingest::parse(&got.text, time::macros::date!(2026 - 11 - 22));
            assert_eq!(p.education.len(), hitstaff_ingest::MAX_ENTRIES);
            assert!(p.roles.len() <= hitstaff_ingest::MAX_ROLES);
            assert!(p.skills.iter().all(|s| s.evidence.len() <= 50));
        }
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn damaged_files_say_so() {
    let source = Source::parse(RESUME);
    let docx = document::docx(&source, Layout::default()).expect("docx");
    let truncated = &docx[..docx.len() / 2];
    let err = sandbox().extract(truncated).expect_err("truncated docx");
    assert!(matches!(err, ExtractError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");

    let pdf = document::pdf(&source, Layout::default());
    let err = sandbox().extract(&pdf[..200]).expect_err("truncated pdf");
    assert!(
        matches!(
            err,
            ExtractError::Corrupt {
                format: Format::Pdf,
                ..
            } | ExtractError::NoText { format: Format::Pdf }
        ),
        "{err:?}"
    );

    let rtf = b"{\\rtf1 }}}}";
    let err = sandbox().extract(rtf).expect_err("bad rtf");
    assert!(
        matches!(
            err,
            ExtractError::Corrupt {
                format: Format::Rtf,
                ..
            }
        ),
        "{err:?}"
    );

    let err = sandbox().extract(
        &vec![b'{'; 5000]
            .into_iter()
            .chain(b"\\rtf".iter().copied())
            .collect::<Vec<_>>(),
    );
    assert!(err.is_err());
}

#[test]
fn an_encrypted_pdf_says_so() {
    let err = sandbox().extract(ENCRYPTED_PDF).expect_err("encrypted");
    assert_eq!(err, ExtractError::Encrypted);
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn a_scanned_pdf_has_no_text() {
    let source = Source::parse("## \n");
    let pdf = document::pdf(&source, Layout::default());
    let err = sandbox().extract(&pdf).expect_err("empty");
    assert_eq!(err, ExtractError::NoText { format: Format::Pdf });
}

#[test]
fn limits_hold() {
    let source = Source::parse(RESUME);
    let pdf = document::pdf(&source, Layout::default());
    // A document under the inflation cap that needs more memory than allowed: reported as memory,
    // not as a hang or a crash.
    let mut xml = b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>".to_vec();
    xml.extend(std::iter::repeat_n(b'a', 30 * 1024 * 1024));
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let big = zip_of(&[("word/document.xml", &xml)]);
    let starved = sandbox().with_limits(Limits {
        memory_mib: 48,
        ..Limits::default()
    });
    let err = starved.extract(&big).expect_err("starved");
    assert!(
        matches!(err, ExtractError::OutOfMemory { limit_mib: 48, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("48 MiB"), "{err}");
    // Too little output allowed.
    let terse = sandbox().with_limits(Limits {
        output_bytes: 50,
        ..Limits::default()
    });
    let err = terse.extract(&pdf).expect_err("too much text");
    assert!(matches!(err, ExtractError::TooMuchText { .. }), "{err:?}");
    // A worker that never answers is killed on time.
    let slow = Sandbox::new("/bin/sleep", ["30"]).with_limits(Limits {
        time: Duration::from_millis(300),
        ..Limits::default()
    });
    let started = std::time::Instant::now();
    let err = slow.extract(&pdf).expect_err("slow");
    assert!(matches!(err, ExtractError::TimedOut { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A worker that cannot be started is the server's problem, said so.
    let missing = Sandbox::new("/nonexistent/worker", std::iter::empty::<&str>());
    let err = missing.extract(&pdf).expect_err("missing");
    assert!(err.to_string().contains("server problem"), "{err}");
    // Plain text never needs the worker.
    assert!(missing.extract(RESUME.as_bytes()).is_ok());
    // Files over the cap are refused before anything reads them.
    let big = vec![b'a'; hitstaff_ingest::extract::MAX_FILE_BYTES + 1];
    assert!(matches!(
        missing.extract(&big),
        Err(ExtractError::TooLarge { .. })
    ));
}

/// A one-page PDF encrypted with RC4 (user password "secret").
const ENCRYPTED_PDF: &[u8] = include_bytes!("data/encrypted.pdf");

#[test]
fn nul_padding_and_utf16_without_a_byte_order_mark_still_read() {
    let line = "Ana Lopez\nEpic Beaker analyst, Austin, TX\n";
    // Some tools pad a file with NUL bytes; the text before them is the resume.
    let mut padded = line.as_bytes().to_vec();
    padded.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(extract(&padded).expect("padded text").text, line);

    // Windows writes UTF-16 little-endian, and not every program adds the byte-order mark.
    let le: Vec<u8> = line.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(extract(&le).expect("UTF-16LE").text, line);
    let be: Vec<u8> = "José García\nInterface analyst\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert_eq!(
        extract(&be).expect("UTF-16BE").text,
        "José García\nInterface analyst\n"
    );

    // A file of mostly control bytes is still not text.
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 32) as u8).collect();
    let refused = extract(&noise).expect_err("binary");
    assert!(refused.to_string().contains("binary"), "{refused}");
}
