//! Form catalogs: the official forms as data (`catalog/*.toml`, embedded at build time).
//!
//! A [`Catalog`] holds one form kind with all its versions; [`Catalog::version`] resolves
//! it into a [`FormVersion`]: the entries (sections, headings, items) that exist in that
//! version, in form order, each with its path there, its matching keys and its choice list.
//! The file format is documented in `catalog/README.md`.
//!
//! ```
//! let kiso = hyoka::catalog::Catalog::kiso();
//! let v = kiso.version("h31").unwrap();
//! let audit = v.entries.iter().find(|e| e.id == "audit").unwrap();
//! assert_eq!(audit.path, "IV.8.a");
//! assert_eq!(kiso.version("r6").unwrap().entries.iter().find(|e| e.id == "audit").unwrap().path, "IV.9.a");
//! ```

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use serde::Deserialize;

use crate::model::{FormKind, ItemType};
use crate::normalize::width;

/// The 基礎項目評価書 catalog source.
pub const KISO_TOML: &str = include_str!("../catalog/kiso.toml");
/// The 重点項目評価書 catalog source.
pub const JUTEN_TOML: &str = include_str!("../catalog/juten.toml");
/// The 全項目評価書 catalog source.
pub const ZENKOMOKU_TOML: &str = include_str!("../catalog/zenkomoku.toml");

/// One form kind, all versions.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    /// `基礎`, `重点` or `全項目`.
    pub kind: String,
    /// Titles that identify the form.
    pub titles: Vec<String>,
    /// The 様式 number in the stamp, e.g. `様式2`.
    pub stamp: String,
    /// Versions, oldest first.
    pub versions: Vec<VersionDef>,
    /// Named choice lists.
    pub lists: BTreeMap<String, Vec<String>>,
    /// Entries in form order.
    pub items: Vec<ItemDef>,
    /// Repeated blocks (システム1..N, 委託事項1..N, …).
    #[serde(default)]
    pub groups: Vec<GroupDef>,
    /// Fixed text that is accounted for but is not an item.
    #[serde(default)]
    pub boilerplate: Boilerplate,
    /// Every version resolved, in `versions` order; made on first use ([`Catalog::resolved`]).
    #[serde(skip)]
    resolved: OnceLock<Vec<Option<FormVersion>>>,
    /// Per version (in `versions` order), the entries whose label no other version has;
    /// made on first use ([`Catalog::exclusive_entries`]).
    #[serde(skip)]
    exclusive: OnceLock<Vec<Vec<usize>>>,
}

/// A version of a form.
#[derive(Debug, Clone, Deserialize)]
pub struct VersionDef {
    /// Stable id, e.g. `h31`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Printed stamp dates that identify this version (e.g. `平成31年1月`).
    #[serde(default)]
    pub stamps: Vec<String>,
    /// An earlier-listed version whose paths this one has for every item that gives it no
    /// path of its own (an edition with the same questions as another).
    #[serde(default)]
    pub inherits: Option<String>,
}

/// A repeated block of items.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupDef {
    /// Id used by items' `group`.
    pub id: String,
    /// The printed block title without its number (`システム` for `システム4`).
    pub name: String,
}

/// Fixed text of the form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Boilerplate {
    /// Whole lines.
    #[serde(default)]
    pub lines: Vec<String>,
}

/// One catalog entry as written in the file.
#[derive(Debug, Clone, Deserialize)]
pub struct ItemDef {
    /// Stable id (items only).
    #[serde(default)]
    pub id: Option<String>,
    /// Path per version id.
    pub paths: BTreeMap<String, String>,
    /// Canonical label.
    pub label: String,
    /// Other printed labels.
    #[serde(default)]
    pub variants: Vec<String>,
    /// `section`, `heading`, `header` or an item type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Name of the choice list (choice items).
    #[serde(default)]
    pub choices: Option<String>,
    /// Options (checkbox sets).
    #[serde(default)]
    pub options: Vec<String>,
    /// A checkbox set of which at least one box must be checked.
    #[serde(default)]
    pub requires_one: bool,
    /// Id of the repeated block the item belongs to.
    #[serde(default)]
    pub group: Option<String>,
    /// Counts: the id of the item on whose row the count `( n ) 件` is printed.
    #[serde(default)]
    pub count_of: Option<String>,
    /// Counts printed after one option of a checkbox set (`提供を行っている ( 82 ) 件`).
    #[serde(default)]
    pub option: Option<String>,
    /// Counts: the id of the repeated block the count counts (checked against the blocks
    /// printed).
    #[serde(default)]
    pub blocks: Option<String>,
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A Roman-numeral section (`IV リスク対策`).
    Section,
    /// A numbered heading inside a section (`9. 監査`).
    Heading,
    /// A cover-page field (number, title, organization, date).
    Header,
    /// A form item with a value.
    Item(ItemType),
}

