//! The report as Markdown (GitHub-flavoured pipe tables), for people who paste it into
//! documents. Charts are left out with a note; every table of the HTML report is here.

use super::document::{Block, Document, Table};

/// Escapes text for a Markdown paragraph or table cell: no HTML, no table break, no line break.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Renders the document as Markdown.
pub(crate) fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n\n{}\n\n", escape(&doc.title), escape(&doc.subtitle));
    if let Some(banner) = &doc.banner {
        out.push_str(&format!("> **⚠ {}**\n\n", escape(banner)));
    }
    out.push_str("Contents: ");
    let toc: Vec<String> = doc
        .sections
        .iter()
        .map(|s| format!("[{}](#{})", escape(&s.title), s.id))
        .collect();
    out.push_str(&toc.join(" · "));
    out.push_str("\n\n");
    for s in &doc.sections {
        out.push_str(&format!(
            "<a id=\"{}\"></a>\n\n## {}\n\n",
            s.id,
            escape(&s.title)
        ));
        for b in &s.blocks {
            block(&mut out, b, 3);
        }
    }
    out
}

fn block(out: &mut String, b: &Block, heading: usize) {
    match b {
        Block::Paragraph(text) => out.push_str(&format!("{}\n\n", escape(text))),
        Block::Facts(facts) => {
            for (k, v) in facts {
                out.push_str(&format!("- **{}**: {}\n", escape(k), escape(v)));
            }
            out.push('\n');
        }
        Block::Chart { alt, .. } => out.push_str(&format!(
            "*Chart of {} omitted: see the HTML report (`thb report --format html`).*\n\n",
            escape(alt)
        )),
        Block::Table(t) => table(out, t),
        Block::Code(text) => {
            out.push_str(&format!("```\n{}\n```\n\n", text.replace("```", "` ` `")))
        }
        Block::Cards(cards) => {
            for c in cards {
                out.push_str(&format!(
                    "<a id=\"{}\"></a>\n\n{} {}\n\n{}\n\n",
                    escape(&c.id).replace(' ', "-"),
                    "#".repeat(heading),
                    escape(&c.title),
                    escape(&c.subtitle)
                ));
                for b in &c.blocks {
                    block(out, b, heading + 1);
                }
            }
        }
    }
}

fn table(out: &mut String, t: &Table) {
    out.push_str(&format!("**{}**\n\n", escape(&t.caption)));
    let header: Vec<String> = t.columns.iter().map(|c| escape(&c.name)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let align: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", align.join("|")));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match &c.anchor {
                Some(a) => format!("[{}](#{})", escape(&c.text), escape(a)),
                None => escape(&c.text),
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(
            escape("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
