//! Value interpretation: the text found for an item → a typed [`Value`], validated against
//! the item's own choice list or option list.

use crate::catalog::{label_key, similarity, Entry};
use crate::model::{CheckOption, ChoiceValue, Status, Value};
use crate::normalize::choice::{choice_list, selections, split_number};
use crate::normalize::{date, marks};

/// A typed value with its status and, where something is off, a diagnostic.
#[derive(Debug, Clone)]
pub struct Read {
    /// The value.
    pub value: Value,
    /// Its status.
    pub status: Status,
    /// `(level is warning, code, message)` when something is worth reporting.
    pub note: Option<(bool, &'static str, String)>,
}

impl Read {
    pub(crate) fn ok(value: Value) -> Read {
        Read {
            value,
            status: Status::Ok,
            note: None,
        }
    }
    fn bad(status: Status, code: &'static str, message: String) -> Read {
        Read {
            value: Value::Null,
            status,
            note: Some((true, code, message)),
        }
    }
}

/// Index (1-based) of `text` in a choice list given by its keys ([`Entry::choice_keys`]):
/// exact key match, else a close match (≥ 0.9).
pub fn choice_index(choice_keys: &[String], text: &str) -> Option<(usize, bool)> {
    let key = label_key(text);
    if let Some(i) = choice_keys.iter().position(|c| *c == key) {
        return Some((i + 1, true));
    }
    let (best, score) = choice_keys
        .iter()
        .enumerate()
        .map(|(i, c)| (i, similarity(c, &key)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (score >= 0.9).then_some((best + 1, false))
}

/// Whether a text is a choice-list entry line (`2) 十分である`).
pub fn has_choice_evidence(text: &str) -> bool {
    !selections(text).is_empty() || choice_list(text).is_some() || bare_token_choice(text).is_some()
}

/// A choice printed as a check-box tag (or a box glyph) with the value but no brackets:
/// `<input type="checkbox"/> 再委託する`, `□ 再委託する` → `再委託する`.
fn bare_token_choice(text: &str) -> Option<&str> {
    let t = text.trim();
    let rest = t
        .strip_prefix(marks::WEAK)
        .or_else(|| t.strip_prefix(marks::CHECKED))
        // The tag as a page shows it.
        .or_else(|| t.strip_prefix(['□', '☐', '■']))?;
    // The value runs to the end of its line, a list marker, or a stray `]` (003:L110).
    let end = rest.find(['\n', '<', '[', ']']).unwrap_or(rest.len());
    let value = rest[..end].trim();
    (!value.is_empty()).then_some(value)
}

/// A selection wrapped over lines with its choice list printed beside it (plain `pdftotext`
/// of a narrow value column: `[3) 権限のない者によって <選択肢>` / `不正に使用されるリスクへ 1)
/// 目的外の入手…` / `の対策]`): each line cut before the list's `<選択肢>` or before an entry
/// number one space after the selection's words, the pieces joined. `None` when nothing is cut.
fn interleaved_list_removed(text: &str) -> Option<String> {
    if !text.contains('\n') {
        return None;
    }
    let mut out = String::new();
    let mut cut = false;
    for line in text.lines() {
        let mut end = line.len();
        for marker in ["<選択肢>", "＜選択肢＞"] {
            if let Some(at) = line.find(marker) {
                end = end.min(at);
            }
        }
        for (at, _) in line.match_indices(' ') {
            let rest = &line[at + 1..];
            let d = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if d > 0 && rest[d..].starts_with(')') && at > 0 {
                end = end.min(at);
                break;
            }
        }
        cut |= end < line.len();
        out.push_str(line[..end].trim());
    }
    cut.then_some(out)
}

/// Reads a choice item from its value text.
pub fn read_choice(entry: &Entry, text: &str) -> Read {
    let sels = selections(text);
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    let mut inexact = false;
    for s in &sels {
        let matched = choice_index(&entry.choice_keys, &s.text).or_else(|| {
            interleaved_list_removed(&s.text)
                .and_then(|t| choice_index(&entry.choice_keys, &t).filter(|&(_, exact)| exact))
        });
        match matched {
            Some((i, exact)) => {
                if let Some(n) = s.number {
                    if n as usize != i {
                        return Read::bad(
                            Status::Invalid,
                            "choice.number_mismatch",
                            format!(
                                "selected `{}) {}` but that text is choice {i} of the form",
                                n, s.text
                            ),
                        );
                    }
                }
                inexact |= !exact;
                found.push((i, s.text.clone()));
            }
            None => rejected.push(s.text.clone()),
        }
    }
    if found.is_empty() {
        if let Some(v) = bare_token_choice(text).filter(|_| sels.is_empty()) {
            let (n, v) = split_number(v);
            if let Some((i, exact)) = choice_index(&entry.choice_keys, v) {
                if n.is_none_or(|n| n as usize == i) {
                    inexact |= !exact;
                    found.push((i, v.to_string()));
                }
            }
        }
    }
    found.dedup_by_key(|f| f.0);
    match found.as_slice() {
        [] if !rejected.is_empty() => Read::bad(
            Status::Invalid,
            "choice.not_in_list",
            format!(
                "selected `{}` is not in this item's choice list",
                rejected.join("`, `")
            ),
        ),
        [] if choice_list(text).is_some() => Read::bad(
            Status::Missing,
            "choice.no_selection",
            "the choice list is printed but no value is selected".to_string(),
        ),
        [] => Read::bad(
            Status::Missing,
            "choice.no_value",
            "no selected value found".to_string(),
        ),
        [(i, printed)] => {
            let value = Value::Choice(ChoiceValue {
                index: *i as u32,
                text: entry.choices[*i - 1].clone(),
            });
            let mut read = Read::ok(value);
            if inexact {
                read.note = Some((
                    false,
                    "choice.variant_text",
                    format!(
                        "printed `{printed}`, read as choice {i} `{}`",
                        entry.choices[*i - 1]
                    ),
                ));
            }
            read
        }
        many => Read::bad(
            Status::Ambiguous,
            "choice.several_selected",
            format!(
                "several values selected: {}",
                many.iter()
                    .map(|(i, t)| format!("{i}) {t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

/// Reads a date item.
pub fn read_date(text: &str) -> Read {
    if !text.trim().is_empty() && text.trim().chars().all(|c| matches!(c, '-' | '—' | ' ')) {
        return Read::bad(
            Status::Missing,
            "date.empty",
            format!("printed `{}`: no date entered", text.trim()),
        );
    }
    let found = date::parse_whole(text).or_else(|| date::first_date(text));
    match found {
        None if text.trim().is_empty() => {
            Read::bad(Status::Missing, "date.empty", "no date given".into())
        }
        None => Read::bad(
            Status::Invalid,
            "date.unreadable",
            format!("`{}` is not a date", short(text)),
        ),
        Some(f) => match f.result {
            Ok(v) => {
                let mut read = Read::ok(Value::Text(v.iso));
                if v.weekday_mismatch {
                    read.note = Some((
                        true,
                        "date.weekday_mismatch",
                        format!("`{}`: the weekday does not match the date", f.raw),
                    ));
                }
                read
            }
            Err(p) => Read::bad(
                Status::Invalid,
                "date.impossible",
                format!("`{}`: {}", f.raw, p.reason),
            ),
        },
    }
}

/// Splits a choice list printed at the start of a cell (`<選択肢> 1) … 2) …`) from the text
/// after it: converters spill the list of the item above into the next cell (001:L412).
pub fn split_leading_list(text: &str) -> (Option<&str>, &str) {
    let t = text.trim_start();
    if !t.starts_with(crate::normalize::choice::MARKER) {
        return (None, text);
    }
    match choice_list(t) {
        Some(l) if l.start == 0 && !l.entries.is_empty() => (Some(&t[..l.end]), t[l.end..].trim()),
        _ => (None, text),
    }
}

/// Reads a text item: lines kept; a lone `--`/`—`/`-` means an empty answer; a choice list
/// spilled in front of the text is dropped with a note.
pub fn read_text(text: &str) -> Read {
    if let (Some(list), rest) = split_leading_list(text) {
        if rest.trim().is_empty() {
            // Only the list of the item above is in this cell: the rows slipped and this
            // item's own text is not in the document (004:L410).
            return Read::bad(
                Status::Missing,
                "realign.lost",
                format!(
                    "the cell holds only the choice list of the item above (`{}`): this item's own text is not in the document",
                    list.chars().take(40).collect::<String>()
                ),
            );
        }
        let mut read = read_text(rest);
        read.note = Some((
            false,
            "text.leading_list",
            format!(
                "the cell starts with a choice list of the item above (`{}`): not part of the text",
                list.chars().take(40).collect::<String>()
            ),
        ));
        return read;
    }
    let t = text.trim();
    if t.chars().all(|c| matches!(c, '-' | '—' | ' ')) {
        return Read::ok(Value::Text(String::new()));
    }
    Read::ok(Value::Text(measure_blocks(t)))
}

/// Puts each `<…における措置>` / `■…における措置` heading (measures of one organization or
/// system, e.g. `<ガバメントクラウドにおける措置>`) at the start of its own line, so the
/// sub-sections of a long answer can be found.
pub fn measure_blocks(text: &str) -> String {
    static BLOCK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r" *((?:<[^<>\n]{1,40}における措置>)|(?:■[^■\n ]{1,40}における措置))")
            .expect("valid regex")
    });
    let out = BLOCK.replace_all(text, "\n$1");
    out.trim_start_matches('\n').replace("\n\n", "\n")
}

/// One check mark with the label that follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The token (or glyph) printed.
    pub mark: char,
    /// The label text up to the next mark.
    pub label: String,
}

/// Splits text into `mark label` pairs (`☑ 自己点検 ☐ 外部監査`).
pub fn marks_in(text: &str) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    for c in text.chars() {
        if is_mark(c) {
            out.push(Mark {
                mark: c,
                label: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.label.push(c);
        }
    }
    for m in &mut out {
        m.label = m.label.trim().to_string();
    }
    out
}

/// Check-box tokens and check-box glyphs.
pub fn is_mark(c: char) -> bool {
    marks::is_token(c) || matches!(c, '☑' | '☒' | '☐' | '■' | '□')
}

/// State of a mark: `Some(true)` checked, `Some(false)` unchecked, `None` unknown.
/// [`marks::WEAK`] is reported as `Some(false)`; callers apply the reliability rules.
pub fn mark_state(c: char) -> Option<bool> {
    match c {
        marks::CHECKED | '☑' | '☒' | '■' => Some(true),
        marks::UNCHECKED | marks::WEAK | '☐' | '□' => Some(false),
        _ => None,
    }
}

/// Whether a mark's label is the option `option` (exact key, or `その他 ( … )` with text).
/// Returns the filled-in text for `その他`-style options.
pub fn option_matches(option: &str, label: &str) -> Option<Option<String>> {
    key_matches(&label_key(option), &label_key(label))
}

/// [`option_matches`] on keys already made by [`label_key`]: the option's `okey`, the
/// label's `lkey`.
pub fn key_matches(okey: &str, lkey: &str) -> Option<Option<String>> {
    if lkey == okey {
        return Some(None);
    }
    // A transcription that dropped `、` and `。` (`電子記録媒体(フラッシュメモリを除く)`).
    let unpunct = |k: &str| k.replace(['、', '。'], "");
    if okey.contains(['、', '。']) && !lkey.contains(['、', '。']) {
        return key_matches(&unpunct(okey), lkey);
    }
    if let Some(stem) = okey.strip_suffix("()") {
        // Options with a field to fill in: `その他 ( … )`, `評価実施機関内の他部署 ( … )`.
        if let Some(rest) = lkey.strip_prefix(stem) {
            if rest.is_empty() || rest.starts_with('(') {
                let inner = rest.trim_start_matches('(').trim_end_matches(')').trim();
                let text = (!inner.is_empty()).then(|| inner.to_string());
                return Some(text);
            }
        }
    }
    // A label that runs on past the option (pdftotext: `接続しない(提供) 6.情報提供…`).
    if lkey.starts_with(okey) && okey.chars().count() >= 4 {
        return Some(None);
    }
    None
}

/// Reads a checkbox set from the marks found for it.
pub fn read_checkbox_set(entry: &Entry, found: &[Mark]) -> Read {
    let mut options: Vec<CheckOption> = entry
        .options
        .iter()
        .map(|o| CheckOption {
            option: o.clone(),
            checked: None,
            text: None,
        })
        .collect();
    let mut seen = 0;
    let mut weak_only = true;
    for m in found {
        let lkey = label_key(&m.label);
        for (i, o) in entry.option_keys.iter().enumerate() {
            if let Some(text) = key_matches(o, &lkey) {
                options[i].checked = mark_state(m.mark);
                options[i].text = text;
                seen += 1;
                if m.mark != marks::WEAK {
                    weak_only = false;
                }
                if m.mark == marks::WEAK && options[i].text.is_some() {
                    // A filled-in `( … )` next to an "unchecked" tag: the tag is unreliable.
                    options[i].checked = None;
                }
                break;
            }
        }
    }
    if seen == 0 {
        return Read::bad(
            Status::Missing,
            "checkbox.not_found",
            "none of the options was found".into(),
        );
    }
    // One radio among boxes that are all printed empty: the converter wrote the one checked
    // box as a radio (003:L195, 001:L393). Inferred, not read.
    let radios: Vec<usize> = found
        .iter()
        .filter(|m| m.mark == marks::RADIO)
        .filter_map(|m| {
            entry
                .option_keys
                .iter()
                .position(|o| key_matches(o, &label_key(&m.label)).is_some())
        })
        .collect();
    let all_others_empty = found
        .iter()
        .filter(|m| m.mark != marks::RADIO)
        .all(|m| matches!(m.mark, marks::UNCHECKED | marks::WEAK | '☐' | '□'));
    if radios.len() == 1 && seen >= 3 && all_others_empty {
        options[radios[0]].checked = Some(true);
        return Read {
            value: Value::CheckboxSet(options),
            status: Status::Inferred,
            note: Some((
                true,
                "checkbox.radio_inferred",
                format!(
                    "`{}` is the only box not printed empty (a radio input): read as checked",
                    entry.options[radios[0]]
                ),
            )),
        };
    }
    let mut read = Read::ok(Value::CheckboxSet(options.clone()));
    if weak_only && entry.requires_one {
        for o in &mut options {
            o.checked = None;
        }
        read.value = Value::CheckboxSet(options);
        read.status = Status::Ambiguous;
        read.note = Some((
            true,
            "checkbox.unreliable",
            "every box is printed as an unchecked HTML tag although the form requires at least one: states unknown".into(),
        ));
    } else if seen < entry.options.len() {
        read.note = Some((
            true,
            "checkbox.options_missing",
            format!("{} of {} options found", seen, entry.options.len()),
        ));
    }
    if let Value::CheckboxSet(opts) = &read.value {
        if read.status == Status::Ok && opts.iter().all(|o| o.checked.is_none()) {
            read.status = Status::Ambiguous;
            read.note = Some((
                true,
                "checkbox.unknown_state",
                "no box's state is recorded (radio inputs): every state unknown".into(),
            ));
        } else if read.status == Status::Ok && opts.iter().any(|o| o.checked.is_none()) {
            read.note.get_or_insert((
                true,
                "checkbox.unknown_state",
                "some boxes cannot be read (radio inputs or unreliable tags)".into(),
            ));
        }
    }
    read
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_with_text() {
        assert_eq!(
            option_matches("その他 ( )", "その他 ( 公金受取口座情報 )"),
            Some(Some("公金受取口座情報".into()))
        );
        assert_eq!(option_matches("その他 ( )", "その他 ( )"), Some(None));
        assert_eq!(option_matches("自己点検", "自己点検"), Some(None));
        assert_eq!(option_matches("内部監査", "外部監査"), None);
        assert_eq!(option_matches("接続しない(入手)", "接続しない(提供)"), None);
        // Punctuation dropped by a transcription.
        assert_eq!(
            option_matches(
                "電子記録媒体(フラッシュメモリを除く。)",
                "電子記録媒体( フラッシュメモリを除く)"
            ),
            Some(None)
        );
        assert_eq!(
            option_matches(
                "接続しない(提供)",
                "接続しない(提供) 6.情報提供ネットワークシステムとの接続"
            ),
            Some(None)
        );
    }

    #[test]
    fn measure_blocks_start_lines() {
        assert_eq!(
            measure_blocks(
                "<標準システムにおける措置> 情報照会… <ガバメントクラウドにおける措置> 国及び…"
            ),
            "<標準システムにおける措置> 情報照会…\n<ガバメントクラウドにおける措置> 国及び…"
        );
        assert_eq!(
            measure_blocks("■防府市における措置\n①物理的"),
            "■防府市における措置\n①物理的"
        );
    }

    #[test]
    fn marks_split() {
        let m = marks_in("\u{E001} 自己点検 \u{E001} 内部監査 \u{E003} 外部監査");
        assert_eq!(m.len(), 3);
        assert_eq!(m[2].label, "外部監査");
        assert_eq!(mark_state(m[0].mark), Some(true));
    }

    #[test]
    fn a_wrapped_selection_with_its_list_beside_it() {
        // Plain pdftotext of tests/data/pdf/kiso_fixture_lo.pdf, IV.11 (kiso_fixture.tsv L67,
        // `[3) 権限のない者によって不正に使用されるリスクへの対策]`): the selection's lines with the
        // list's marker and first entry beside them.
        let text = "権限のない者によって <選択肢>\n不正に使用されるリスクへ 1) 目的外の入手が行われるリスクへの対策\nの対策";
        assert_eq!(
            interleaved_list_removed(text).as_deref(),
            Some("権限のない者によって不正に使用されるリスクへの対策")
        );
        assert_eq!(interleaved_list_removed("十分である"), None);
        assert_eq!(interleaved_list_removed("特に力を入れて行ってい\nる"), None);
    }
}