/// One entry of a resolved version.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable id (empty for sections and headings).
    pub id: String,
    /// Path in this version.
    pub path: String,
    /// Canonical label.
    pub label: String,
    /// Matching keys: the label's and every variant's [`label_key`].
    pub keys: Vec<String>,
    /// What it is.
    pub role: Role,
    /// Choice list (choice items).
    pub choices: Vec<String>,
    /// Options (checkbox sets).
    pub options: Vec<String>,
    /// [`label_key`] of each choice, in order (made once, for matching).
    pub choice_keys: Vec<String>,
    /// [`label_key`] of each option, in order (made once, for matching).
    pub option_keys: Vec<String>,
    /// At least one option must be checked.
    pub requires_one: bool,
    /// Index of the enclosing section entry.
    pub section: Option<usize>,
    /// Index of the enclosing heading entry.
    pub heading: Option<usize>,
    /// Printed name of the repeated block the entry belongs to (`システム`).
    pub group: Option<String>,
    /// Counts: id of the item whose row carries the count.
    pub count_of: Option<String>,
    /// Counts: the option the count follows.
    pub count_option: Option<String>,
    /// Counts: printed name of the block the count counts.
    pub counts_blocks: Option<String>,
}

impl Entry {
    /// The item type, for items.
    pub fn item_type(&self) -> Option<ItemType> {
        match self.role {
            Role::Item(t) => Some(t),
            _ => None,
        }
    }
}

/// A form version resolved from a catalog.
#[derive(Debug, Clone)]
pub struct FormVersion {
    /// Form kind.
    pub kind: FormKind,
    /// Version id.
    pub id: String,
    /// Version name.
    pub name: String,
    /// Entries in form order.
    pub entries: Vec<Entry>,
    /// Keys of boilerplate lines.
    pub boilerplate: Vec<String>,
    /// The anchor keys and their automaton for rebuilding rows, made on first use
    /// ([`crate::read::rows`]).
    pub(crate) anchor_keys: OnceLock<crate::read::rows::AnchorKeys>,
    /// The printed names of the repeated blocks and their automaton, made on first use
    /// ([`FormVersion::block_names`]).
    block_names: OnceLock<BlockNames>,
}

/// The printed names of a form version's repeated blocks (`システム`, `委託事項`), in
/// catalog order, and an automaton that finds them in a text.
#[derive(Debug, Clone)]
pub(crate) struct BlockNames {
    pub names: Vec<String>,
    pub finder: Option<aho_corasick::AhoCorasick>,
}

impl FormVersion {
    /// The names of the repeated blocks, made once per version rather than once per document.
    pub(crate) fn block_names(&self) -> &BlockNames {
        self.block_names.get_or_init(|| {
            let mut names: Vec<String> = Vec::new();
            for g in self.entries.iter().filter_map(|e| e.group.as_ref()) {
                if !names.contains(g) {
                    names.push(g.clone());
                }
            }
            let finder = aho_corasick::AhoCorasick::new(&names).ok();
            BlockNames { names, finder }
        })
    }
}

static KISO: LazyLock<Catalog> = LazyLock::new(|| load(KISO_TOML, "kiso"));
static JUTEN: LazyLock<Catalog> = LazyLock::new(|| load(JUTEN_TOML, "juten"));
static ZENKOMOKU: LazyLock<Catalog> = LazyLock::new(|| load(ZENKOMOKU_TOML, "zenkomoku"));

