//! Just enough PEM, base64 and DER for the tool's own client-side checks: spotting the
//! fake-PEM marker of `getCaviumPrivKey` files (docs/kmu.md §2.17.1), telling a private-key
//! PEM from anything else, and encoding an RSA public key for `createPublicKey`.
//! Self-written on purpose: the command-line tools link no crypto crates.

/// A PEM block: its label (`RSA PRIVATE KEY`) and whether it carries encryption headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pem {
    pub label: String,
    pub der: Vec<u8>,
    pub encrypted: bool,
}

/// The first PEM block of `text`.
pub(crate) fn pem(text: &[u8]) -> Option<Pem> {
    let text = std::str::from_utf8(text).ok()?;
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_owned();
    let body_start = label_end + 5;
    let end = rest.find(&format!("-----END {label}-----"))?;
    let body = rest.get(body_start..end)?;
    let encrypted = body.contains("Proc-Type: 4,ENCRYPTED") || label.starts_with("ENCRYPTED");
    let base64: String = body
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    Some(Pem {
        label,
        der: base64_decode(&base64)?,
        encrypted,
    })
}

/// PEM text for `der` under `label`, 64 characters per line.
pub(crate) fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes().take_while(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c)?;
        acc = (acc << 6) | u32::try_from(v).ok()?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

fn base64_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One DER element: its tag and contents, and what follows it.
fn element(data: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = data.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The elements inside a SEQUENCE.
fn sequence(data: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let (tag, mut content, _) = element(data)?;
    if tag != 0x30 {
        return None;
    }
    let mut items = Vec::new();
    while !content.is_empty() {
        let (t, c, rest) = element(content)?;
        items.push((t, c));
        content = rest;
    }
    Some(items)
}

/// The private exponent `d` of an RSA private key (PKCS#1, or PKCS#8 around it), as
/// minimal big-endian bytes.
pub(crate) fn rsa_private_exponent(pem: &Pem) -> Option<Vec<u8>> {
    let pkcs1 = match pem.label.as_str() {
        "RSA PRIVATE KEY" => pem.der.clone(),
        "PRIVATE KEY" => {
            let items = sequence(&pem.der)?;
            let (tag, octets) = *items.get(2)?;
            (tag == 0x04).then(|| octets.to_vec())?
        }
        _ => return None,
    };
    let items = sequence(&pkcs1)?;
    let (tag, d) = *items.get(3)?;
    if tag != 0x02 || items.len() < 9 {
        return None;
    }
    let first = d.iter().position(|b| *b != 0).unwrap_or(d.len());
    Some(d[first..].to_vec())
}

/// The two markers of fake keys, as the bytes start `d` on a little-endian host.
const MARKERS: [[u8; 4]; 2] = [[0xea, 0xfc, 0xfc, 0xee], [0xed, 0xfe, 0xfe, 0xca]];

/// Whether `d` carries a fake-PEM marker.
pub(crate) fn is_fake(d: &[u8]) -> bool {
    d.len() >= 16 && MARKERS.iter().any(|m| d[..4] == *m)
}

/// The 32-bit handle at bytes 8..11 (IsValidKeyHandlefile).
pub(crate) fn fake_handle32(d: &[u8]) -> u32 {
    u32::from_le_bytes([d[8], d[9], d[10], d[11]])
}

/// The 64-bit handle at bytes 8..15 (importPrivateKey's refusal), as C's `%lld` shows it.
pub(crate) fn fake_handle64(d: &[u8]) -> i64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[8..16]);
    i64::from_le_bytes(b)
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | u8::try_from(bytes.len()).unwrap_or(0));
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn integer(be: &[u8]) -> Vec<u8> {
    let first = be
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(be.len().saturating_sub(1));
    let mut v = be[first..].to_vec();
    if v.is_empty() {
        v.push(0);
    }
    if v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    tlv(0x02, &v)
}

/// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo) for an RSA modulus and exponent.
pub(crate) fn rsa_public_pem(modulus: &[u8], exponent: u64) -> String {
    let rsa_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    let mut algorithm = rsa_oid.to_vec();
    algorithm.extend([0x05, 0x00]);
    let key = tlv(
        0x30,
        &[integer(modulus), integer(&exponent.to_be_bytes())].concat(),
    );
    let mut bits = vec![0u8];
    bits.extend(key);
    let spki = tlv(0x30, &[tlv(0x30, &algorithm), tlv(0x03, &bits)].concat());
    to_pem("PUBLIC KEY", &spki)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"abcd", &[0xff, 0x00, 0x10]] {
            assert_eq!(base64_decode(&base64_encode(data)).as_deref(), Some(data));
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
    }

    fn fake_rsa_pem() -> String {
        let mut d = vec![0u8; 64];
        for chunk in d.chunks_mut(4) {
            chunk.copy_from_slice(&MARKERS[0]);
        }
        d[8..16].copy_from_slice(&262_150u64.to_le_bytes());
        let fields = [
            integer(&[0]),
            integer(&[0xc1; 64]),
            integer(&[1, 0, 1]),
            integer(&d),
            integer(&[0]),
            integer(&[0]),
            integer(&[0]),
            integer(&[0]),
            integer(&[0]),
        ];
        to_pem("RSA PRIVATE KEY", &tlv(0x30, &fields.concat()))
    }

    #[test]
    fn finds_the_fake_marker_and_handle() {
        let pem = pem(fake_rsa_pem().as_bytes()).expect("pem");
        assert!(!pem.encrypted);
        let d = rsa_private_exponent(&pem).expect("d");
        assert!(is_fake(&d));
        assert_eq!(fake_handle32(&d), 262_150);
        assert_eq!(fake_handle64(&d), 262_150);
    }

    #[test]
    fn public_pem_parses_back() {
        let text = rsa_public_pem(&[0xc1; 256], 65537);
        let pem = pem(text.as_bytes()).expect("pem");
        assert_eq!(pem.label, "PUBLIC KEY");
        let items = sequence(&pem.der).expect("spki");
        assert_eq!(items.len(), 2);
    }
}
