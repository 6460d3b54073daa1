//! The 様式 edition named by a document's stamp: `平成31年1月 様式2` → `h31`.
//!
//! Editions known from printed stamps (docs/form-reference.md): 平成26年4月 (the first
//! forms), 平成28年1月, 平成29年5月, 平成30年5月, 平成31年1月; 令和 stamps give `r<year>`.
//! The edition is the stamp's era year; it is reported as printed, whether or not a catalog
//! version covers it (a stamp no catalog version lists gives `form.version_unknown`).

/// The edition id of a stamp (`平成31年1月 様式2` → `h31`, `令和6年10月 様式2` → `r6`).
pub fn from_stamp(stamp: &str) -> Option<String> {
    let t: String = stamp.chars().filter(|c| !c.is_whitespace()).collect();
    let (era, rest) = if let Some(r) = t.strip_prefix("平成") {
        ("h", r)
    } else if let Some(r) = t.strip_prefix("令和") {
        ("r", r)
    } else {
        return None;
    };
    let year = if rest.starts_with('元') {
        "1".to_string()
    } else {
        rest.chars().take_while(char::is_ascii_digit).collect()
    };
    (!year.is_empty() && rest.contains('年')).then(|| format!("{era}{year}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_from_stamps() {
        assert_eq!(from_stamp("平成31年1月 様式2").as_deref(), Some("h31"));
        assert_eq!(from_stamp("平成26年4月 様式4").as_deref(), Some("h26"));
        assert_eq!(from_stamp("令和元年5月 様式2").as_deref(), Some("r1"));
        assert_eq!(from_stamp("令和 6 年 10 月 様式3").as_deref(), Some("r6"));
        assert_eq!(from_stamp("様式2"), None);
    }
}