fn load(src: &str, name: &str) -> Catalog {
    Catalog::from_toml(src).unwrap_or_else(|e| {
        panic!("catalog/{name}.toml is invalid (a test loads every catalog): {e}")
    })
}

impl Catalog {
    /// Parses a catalog file.
    pub fn from_toml(src: &str) -> Result<Catalog, String> {
        let mut cat: Catalog = toml::from_str(src).map_err(|e| e.to_string())?;
        cat.inherit()?;
        cat.validate()?;
        Ok(cat)
    }

    /// The embedded 基礎 catalog.
    pub fn kiso() -> &'static Catalog {
        &KISO
    }

    /// The embedded 重点 catalog.
    pub fn juten() -> &'static Catalog {
        &JUTEN
    }

    /// The embedded 全項目 catalog.
    pub fn zenkomoku() -> &'static Catalog {
        &ZENKOMOKU
    }

    /// All embedded catalogs.
    pub fn all() -> [&'static Catalog; 3] {
        [Catalog::kiso(), Catalog::juten(), Catalog::zenkomoku()]
    }

    /// The form kind.
    pub fn form_kind(&self) -> Option<FormKind> {
        match self.kind.as_str() {
            "基礎" => Some(FormKind::Kiso),
            "重点" => Some(FormKind::Juten),
            "全項目" => Some(FormKind::Zenkomoku),
            _ => None,
        }
    }

    /// Gives each inheriting version the paths of its base where an item has none for it.
    fn inherit(&mut self) -> Result<(), String> {
        for (k, v) in self.versions.iter().enumerate() {
            let Some(base) = &v.inherits else {
                continue;
            };
            if !self.versions[..k].iter().any(|b| &b.id == base) {
                return Err(format!(
                    "version {} inherits {base}, which is not listed before it",
                    v.id
                ));
            }
            for item in &mut self.items {
                if let Some(path) = item.paths.get(base).cloned() {
                    item.paths.entry(v.id.clone()).or_insert(path);
                }
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), String> {
        let version_ids: Vec<&str> = self.versions.iter().map(|v| v.id.as_str()).collect();
        let mut ids = std::collections::HashSet::new();
        for item in &self.items {
            for v in item.paths.keys() {
                if !version_ids.contains(&v.as_str()) {
                    return Err(format!("{}: unknown version {v}", item.label));
                }
            }
            parse_role(&item.kind)
                .ok_or_else(|| format!("{}: unknown type {}", item.label, item.kind))?;
            let is_value = !matches!(item.kind.as_str(), "section" | "heading");
            match (&item.id, is_value) {
                (Some(id), true) if !id.is_ascii() || !ids.insert(id.clone()) => {
                    return Err(format!("id {id} is not ASCII or not unique"));
                }
                (None, true) => return Err(format!("{} has no id", item.label)),
                _ => {}
            }
            if item.kind == "choice" {
                let list = item.choices.as_deref().unwrap_or("");
                if !self.lists.contains_key(list) {
                    return Err(format!("{}: unknown choice list {list:?}", item.label));
                }
            }
            if let Some(g) = &item.group {
                if !self.groups.iter().any(|d| &d.id == g) {
                    return Err(format!("{}: unknown group {g}", item.label));
                }
            }
            if let Some(g) = &item.blocks {
                if !self.groups.iter().any(|d| &d.id == g) {
                    return Err(format!("{}: unknown block group {g}", item.label));
                }
            }
            if item.kind == "count" && item.count_of.is_none() {
                return Err(format!("{}: count without count_of", item.label));
            }
            if item.kind == "checkbox_set" && item.options.is_empty() {
                return Err(format!("{}: checkbox_set without options", item.label));
            }
        }
        Ok(())
    }

    /// One version, resolved once per process and then shared ([`Catalog::version`] makes a
    /// new one each call).
    pub fn resolved(&self, id: &str) -> Option<&FormVersion> {
        let all = self
            .resolved
            .get_or_init(|| self.versions.iter().map(|v| self.version(&v.id)).collect());
        let i = self.versions.iter().position(|v| v.id == id)?;
        all[i].as_ref()
    }

    /// Ids of the items other versions have and version `id` does not, in catalog order.
    pub fn absent_in(&self, id: &str) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| !i.paths.contains_key(id))
            .filter_map(|i| i.id.clone())
            .collect()
    }

    /// Indices (into [`Catalog::resolved`]`(id).entries`) of the headings and items whose
    /// label exists only in version `id`. Made once per process.
    pub fn exclusive_entries(&self, id: &str) -> &[usize] {
        let all = self.exclusive.get_or_init(|| {
            self.versions
                .iter()
                .map(|v| {
                    let Some(fv) = self.resolved(&v.id) else {
                        return Vec::new();
                    };
                    fv.entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| matches!(e.role, Role::Heading | Role::Item(_)))
                        .filter(|(_, e)| {
                            self.versions.iter().filter(|o| o.id != v.id).all(|o| {
                                !self
                                    .items
                                    .iter()
                                    .any(|d| d.label == e.label && d.paths.contains_key(&o.id))
                            })
                        })
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect()
        });
        match self.versions.iter().position(|v| v.id == id) {
            Some(i) => &all[i],
            None => &[],
        }
    }

    /// Resolves one version.
    pub fn version(&self, id: &str) -> Option<FormVersion> {
        let def = self.versions.iter().find(|v| v.id == id)?;
        let mut entries: Vec<Entry> = Vec::new();
        let mut section = None;
        let mut heading = None;
        for item in &self.items {
            let Some(path) = item.paths.get(id) else {
                continue;
            };
            let role = parse_role(&item.kind)?;
            let index = entries.len();
            let (sec, head) = match role {
                Role::Section => {
                    section = Some(index);
                    heading = None;
                    (None, None)
                }
                Role::Heading => {
                    heading = Some(index);
                    (section, None)
                }
                _ => (section, heading),
            };
            let mut keys = vec![label_key(&item.label)];
            keys.extend(item.variants.iter().map(|v| label_key(v)));
            keys.dedup();
            let choices: Vec<String> = item
                .choices
                .as_ref()
                .and_then(|l| self.lists.get(l))
                .cloned()
                .unwrap_or_default();
            entries.push(Entry {
                id: item.id.clone().unwrap_or_default(),
                path: path.clone(),
                label: item.label.clone(),
                keys,
                role,
                choice_keys: choices.iter().map(|c| label_key(c)).collect(),
                choices,
                option_keys: item.options.iter().map(|o| label_key(o)).collect(),
                options: item.options.clone(),
                requires_one: item.requires_one,
                section: sec,
                heading: head,
                group: item
                    .group
                    .as_ref()
                    .and_then(|g| self.groups.iter().find(|d| &d.id == g))
                    .map(|d| d.name.clone()),
                count_of: item.count_of.clone(),
                count_option: item.option.clone(),
                counts_blocks: item
                    .blocks
                    .as_ref()
                    .and_then(|g| self.groups.iter().find(|d| &d.id == g))
                    .map(|d| d.name.clone()),
            });
        }
        Some(FormVersion {
            kind: self.form_kind()?,
            id: def.id.clone(),
            name: def.name.clone(),
            entries,
            boilerplate: self
                .boilerplate
                .lines
                .iter()
                .map(|l| label_key(l))
                .collect(),
            anchor_keys: OnceLock::new(),
            block_names: OnceLock::new(),
        })
    }
}

