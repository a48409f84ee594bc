//! What both sides of a comparison go through before lines are compared: only what
//! legitimately differs between the guide's cluster and the simulator's is erased.
//!
//! - whitespace: TABs and runs of blanks become one space, ends are trimmed (the guide
//!   renders TABs as spaces and indents by hand, docs/kmu.md §0.2); a typed line follows its
//!   prompt or question with no space (`aws-cloudhsm>cmd`, `(y/n)?y`, docs/cmu.md A-3);
//! - addresses and IDs: IPv4 addresses become `<ip>`, HSM IDs (`hsm-` + 11) `<hsm>`;
//! - key handles and user IDs, where their place says what they are: after `Key Handle:`,
//!   `key handle:`, `Owned by user`, after the options `-k -w -o -u` and as the first
//!   arguments of CMU's key and sync commands, and in lines that hold only numbers (handle
//!   and user lists), every digit run becomes `#`;
//! - values of one HSM or one moment: getHSMInfo's serial number, free memory and
//!   temperature, token validity, BER lengths, clock times;
//! - random bytes: KCVs, hex dumps, long hex strings (key hashes, moduli);
//! - the order of KMU's per-node status lines, which follows the order nodes answered in
//!   (docs/kmu.md A-30): each run of `Node id` lines is sorted ([`node_order`]).

/// Questions whose typed answer follows on the same line.
const QUESTIONS: [&str; 4] = ["(y/n)?", "(R/I/A):", "(R/B/I):", "(0 or 1):"];
/// Phrases followed by a handle or user ID.
const NUMBER_AFTER: [&str; 6] = ["handle:", "owned by user", "-k", "-w", "-o", "-u"];
/// CMU commands whose first one or two arguments are handles or user IDs.
const ID_COMMANDS: [(&str, usize); 7] = [
    ("getAttribute", 1),
    ("getKeyInfo", 1),
    ("setAttribute", 1),
    ("shareKey", 2),
    ("syncKey", 1),
    ("syncUser", 1),
    ("findAllKeys", 1),
];
/// getHSMInfo fields and other labels whose value belongs to one HSM or one moment.
const VARYING_VALUES: [&str; 7] = [
    "Serial Number :",
    "FreePublicMemory :",
    "FreePrivateMemory :",
    "Temperature :",
    "Token Validity:",
    "BER encoded key length is",
    "Firmware ID :",
];

/// `line` as it is compared.
pub(super) fn line(line: &str) -> String {
    let mut text = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(len) = prompt_len(&text) {
        if text[len..].starts_with(' ') {
            text.remove(len);
        }
    }
    for question in QUESTIONS {
        text = text.replace(&format!("{question} "), question);
    }
    for label in VARYING_VALUES {
        if let Some(at) = text.find(label) {
            text.truncate(at + label.len());
            text.push_str("<v>");
        }
    }
    let text = ids(&text);
    let text = map_words(&text, |w| replace_in(w, "hsm-", 11, "<hsm>"));
    let text = map_words(&text, ipv4);
    random_bytes(&text)
}

/// The length of the CMU prompt (`aws-cloudhsm>`, `server0>`, the guide's `server>`) that
/// `text` starts with.
fn prompt_len(text: &str) -> Option<usize> {
    if text.starts_with("aws-cloudhsm>") {
        return Some("aws-cloudhsm>".len());
    }
    let digits = text.strip_prefix("server")?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    (digits.as_bytes().get(n) == Some(&b'>')).then_some("server".len() + n + 1)
}

/// Every word of `text` through `f`.
fn map_words(text: &str, f: impl Fn(&str) -> String) -> String {
    text.split(' ').map(f).collect::<Vec<_>>().join(" ")
}

/// Digit runs of `word` as `#`.
fn mask_digits(word: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in word.chars() {
        if c.is_ascii_digit() {
            if !in_run {
                out.push('#');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// Handles and user IDs masked where their place names them.
fn ids(text: &str) -> String {
    let is_list = !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ", ()os".contains(c));
    if is_list {
        return mask_digits(text);
    }
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    for (i, word) in words.iter_mut().enumerate() {
        let before = lower[..i].join(" ");
        if NUMBER_AFTER.iter().any(|p| before.ends_with(p)) || is_id_argument(&lower, i) {
            *word = mask_digits(word);
        }
        if word.starts_with("attr_") {
            *word = mask_digits(word);
        }
    }
    words.join(" ")
}

/// Whether word `i` is an ID argument of a CMU key or sync command (`-k` skipped).
fn is_id_argument(lower: &[String], i: usize) -> bool {
    let Some(first) = lower.first() else {
        return false;
    };
    let command = first.rsplit('>').next().unwrap_or_default();
    ID_COMMANDS.iter().any(|(name, count)| {
        let args: Vec<usize> = (1..lower.len()).filter(|&k| lower[k] != "-k").collect();
        command == name.to_lowercase() && args.iter().take(*count).any(|&k| k == i)
    })
}

/// `prefix` plus `len` lowercase alphanumerics inside `word` replaced by `with`.
fn replace_in(word: &str, prefix: &str, len: usize, with: &str) -> String {
    let Some(at) = word.find(prefix) else {
        return word.to_owned();
    };
    let tail = &word[at + prefix.len()..];
    let id_len = tail
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .count();
    if id_len != len {
        return word.to_owned();
    }
    format!("{}{with}{}", &word[..at], &tail[id_len..])
}

/// IPv4 addresses inside `word` as `<ip>`.
fn ipv4(word: &str) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(tail.len());
        let candidate = tail[..len].trim_end_matches('.');
        let parts: Vec<&str> = candidate.split('.').collect();
        if parts.len() == 4 && parts.iter().all(|p| !p.is_empty()) {
            out.push_str("<ip>");
            rest = &tail[candidate.len()..];
        } else {
            out.push_str(&tail[..len]);
            rest = &tail[len..];
        }
    }
    out.push_str(rest);
    out
}

/// KCVs, hex dumps and long hex strings erased.
fn random_bytes(text: &str) -> String {
    let is_hex = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_hexdigit());
    let words: Vec<&str> = text.split(' ').collect();
    if words.len() > 1 && words.iter().all(|w| w.len() == 2 && is_hex(w)) {
        return "<bytes>".to_owned();
    }
    if let Some(kcv) = text.strip_prefix("0x") {
        if kcv.len() == 6 && is_hex(kcv) {
            return "<kcv>".to_owned();
        }
    }
    map_words(text, |w| {
        let bare = w.strip_prefix("0x").unwrap_or(w);
        if bare.len() >= 32 && is_hex(bare) {
            "<hex>".to_owned()
        } else {
            w.to_owned()
        }
    })
}

/// `lines` with each run of consecutive `Node id ...` lines sorted.
pub(super) fn node_order(mut lines: Vec<String>) -> Vec<String> {
    let mut start = 0;
    while start < lines.len() {
        let len = lines[start..]
            .iter()
            .take_while(|l| l.starts_with("Node id "))
            .count();
        lines[start..start + len].sort();
        start += len.max(1);
    }
    lines
}
