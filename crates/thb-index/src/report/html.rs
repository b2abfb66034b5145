//! The report as one self-contained HTML page: inline CSS and inline SVG, no script, no font
//! file, no image or link outside the page. The markup is XHTML-style (every element closed)
//! so that it can be checked for well-formedness.

use super::document::{Block, Card, Document, Table};
use super::svg::escape;

const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #ffffff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
header { padding: 24px 32px 8px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 28px; }
.sub { margin: 0 0 12px; color: var(--muted); }
.banner { margin: 12px 0; padding: 12px 16px; border: 2px solid #b35900; background: #fff4d6;
  color: #5c2e00; font-weight: 600; border-radius: 6px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 12px; }
nav a { color: var(--accent); text-decoration: none; }
main { padding: 0 32px 32px; max-width: 1280px; }
section { margin-top: 28px; }
h2 { font-size: 22px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 0; }
.chart { display: block; max-width: 100%; height: auto; margin: 12px 0 20px; border: 1px solid var(--line); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
th { background: var(--soft); text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfbfc; }
.wide { overflow-x: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 12px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; break-inside: avoid; }
.card .sub { margin: 2px 0 6px; }
.card table { width: 100%; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 12px; overflow-x: auto; font-size: 12px; }
footer { padding: 16px 32px; color: var(--muted); border-top: 1px solid var(--line); font-size: 13px; }
@media print { nav { display: none; } .card { page-break-inside: avoid; } }
"#;

/// Renders the document as an HTML page.
pub(crate) fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(1 << 16);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&doc.title)));
    out.push_str(&format!(
        "<style>{CSS}</style>\n</head>\n<body>\n<header>\n"
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    out.push_str(&format!("<p class=\"sub\">{}</p>\n", escape(&doc.subtitle)));
    if let Some(banner) = &doc.banner {
        out.push_str(&format!(
            "<div class=\"banner\" role=\"alert\">{}</div>\n",
            escape(banner)
        ));
    }
    out.push_str("<nav>");
    for s in &doc.sections {
        out.push_str(&format!("<a href=\"#{}\">{}</a>", s.id, escape(&s.title)));
    }
    out.push_str("</nav>\n</header>\n<main>\n");
    for s in &doc.sections {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            s.id,
            escape(&s.title)
        ));
        for b in &s.blocks {
            block(&mut out, b);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n<footer>");
    out.push_str(
        "Self-contained report: no script and nothing loaded from the network. \
         Charts are SVG; hover over a mark for its exact value.",
    );
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
        Block::Facts(facts) => {
            out.push_str("<dl class=\"facts\">\n");
            for (k, v) in facts {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v)));
            }
            out.push_str("</dl>\n");
        }
        Block::Chart { svg, .. } => out.push_str(svg),
        Block::Table(t) => table(out, t),
        Block::Code(text) => out.push_str(&format!("<pre>{}</pre>\n", escape(text))),
        Block::Cards(cards) => {
            out.push_str("<div class=\"cards\">\n");
            for c in cards {
                card(out, c);
            }
            out.push_str("</div>\n");
        }
    }
}

fn card(out: &mut String, c: &Card) {
    out.push_str(&format!(
        "<article class=\"card\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"sub\">{}</p>\n",
        escape(&c.id),
        escape(&c.title),
        escape(&c.subtitle)
    ));
    for b in &c.blocks {
        block(out, b);
    }
    out.push_str("</article>\n");
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<div class=\"wide\"><table>\n");
    out.push_str(&format!(
        "<caption>{}</caption>\n<thead><tr>",
        escape(&t.caption)
    ));
    for c in &t.columns {
        let class = if c.numeric { " class=\"n\"" } else { "" };
        out.push_str(&format!("<th{class}>{}</th>", escape(&c.name)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (cell, col) in row.iter().zip(&t.columns) {
            let class = if col.numeric { " class=\"n\"" } else { "" };
            match &cell.anchor {
                Some(a) => out.push_str(&format!(
                    "<td{class}><a href=\"#{}\">{}</a></td>",
                    escape(a),
                    escape(&cell.text)
                )),
                None => out.push_str(&format!("<td{class}>{}</td>", escape(&cell.text))),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}