fn parse_role(kind: &str) -> Option<Role> {
    Some(match kind {
        "section" => Role::Section,
        "heading" => Role::Heading,
        "header" => Role::Header,
        "choice" => Role::Item(ItemType::Choice),
        "checkbox" => Role::Item(ItemType::Checkbox),
        "checkbox_set" => Role::Item(ItemType::CheckboxSet),
        "text" => Role::Item(ItemType::Text),
        "date" => Role::Item(ItemType::Date),
        "count" => Role::Item(ItemType::Count),
        _ => return None,
    })
}

/// The key labels are matched by: width-folded, without spaces, `※` marks, a leading item
/// number (`1.`, `１．`, `8,`), trailing `:`; `數` read as `数`.
pub fn label_key(label: &str) -> String {
    // Most labels are folded already (they come from normalized cells): they are read once,
    // and folded only when a character that folding changes is met.
    match key_chars(label, true) {
        Some(s) => finish_key(s),
        None => finish_key(key_chars(&width::fold(label), false).unwrap_or_default()),
    }
}

/// `text` without white space and `※`, `數` read as `数`; `None` when `unfolded` and a
/// character of `text` is one [`width::fold`] would change (the test of `first_touched`:
/// `\r`, a tab, a space after a space, or [`width::touches`]).
fn key_chars(text: &str, unfolded: bool) -> Option<String> {
    // Runs between the characters dropped or replaced are copied whole.
    // Kana and ideographs other than `數` (`E3 81`..`E9` lead bytes, U+3040..U+9FFF) are
    // passed over by their bytes: none is white space or `※`, and folding changes none.
    let b = text.as_bytes();
    let mut s = String::with_capacity(text.len());
    let mut run = 0;
    let mut i = 0;
    let mut prev_space = false;
    while i < b.len() {
        let c = match b[i] {
            0..=0x7F => char::from(b[i]),
            0xE3 if b.get(i + 1) != Some(&0x80) => {
                i += 3;
                prev_space = false;
                continue;
            }
            0xE4..=0xE9 if b[i..].starts_with("數".as_bytes()) => '數',
            0xE4..=0xE9 => {
                i += 3;
                prev_space = false;
                continue;
            }
            _ => text[i..].chars().next().unwrap_or(' '),
        };
        if unfolded {
            let touched = match c {
                '\r' | '\t' => true,
                ' ' => prev_space,
                c if c.is_ascii() => false,
                c => width::touches(c),
            };
            if touched {
                return None;
            }
            prev_space = c == ' ';
        }
        let next = i + c.len_utf8();
        if c.is_whitespace() || c == '※' || c == '數' {
            s.push_str(&text[run..i]);
            if c == '數' {
                s.push('数');
            }
            run = next;
        }
        i = next;
    }
    s.push_str(&text[run..]);
    Some(s)
}

