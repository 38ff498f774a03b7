//! Markdown written by recruiters (a posting's description) as HTML that is safe to show anyone:
//! rendered with pulldown-cmark (CommonMark, tables and strikethrough), then sanitised with
//! ammonia, after rendering and never before (raw HTML in the Markdown passes through the renderer
//! and is cleaned with the rest). No images (they would load from elsewhere), links open nothing
//! on our side (`rel="noopener noreferrer nofollow"`) and only http, https and mailto are kept.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;

/// The HTML of `markdown`, sanitised.
pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&rendered)
        .to_string()
}

/// The text of `markdown` without its markup, for places that take plain text (a feed's summary,
/// a share card), whitespace folded.
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::Event;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_safe_html(
            "## What you will do\n\n- Build **Beaker** CP\n- Support go-live\n\n[Apply](https://example.org/apply)",
        );
        assert!(html.contains("<h2>What you will do</h2>"), "{html}");
        assert!(
            html.contains("<li>Build <strong>Beaker</strong> CP</li>"),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<a href="https://example.org/apply" rel="noopener noreferrer nofollow">Apply</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn script_and_tricks_do_not_survive() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=https://evil.example></iframe>",
            "<p onclick=\"alert(1)\">hi</p>",
            "<svg><script>alert(1)</script></svg>",
            "![pic](https://evil.example/track.gif)",
            "<style>body{display:none}</style>",
        ] {
            let html = to_safe_html(hostile);
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "onclick",
                "<img",
                "<style",
                "<svg",
            ] {
                assert!(!html.contains(bad), "{hostile} -> {html}");
            }
        }
    }

    #[test]
    fn plain_text_drops_the_markup() {
        assert_eq!(
            to_plain_text("## Role\n\nBuild **Beaker** and [apply](https://x.example)."),
            "Role Build Beaker and apply ."
        );
    }
}
