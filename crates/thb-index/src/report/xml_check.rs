//! Test support: a small well-formedness check for the SVG and (XHTML-style) HTML we write.
//!
//! It checks that every element is closed in order, attribute values are quoted, and every `&`
//! starts an entity; that is what escaping mistakes break.

/// `Ok` when `text` is well formed; otherwise the first problem and its byte offset.
pub(crate) fn well_formed(text: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = text;
    let offset = |rest: &str| text.len() - rest.len();
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]).map_err(|e| format!("{e} at {}", offset(rest)))?;
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        if rest.starts_with("<!") {
            let end = rest.find('>').ok_or("unclosed declaration")?;
            rest = &rest[end + 1..];
            continue;
        }
        let end = rest
            .find('>')
            .ok_or_else(|| format!("unclosed tag at {}", offset(rest)))?;
        let tag = &rest[1..end];
        let at = offset(rest);
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("`</{name}>` closes {other:?} at {at}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad tag name `{name}` at {at}"));
        }
        check_attributes(&body[name_end..]).map_err(|e| format!("{e} in <{name}> at {at}"))?;
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest)?;
    match stack.last() {
        Some(open) => Err(format!("`<{open}>` is never closed")),
        None => Ok(()),
    }
}

fn check_attributes(mut s: &str) -> Result<(), String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let eq = s
            .find('=')
            .ok_or_else(|| format!("attribute without value: `{s}`"))?;
        let name = &s[..eq];
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        {
            return Err(format!("bad attribute name `{name}`"));
        }
        let value = s[eq + 1..]
            .strip_prefix('"')
            .ok_or_else(|| format!("unquoted value of `{name}`"))?;
        let close = value
            .find('"')
            .ok_or_else(|| format!("unclosed value of `{name}`"))?;
        check_text(&value[..close])?;
        if value[..close].contains('<') {
            return Err(format!("`<` in the value of `{name}`"));
        }
        s = &value[close + 1..];
    }
}

fn check_text(s: &str) -> Result<(), String> {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let end = after.find(';').ok_or("bare `&`")?;
        let entity = &after[..end];
        let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("bad entity `&{entity};`"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[test]
fn the_checker_catches_what_escaping_prevents() {
    assert!(well_formed("<svg a=\"1\"><text>a &amp; b</text><rect/></svg>").is_ok());
    assert!(well_formed("<svg><text>a & b</text></svg>").is_err());
    assert!(well_formed("<svg><text>a</svg>").is_err());
    assert!(well_formed("<svg a=1></svg>").is_err());
    assert!(well_formed("<svg a=\"<\"></svg>").is_err());
    assert!(well_formed("<svg>").is_err());
    assert!(well_formed("<!DOCTYPE html><html><!-- x < y --></html>").is_ok());
}