/// [`label_key`] after [`key_chars`]: a leading item number and trailing `:` dropped.
fn finish_key(mut s: String) -> String {
    // A leading item number: `1.`, `10.`, `8,`, `5、`.
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        if let Some(rest) = s[digits..].strip_prefix(['.', ',', '、']) {
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                s = rest.to_string();
            }
        }
    }
    while s.ends_with(':') {
        s.pop();
    }
    s
}

/// [`label_key`] without a leading circled number (`①部署` → `部署`).
pub fn bare_key(key: &str) -> &str {
    match key.chars().next() {
        Some(c) if ('\u{2460}'..='\u{2473}').contains(&c) => &key[c.len_utf8()..],
        _ => key,
    }
}

/// Similarity of two keys in 0..=1 (1 − normalized Levenshtein distance over characters).
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / longest as f64
}

/// [`similarity`] of two keys when it is at least `min`, else `None`.
///
/// `min` allows a distance of at most `k`, so only the cells of the edit-distance table
/// within `k` of its diagonal are computed (any edit path of cost ≤ `k` stays inside that
/// band, so the distance is exact whenever it is ≤ `k`), and the table is left as soon as a
/// whole row exceeds `k` (row minima never decrease).
pub fn similarity_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    similarity_of_chars_at_least(&a, &b, min)
}

/// [`similarity_at_least`] of two keys already split into characters.
pub fn similarity_of_chars_at_least(a: &[char], b: &[char], min: f64) -> Option<f64> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return (1.0 >= min).then_some(1.0);
    }
    let score = |distance: usize| 1.0 - distance as f64 / longest as f64;
    // The largest distance `min` allows.
    let k = (0..=longest).take_while(|&d| score(d) >= min).last()?;
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    // Cells outside the band, or beyond `k`, hold `far`.
    let far = k + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut cur = vec![far; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(k).max(1);
        let hi = (row + k).min(b.len());
        cur[lo - 1] = if lo == 1 { row.min(far) } else { far };
        if hi < b.len() {
            cur[hi + 1] = far;
        }
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(*ca != b[j - 1]);
            let d = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(far);
            cur[j] = d;
            row_min = row_min.min(d);
        }
        std::mem::swap(&mut prev, &mut cur);
        if row_min > k {
            return None;
        }
    }
    let d = prev[b.len()];
    (d <= k).then(|| score(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`label_key`] as defined: the key of the folded text.
    fn key_of_folded(label: &str) -> String {
        finish_key(key_chars(&width::fold(label), false).unwrap_or_default())
    }

    #[test]
    fn label_key_folds_only_when_needed_and_gives_the_folded_key() {
        // Every character up to the supplementary planes, alone and around spaces.
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("1.a {c} b"),
                format!("{c}  {c}"),
                format!("全{c}數:"),
            ] {
                assert_eq!(label_key(&text), key_of_folded(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn label_key_of_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(label_key(&text), key_of_folded(&text));
        }
    }

    #[test]
    fn label_key_drops_what_its_character_rule_drops() {
        // The rule on characters, applied one character at a time.
        let by_chars = |label: &str| -> String {
            let folded = width::fold(label);
            let mut s = String::new();
            for c in folded.chars() {
                if c == '數' {
                    s.push('数');
                } else if !(c.is_whitespace() || c == '※') {
                    s.push(c);
                }
            }
            s
        };
        for label in [
            "対象人数※ 件數",
            "數數\u{3000}数\u{3001}「年」\u{2028}é\u{A0}x\u{85}y",
            "ア イ\tウ\u{3400}\u{9FFF}\u{A000}\u{1F600}",
            "※※",
            "",
        ] {
            // (No leading item number, no trailing `:`.)
            assert_eq!(label_key(label), by_chars(label), "{label:?}");
        }
        assert_eq!(label_key("件數 ※"), "件数");
    }

    #[test]
    fn every_catalog_loads_and_resolves_every_version() {
        for cat in Catalog::all() {
            for v in &cat.versions {
                let fv = cat.version(&v.id).expect("version resolves");
                assert!(fv.entries.len() > 10, "{} {}", cat.kind, v.id);
            }
        }
    }

    #[test]
    fn an_inheriting_version_has_its_bases_paths_and_must_follow_it() {
        let zen = Catalog::zenkomoku();
        for id in ["h26", "h28", "h30"] {
            assert_eq!(
                zen.version(id).unwrap().entries.len(),
                zen.version("current").unwrap().entries.len()
            );
            assert!(zen.absent_in(id).is_empty(), "{id}");
        }
        let toml = |inherits: &str| {
            format!(
                "kind = \"基礎\"\ntitles = [\"基礎項目評価書\"]\nstamp = \"様式2\"\n[[versions]]\nid = \"b\"\nname = \"b\"\ninherits = \"{inherits}\"\n[[versions]]\nid = \"a\"\nname = \"a\"\n[[items]]\nid = \"x\"\npaths = {{ a = \"I.1\" }}\nlabel = \"①事務の名称\"\ntype = \"text\"\n[lists]\n"
            )
        };
        let err = Catalog::from_toml(&toml("a")).unwrap_err();
        assert!(err.contains("not listed before it"), "{err}");
        assert!(Catalog::from_toml(&toml("z")).is_err());
    }

    #[test]
    fn same_question_same_id_across_versions() {
        let kiso = Catalog::kiso();
        let old = kiso.version("h31").unwrap();
        let new = kiso.version("r6").unwrap();
        let path = |v: &FormVersion, id: &str| {
            v.entries
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.path.clone())
        };
        assert_eq!(path(&old, "audit").as_deref(), Some("IV.8.a"));
        assert_eq!(path(&new, "audit").as_deref(), Some("IV.9.a"));
        assert_eq!(path(&old, "education").as_deref(), Some("IV.9.a"));
        assert_eq!(path(&new, "education").as_deref(), Some("IV.10.a"));
        assert_eq!(path(&old, "rule9.applied"), None);
        assert_eq!(path(&new, "rule9.applied").as_deref(), Some("I.9.a"));
    }

    #[test]
    fn similarity_at_least_agrees_with_similarity_on_random_keys() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet: Vec<char> = "abc特定個人情報".chars().collect();
        for _ in 0..3000 {
            let mut word = |len: u64| -> String {
                (0..next() % len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            };
            let (a, b) = (word(24), word(24));
            let s = similarity(&a, &b);
            for min in [0.0, 0.3, 0.6, 0.85, 0.9, 1.0] {
                assert_eq!(
                    similarity_at_least(&a, &b, min),
                    (s >= min).then_some(s),
                    "{a} {b} {min}"
                );
            }
        }
    }

    #[test]
    fn keys_ignore_numbering_marks_and_spacing() {
        assert_eq!(label_key("１．対象人數"), "対象人数");
        assert_eq!(
            label_key("8,特定個人情報ファイルの取扱いに関する問合せ"),
            "特定個人情報ファイルの取扱いに関する問合せ"
        );
        assert_eq!(label_key("②事務の内容 ※"), "②事務の内容");
        assert_eq!(
            label_key("人為的ミスが発生するリスク への対策は十分か"),
            "人為的ミスが発生するリスクへの対策は十分か"
        );
        assert_eq!(bare_key("①部署"), "部署");
    }

    #[test]
    fn similarity_is_sane() {
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert!(
            similarity(
                "入手した特定個人情報が不正確であるリスク",
                "入手した特定個人情報ที่ไม่正確であるリスク"
            ) > 0.7
        );
        assert!(similarity("委託しない", "提供・移転しない") < 0.6);
        for (a, b) in [
            ("abc", "abc"),
            ("", ""),
            ("特定個人情報ファイル名", "特定個人情報ファイル"),
            ("委託しない", "提供・移転しない"),
            (
                "リスク1:目的外の入手が行われるリスク",
                "リスク1:目的外の入手が行われるリスク等",
            ),
            ("abcdefghij", "abcdefghix"),
            ("abcdefghij", "bcdefghijk"),
            ("abcdefghijklmnopqrst", "abcdefghijklmnopqrs"),
            ("abcdefghijklmnopqrst", "xbcdefghijklmnopqrsy"),
            (
                "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)",
                "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く)",
            ),
            (
                "リスク2:不適切な方法で入手が行われるリスク",
                "リスク3:入手した特定個人情報が不正確であるリスク",
            ),
            ("a", "b"),
            ("ab", "ba"),
        ] {
            for min in [0.0, 0.5, 0.8, 0.85, 0.9, 0.95, 1.0] {
                let s = similarity(a, b);
                assert_eq!(
                    similarity_at_least(a, b, min),
                    (s >= min).then_some(s),
                    "{a} {b} {min}"
                );
            }
        }
    }

    #[test]
    fn juten_and_zenkomoku_share_ids_only_for_the_same_question() {
        let juten = Catalog::juten().version("current").unwrap();
        let zen = Catalog::zenkomoku().version("current").unwrap();
        let find = |v: &FormVersion, id: &str| v.entries.iter().find(|e| e.id == id).cloned();
        for id in [
            "file.kind",
            "file.subjects_count",
            "affairs.name",
            "network_linkage.implemented",
            "system.connections",
            "outsourcing.implemented",
            "retention.r1.serious_incident",
        ] {
            assert!(
                find(&juten, id).is_some() && find(&zen, id).is_some(),
                "{id}"
            );
        }
        // Different wording (担保/確保) and choice 1: different ids.
        assert!(find(&juten, "outsourcing.subcontractor_assurance").is_some());
        assert!(find(&zen, "outsourcing.subcontractor_assurance").is_none());
        assert!(find(&zen, "outsourcing.subcontractor_securing").is_some());
        assert!(find(&juten, "outsourcing.subcontractor_securing").is_none());
        // 監査: a checkbox set in 重点, two choices in 全項目.
        assert!(find(&zen, "audit").is_none());
        // Every shared id: same label (ignoring ※, spaces, circled number), type, list, options, group.
        let mut shared = 0;
        for a in juten.entries.iter().filter(|e| !e.id.is_empty()) {
            let Some(b) = find(&zen, &a.id) else { continue };
            shared += 1;
            assert_eq!(bare_key(&a.keys[0]), bare_key(&b.keys[0]), "{}", a.id);
            assert_eq!(a.role, b.role, "{}", a.id);
            assert_eq!(a.choices, b.choices, "{}", a.id);
            assert_eq!(a.options, b.options, "{}", a.id);
            assert_eq!(a.group, b.group, "{}", a.id);
        }
        assert!(shared > 50);
    }
}
